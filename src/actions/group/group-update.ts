import { updateDef } from './defs.ts';
import { groupUpdate } from '../../auth/rules-group.ts';

export default updateDef('group', groupUpdate);
