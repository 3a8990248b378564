import { defineAction } from '../types.ts';
import { resourceEdit } from '../../auth/rules.ts';
import { findResource } from '../../packages/resources.ts';
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
  auth: resourceEdit,
  async handler(ctx, input: { id: string }) {
    const row = await findResource(ctx, input.id);
    await ctx.db.updateTable('resource').set({ state: 'deleted', metadata_modified: nowIso() }).where('id', '=', row.id).execute();
    await touchPackage(ctx, row.package_id);
    return null;
  },
});
