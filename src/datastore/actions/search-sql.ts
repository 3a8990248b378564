import { defineAction } from '../../actions/types.ts';
import { anyone } from '../../auth/rules.ts';
import { searchSql } from '../sql-search.ts';

export default defineAction({
  name: 'datastore_search_sql',
  tag: 'datastore',
  description: `Run one read-only SELECT over DataStore tables (named by resource id: SELECT * FROM "<resource id>").

Only DataStore tables of datasets the caller may read are visible; no system catalogue, no core table, no
function outside a list of data functions (aggregates, math, text, date, json, full text); no comments, no
second statement; the statement runs in a read-only transaction with a time limit (PASPORT_DATASTORE_SQL_TIMEOUT_MS,
5 s by default) counted from when it starts; at most PASPORT_DATASTORE_SQL_WORKERS run at once, the next
free slot going to the client (token, user or address) whose turn it is, so one client cannot crowd out the rest.
An answer larger than PASPORT_DATASTORE_SQL_MAX_BYTES of row text (16 MB by default) is refused (409) as soon as
its rows cross that size: ask for fewer rows or columns.

:param sql: a single SELECT statement
:rtype: {sql, records, fields, records_truncated?} (records_truncated only when cut at 32000 rows)`,
  sideEffectFree: true,
  input: { type: 'object', properties: { sql: { type: 'string', minLength: 1 } }, required: ['sql'] },
  auth: anyone,
  handler: (ctx, input: { sql: string }) => searchSql(ctx, input.sql),
});
