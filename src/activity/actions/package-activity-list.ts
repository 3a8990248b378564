import { defineAction } from '../../actions/types.ts';
import { NotFound, ValidationError } from '../../errors.ts';
import { packageRead, packageByKeys } from '../../auth/rules.ts';
import { findPackageRow } from '../../packages/dictize.ts';
import { listActivities, listParams, type ListInput } from '../query.ts';

export default defineAction({
  name: 'package_activity_list',
  tag: 'activity',
  description: `Return a dataset's activity stream (newest first).

:param id: id or name of the dataset
:param offset, limit: paging (limit default 31, at most 100)
:param after, before: only activities after / before this time (seconds since the epoch, or ISO)
:param activity_types, exclude_activity_types: e.g. ["changed package"]
:param include_data: the whole dataset as it was after each change (default: only its title)
:rtype: [{id, timestamp, user_id, object_id, activity_type, data, permission_labels}]

Activities of a private (or draft, or deleted) dataset are shown only to those who may read it.`,
  sideEffectFree: true,
  input: { type: 'object', properties: { id: { type: 'string' }, ...listParams } },
  // The rule checks exactly the dataset the handler acts on, resolved once by `id`.
  resolve: packageByKeys('id'),
  auth: packageRead,
  async handler(ctx, input: ListInput & { id?: string }) {
    if (!input.id) throw new ValidationError({ id: ['Missing value'] });
    const row = await findPackageRow(ctx.db, input.id);
    if (!row) throw new NotFound('Package not found');
    return listActivities(ctx, input, (q) => q.where('object_id', '=', row.id));
  },
});
