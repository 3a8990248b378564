import { defineAction } from '../types.ts';
import { resourceByKey, resourceEdit, type ResourceTarget } from '../../auth/rules.ts';
import { requireTarget } from '../../packages/resources.ts';
import { touchPackage } from '../../packages/write.ts';
import { nowIso } from '../../packages/time.ts';

export default defineAction({
  name: 'resource_delete',
  tag: 'resources',
  description: `Delete a resource: it disappears from its dataset.

:param id: the resource id
:rtype: null`,
  sideEffectFree: false,
  input: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
  resolve: resourceByKey('id'),
  auth: resourceEdit,
  async handler(ctx, _input: { id: string }, target?: ResourceTarget) {
    const { resource } = requireTarget(target);
    await ctx.db
      .updateTable('resource')
      .set({ state: 'deleted', metadata_modified: nowIso() })
      .where('id', '=', resource.id)
      .execute();
    await touchPackage(ctx, resource.package_id);
    return null;
  },
});
