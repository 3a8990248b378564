import { patchDef } from './defs.ts';
import { organizationUpdate } from '../../auth/rules-group.ts';

export default patchDef('organization', organizationUpdate);
