import { listDef } from './defs.ts';

export default listDef('organization');
