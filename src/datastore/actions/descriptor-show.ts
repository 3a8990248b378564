import { defineAction } from '../../actions/types.ts';
import { NotFound } from '../../errors.ts';
import { catalogueRow, readableResource } from '../catalogue.ts';
import { dataRead, requireResourceId } from './common.ts';

export default defineAction({
  name: 'descriptor_show',
  tag: 'datastore',
  description: `Return the meta/fields descriptor attached to a resource.

:param resource_id: the resource (or id)
:rtype: the descriptor (the "meta" object of the Kazakh format)`,
  sideEffectFree: true,
  input: { type: 'object', properties: { resource_id: { type: 'string' }, id: { type: 'string' } } },
  auth: dataRead,
  async handler(ctx, input: Record<string, any>) {
    const ref = await readableResource(ctx, requireResourceId(input));
    const row = await catalogueRow(ctx.db, ref.id);
    if (!row?.descriptor) throw new NotFound('The resource has no descriptor');
    return row.descriptor;
  },
});
