import { createDef } from './defs.ts';

export default createDef('group');
