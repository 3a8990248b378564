import { showDef } from './defs.ts';

export default showDef('organization');
