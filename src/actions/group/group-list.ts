import { listDef } from './defs.ts';

export default listDef('group');
