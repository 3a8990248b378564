import { defineAction } from '../../actions/types.ts';
import { ValidationError } from '../../errors.ts';
import { activeTable, editableResource } from '../catalogue.ts';
import { jsonParam } from '../query.ts';
import { BOOL, checkWritable, dataEdit, deleteMatching, echo, requireResourceId } from './common.ts';

export default defineAction({
  name: 'datastore_records_delete',
  tag: 'datastore',
  description: `Delete the records matching filters; the table always stays.

:param resource_id: the resource
:param filters: {field: value | [values]} (required; {} deletes every record)
:param force: required (true) when the resource's url_type is not "datastore"
:rtype: the request echoed back`,
  sideEffectFree: false,
  input: {
    type: 'object',
    properties: {
      resource_id: { type: 'string' },
      id: { type: 'string' },
      filters: { type: ['object', 'string'] },
      force: BOOL,
    },
  },
  auth: dataEdit,
  async handler(ctx, input: Record<string, any>) {
    const ref = await editableResource(ctx, requireResourceId(input));
    checkWritable(ref, input.force);
    if (input.filters === undefined || input.filters === null) throw ValidationError.field('filters', 'Missing value');
    const t = await activeTable(ctx.db, ref.id, true);
    const filters = jsonParam('filters', input.filters);
    const n = await deleteMatching(ctx, t, filters);
    return echo(input, { resource_id: ref.id, filters, deleted_count: n });
  },
});
