import { defineAction } from '../../actions/types.ts';
import { NotFound } from '../../errors.ts';
import { operator } from '../../auth/rules.ts';
import { isUuid } from '../../db/ref.ts';
import { objectDict } from '../objects.ts';

export default defineAction({
  name: 'harvest_object_show',
  tag: 'harvest',
  description: `One harvest object: the source's record as received, its guid, the dataset it became, the
report status (added, updated, deleted, errored) and errors. Operators and sysadmins.

:param id: the object's id (the harvest_object_id extra of a harvested dataset)`,
  sideEffectFree: true,
  input: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
  auth: operator,
  async handler(ctx, input) {
    const o = isUuid(input.id)
      ? await ctx.db.selectFrom('harvest_object').selectAll().where('id', '=', input.id).executeTakeFirst()
      : undefined;
    if (!o) throw new NotFound(`Harvest object "${input.id}" was not found.`);
    return objectDict(o);
  },
});
