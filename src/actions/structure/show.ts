import { defineAction } from '../types.ts';
import { anyone } from '../../auth/rules.ts';
import { requireStructure, structureDict } from './common.ts';

export default defineAction({
  name: 'structure_show',
  tag: 'structures',
  description: `Return an organizational structure.

:param id: id or code of the structure
:rtype: {id, code, name_translated}`,
  sideEffectFree: true,
  input: { type: 'object', properties: { id: { type: 'string', description: 'id or code' } } },
  auth: anyone,
  async handler(ctx, input) {
    return structureDict(await requireStructure(ctx, input.id));
  },
});
