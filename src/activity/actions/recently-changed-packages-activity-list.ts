import { defineAction } from '../../actions/types.ts';
import { anyone } from '../../auth/rules.ts';
import { listActivities, listParams, type ListInput } from '../query.ts';

export default defineAction({
  name: 'recently_changed_packages_activity_list',
  tag: 'activity',
  description: `Return the activities of every dataset, newest first: the site's recent changes.

:param offset, limit, after, before, activity_types, exclude_activity_types, include_data: as package_activity_list
:rtype: list of activities

Private datasets' activities are shown only to those who may read them.`,
  sideEffectFree: true,
  input: { type: 'object', properties: { ...listParams } },
  auth: anyone,
  async handler(ctx, input: ListInput) {
    return listActivities(ctx, input, (q) =>
      q.where('activity_type', 'in', ['new package', 'changed package', 'deleted package']),
    );
  },
});
