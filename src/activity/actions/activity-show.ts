import { defineAction } from '../../actions/types.ts';
import { NotAuthorized, NotFound, ValidationError } from '../../errors.ts';
import { anyone } from '../../auth/rules.ts';
import { UUID } from '../../packages/names.ts';
import { activityDict, readerLabels } from '../query.ts';

export default defineAction({
  name: 'activity_show',
  tag: 'activity',
  description: `Return one activity.

:param id: the activity id
:param include_data: the object as it was after the change (default true)
:rtype: {id, timestamp, user_id, object_id, activity_type, data, permission_labels}`,
  sideEffectFree: true,
  input: { type: 'object', properties: { id: { type: 'string' }, include_data: { type: 'boolean' } } },
  auth: anyone,
  async handler(ctx, input) {
    if (!input.id) throw new ValidationError({ id: ['Missing value'] });
    const row = UUID.test(input.id)
      ? await ctx.db.selectFrom('activity').selectAll().where('id', '=', input.id).executeTakeFirst()
      : undefined;
    if (!row) throw new NotFound('Activity not found');
    const labels = await readerLabels(ctx);
    if (labels && !row.permission_labels.some((l) => labels.includes(l)))
      throw new NotAuthorized(`User ${ctx.user?.name ?? ''} not authorized to read activity ${row.id}`);
    return activityDict(row, input.include_data !== false);
  },
});
