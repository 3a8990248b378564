import { defineAction } from '../../actions/types.ts';
import { NotFound, ValidationError } from '../../errors.ts';
import { anyone } from '../../auth/rules.ts';
import { byRef } from '../../db/ref.ts';
import { listActivities, listParams, type ListInput } from '../query.ts';

export default defineAction({
  name: 'user_activity_list',
  tag: 'activity',
  description: `Return a user's activity stream: what they did, and changes to their own record (newest first).

:param id: id or name of the user
:param offset, limit, after, before, activity_types, exclude_activity_types, include_data: as package_activity_list
:rtype: list of activities

Each activity is shown only to those who may see it (private datasets: their organization's members).`,
  sideEffectFree: true,
  input: { type: 'object', properties: { id: { type: 'string' }, ...listParams } },
  auth: anyone,
  async handler(ctx, input: ListInput & { id?: string }) {
    if (!input.id) throw new ValidationError({ id: ['Missing value'] });
    const user = await byRef(ctx.db, 'user', input.id);
    if (!user) throw new NotFound('User not found');
    return listActivities(ctx, input, (q) =>
      q.where((eb) => eb.or([eb('user_id', '=', user.id), eb('object_id', '=', user.id)])),
    );
  },
});
