import { updateDef } from './defs.ts';
import { organizationUpdate } from '../../auth/rules-group.ts';

export default updateDef('organization', organizationUpdate);
