import { defineAction } from '../../actions/types.ts';
import { ValidationError } from '../../errors.ts';
import { activeTable, editableResource } from '../catalogue.ts';
import { loadRecords } from '../load.ts';
import { jsonParam } from '../query.ts';
import { BOOL, checkWritable, dataEdit, echo, requireResourceId } from './common.ts';

export default defineAction({
  name: 'datastore_upsert',
  tag: 'datastore',
  description: `Insert, update or upsert records of a resource's DataStore table.

:param resource_id: the resource
:param records: the records; with a descriptor they are validated by it (every problem is reported with the
    record index and field path in "records_errors", and nothing is written unless the whole batch is valid)
:param method: "upsert" (default), "insert" or "update"; upsert and update need a primary key or _id
:param dry_run: check and write inside a savepoint that is rolled back
:param force: required (true) when the resource's url_type is not "datastore"
:rtype: the request echoed back`,
  sideEffectFree: false,
  input: {
    type: 'object',
    properties: {
      resource_id: { type: 'string' },
      id: { type: 'string' },
      records: { type: ['array', 'string'] },
      method: { enum: ['upsert', 'insert', 'update'] },
      force: BOOL,
      dry_run: BOOL,
      calculate_record_count: BOOL,
    },
    required: ['records'],
  },
  auth: dataEdit,
  async handler(ctx, input: Record<string, any>) {
    const ref = await editableResource(ctx, requireResourceId(input));
    checkWritable(ref, input.force);
    const t = await activeTable(ctx.db, ref.id);
    const records = jsonParam('records', input.records);
    if (!Array.isArray(records)) throw ValidationError.field('records', 'Must be a list');
    const method = input.method ?? 'upsert';
    if (method !== 'insert' && !t.primary_key.length && records.some((r: any) => r?._id === undefined)) {
      throw ValidationError.field('method', `"${method}" needs a primary key on the table or _id in every record`);
    }
    await loadRecords(ctx, t, records, method, { dryRun: input.dry_run === true });
    return { ...echo(input, { resource_id: ref.id, method }), records };
  },
});
