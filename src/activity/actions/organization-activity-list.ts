import { defineAction } from '../../actions/types.ts';
import { NotFound, ValidationError } from '../../errors.ts';
import { anyone } from '../../auth/rules.ts';
import { whereRef } from '../../db/ref.ts';
import { listActivities, listParams, type ListInput } from '../query.ts';

export default defineAction({
  name: 'organization_activity_list',
  tag: 'activity',
  description: `Return an organization's activity stream: changes to the organization and to its datasets
(newest first).

:param id: id or name of the organization
:param offset, limit, after, before, activity_types, exclude_activity_types, include_data: as package_activity_list
:rtype: list of activities

Activities of private datasets are shown only to the organization's members, operators and sysadmins.`,
  sideEffectFree: true,
  input: { type: 'object', properties: { id: { type: 'string' }, ...listParams } },
  auth: anyone,
  async handler(ctx, input: ListInput & { id?: string }) {
    if (!input.id) throw new ValidationError({ id: ['Missing value'] });
    const org = await whereRef(
      ctx.db.selectFrom('group').select('id').where('is_organization', '=', true),
      'group',
      input.id,
    ).executeTakeFirst();
    if (!org) throw new NotFound('Organization not found');
    return listActivities(ctx, input, (q) =>
      q.where((eb) => eb.or([eb('object_id', '=', org.id), eb('owner_org', '=', org.id)])),
    );
  },
});
