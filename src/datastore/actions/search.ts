import { defineAction } from '../../actions/types.ts';
import { readableTable } from '../catalogue.ts';
import { ROWS_MAX } from '../names.ts';
import { search } from '../search.ts';
import { BOOL, dataReadInHandler, requireResourceId } from './common.ts';

export default defineAction({
  name: 'datastore_search',
  tag: 'datastore',
  description: `Search a resource's DataStore table.

:param resource_id: the resource (the legacy "id" is accepted)
:param filters: {field: value | [values]} (JSON text over GET): equality, or any of the values
:param q: full-text query over the whole row (adds a "rank" field), or {field: text} (adds "rank <field>")
:param plain: true (default) treats q as plain text; false as tsquery syntax ("term:*" for prefixes)
:param fields: list or comma-separated string of fields to return (default all, starting with _id)
:param sort: "f1, f2 desc [nulls last]" (default _id, or rank when q is given)
:param limit: default 100, at most ${ROWS_MAX}; offset: default 0
:param distinct: return distinct rows of the selected fields
:param include_total: default true; total_estimation_threshold: estimate totals of unfiltered tables above it
:param records_format: objects (default), lists, csv or tsv
:rtype: {resource_id, limit, include_total, records_format, total_estimation_threshold, fields, records, _links, total, total_was_estimated}`,
  sideEffectFree: true,
  input: {
    type: 'object',
    properties: {
      resource_id: { type: 'string' },
      id: { type: 'string' },
      filters: { type: ['object', 'string'] },
      q: { type: ['object', 'string'] },
      full_text: { type: 'string' },
      plain: BOOL,
      language: { type: 'string' },
      fields: { type: ['array', 'string'] },
      sort: { type: ['array', 'string'] },
      limit: { type: 'integer', minimum: 0 },
      offset: { type: 'integer', minimum: 0 },
      distinct: BOOL,
      include_total: BOOL,
      total_estimation_threshold: { type: ['integer', 'null'] },
      records_format: { enum: ['objects', 'lists', 'csv', 'tsv'] },
    },
  },
  auth: dataReadInHandler,
  async handler(ctx, input: Record<string, any>) {
    const { ref, table: t } = await readableTable(ctx, requireResourceId(input));
    const { id: _legacy, ...rest } = input;
    void _legacy;
    return search(ctx.db, t, { ...rest, resource_id: ref.id }, ctx.requestPath, ctx.config.datastoreSearchMaxBytes);
  },
});
