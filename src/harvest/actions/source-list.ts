import { defineAction } from '../../actions/types.ts';
import { operator } from '../../auth/rules.ts';
import { sourceDict } from '../sources.ts';

export default defineAction({
  name: 'harvest_source_list',
  tag: 'harvest',
  description: `Every active harvest source, by name. Operators and sysadmins.

:param organization_id: only the sources feeding this organization (id)
:param only_active: only sources not paused`,
  sideEffectFree: true,
  input: { type: 'object', properties: { organization_id: { type: 'string' }, only_active: { type: 'boolean' } } },
  auth: operator,
  async handler(ctx, input) {
    let q = ctx.db.selectFrom('harvest_source').selectAll().where('state', '=', 'active').orderBy('name');
    if (input.organization_id) q = q.where('owner_org', '=', input.organization_id);
    if (input.only_active) q = q.where('active', '=', true);
    const out = [];
    for (const s of await q.execute()) out.push(await sourceDict(ctx.db, s));
    return out;
  },
});
