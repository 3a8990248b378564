import { defineAction } from '../../actions/types.ts';
import { activeTable, editableResource, saveCatalogue } from '../catalogue.ts';
import { markActive } from '../load.ts';
import { jsonParam } from '../query.ts';
import { dropTable } from '../store.ts';
import { BOOL, checkWritable, dataEdit, deleteMatching, echo, requireResourceId } from './common.ts';

export default defineAction({
  name: 'datastore_delete',
  tag: 'datastore',
  description: `Delete records, or the whole DataStore table, of a resource.

:param resource_id: the resource
:param filters: {field: value | [values]}: delete the matching records; without filters the table is dropped
    and the resource's datastore_active becomes false (an attached descriptor stays)
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
    const t = await activeTable(ctx.db, ref.id, true);
    const filters = jsonParam('filters', input.filters);
    if (filters && typeof filters === 'object' && Object.keys(filters).length)
      return echo(input, { resource_id: ref.id, deleted_count: await deleteMatching(ctx, t, filters) });
    await dropTable(ctx.db, ref.id);
    await saveCatalogue(ctx.db, { ...t, active: false, fields: [], primary_key: [], indexes: [] });
    await markActive(ctx, t, false);
    return echo(input, { resource_id: ref.id });
  },
});
