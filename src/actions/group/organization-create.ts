import { createDef } from './defs.ts';

export default createDef('organization');
