import { defineAction } from '../../actions/types.ts';
import { editableResource } from '../catalogue.ts';
import { checkedDescriptor } from '../fields.ts';
import { attachDescriptor } from '../load.ts';
import { dataEdit, requireResourceId } from './common.ts';

export default defineAction({
  name: 'descriptor_update',
  tag: 'datastore',
  description: `Attach a meta/fields descriptor to a resource (or replace it). When the resource already has a
DataStore table, its columns follow the descriptor (new fields are added; none is dropped). Later loads
(datastore_upsert, datastore_upload) are validated by it.

:param resource_id: the resource
:param descriptor: the descriptor (the "meta" object, or a whole {meta, data} document), object or JSON text
:rtype: the descriptor`,
  sideEffectFree: false,
  input: {
    type: 'object',
    properties: { resource_id: { type: 'string' }, id: { type: 'string' }, descriptor: { type: ['object', 'string'] } },
    required: ['descriptor'],
  },
  auth: dataEdit,
  async handler(ctx, input: Record<string, any>) {
    const ref = await editableResource(ctx, requireResourceId(input));
    const descriptor = checkedDescriptor(input.descriptor, ctx.config.languages, ctx.config.requiredLanguages);
    await attachDescriptor(ctx, ref.id, ref.package_id, descriptor);
    return descriptor;
  },
});
