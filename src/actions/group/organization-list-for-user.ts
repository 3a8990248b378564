import { defineAction } from '../types.ts';
import { anyone } from '../../auth/rules.ts';
import { atLeast, type Capacity } from '../../auth/permissions.ts';
import { byRef } from '../../db/ref.ts';
import { baseDict, publicCount } from './common.ts';

/** CKAN's permission -> the least capacity that holds it (ckan/authz.py ROLE_PERMISSIONS). */
const NEEDS: Record<string, Capacity> = {
  read: 'member',
  manage_group: 'admin',
  membership: 'admin',
  update: 'admin',
  delete: 'admin',
  create_group: 'admin',
  create_dataset: 'editor',
  update_dataset: 'editor',
  delete_dataset: 'editor',
  read_dataset: 'member',
};
/** Permissions about adding datasets, which an inactive organization no longer receives. */
const INTAKE = new Set(['create_dataset']);

export default defineAction({
  name: 'organization_list_for_user',
  tag: 'organizations',
  description: `Return the organizations a user has a permission in, with the user's capacity.

:param id: id or name of the user (default: the caller)
:param permission: \`manage_group\` (default: admin organizations), \`read\` (any membership),
  \`create_dataset\` (editor and above)
:param include_dataset_count: add package_count (public datasets)
:rtype: list of dictionaries with \`capacity\`

Sysadmins and operators get every organization, as admin; anonymous callers get []. With
create_dataset, deactivated organizations are left out, since they receive no new datasets.`,
  sideEffectFree: true,
  input: {
    type: 'object',
    properties: { id: { type: 'string' }, permission: { type: 'string' }, include_dataset_count: { type: 'boolean' } },
  },
  auth: anyone,
  async handler(ctx, input) {
    const ref = input.id || ctx.user?.id;
    if (!ref) return [];
    const found = await byRef(ctx.db, 'user', ref);
    const user = found?.state === 'active' ? found : undefined;
    if (!user) return [];
    const permission = input.permission || 'manage_group';
    const need = NEEDS[permission];
    if (!need) return [];
    const everything = user.sysadmin || user.operator;
    let q = ctx.db
      .selectFrom('group')
      .selectAll('group')
      .select(publicCount(true).as('package_count'))
      .where('group.is_organization', '=', true)
      .where('group.state', '=', 'active');
    if (INTAKE.has(permission)) q = q.where('group.active', '=', true);
    const rows = everything
      ? (await q.execute()).map((r) => ({ ...r, capacity: 'admin' }))
      : (
          await q
            .innerJoin('member', 'member.group_id', 'group.id')
            .select('member.capacity')
            .where('member.table_name', '=', 'user')
            .where('member.table_id', '=', user.id)
            .where('member.state', '=', 'active')
            .execute()
        ).filter((r) => atLeast(r.capacity, need));
    rows.sort((a, b) => {
      const ta = (a.title || a.name).toLowerCase(),
        tb = (b.title || b.name).toLowerCase();
      return ta < tb ? -1 : ta > tb ? 1 : a.name < b.name ? -1 : 1;
    });
    return rows.map(({ package_count, capacity, ...g }) => ({
      ...baseDict(ctx, g),
      capacity,
      ...(input.include_dataset_count ? { package_count: Number(package_count) } : {}),
    }));
  },
});
