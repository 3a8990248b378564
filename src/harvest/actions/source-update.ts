import { defineAction } from '../../actions/types.ts';
import { operator } from '../../auth/rules.ts';
import { requireSource, sourceDict, sourceValues, SOURCE_INPUT } from '../sources.ts';

export default defineAction({
  name: 'harvest_source_update',
  tag: 'harvest',
  description: `Change a harvest source; keys not given keep their value (config replaces the whole config;
an api_key inside it replaces the stored one). Operators and sysadmins.

:param id: id or name of the source
:rtype: the source (harvest_source_show)`,
  sideEffectFree: false,
  input: { type: 'object', properties: SOURCE_INPUT, required: ['id'] },
  auth: operator,
  async handler(ctx, input: Record<string, any>) {
    const stored = await requireSource(ctx.db, input.id);
    const v = await sourceValues(ctx, input, stored);
    const row = await ctx.db
      .updateTable('harvest_source')
      .set(v)
      .where('id', '=', stored.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return sourceDict(ctx.db, row);
  },
});
