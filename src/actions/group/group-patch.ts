import { patchDef } from './defs.ts';
import { groupUpdate } from '../../auth/rules-group.ts';

export default patchDef('group', groupUpdate);
