import { deleteDef } from './defs.ts';

export default deleteDef('group');
