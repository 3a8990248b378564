import { defineAction } from '../types.ts';
import { anyone } from '../../auth/rules.ts';
import { structureDict } from './common.ts';

export default defineAction({
  name: 'structure_list',
  tag: 'structures',
  description: `Return the organizational structures, by code.

:rtype: list of {id, code, name_translated}`,
  sideEffectFree: true,
  input: { type: 'object', properties: {} },
  auth: anyone,
  async handler(ctx) {
    const rows = await ctx.db.selectFrom('structure').selectAll().where('state', '=', 'active').execute();
    // Codes are digits: order them as numbers, so 10 follows 9.
    rows.sort((a, b) => Number(a.code) - Number(b.code) || (a.code < b.code ? -1 : 1));
    return rows.map(structureDict);
  },
});
