// datastore_search: one SELECT for the page and, when asked, one count; the result has CKAN's keys.
import { sql, type RawBuilder } from 'kysely';
import type { DB } from '../db/connect.ts';
import { ValidationError } from '../errors.ts';
import { withStatementTimeout } from '../db/timeout.ts';
import type { TableInfo } from './catalogue.ts';
import { ROWS_MAX, SCHEMA } from './names.ts';
import { fieldMap, filterConditions, nameList, sortClause, textSearch } from './query.ts';
import { outputValue } from './records.ts';
import { table } from './store.ts';
import { csvLine, tsvLine } from './text-rows.ts';
import type { FieldSpec } from './types.ts';

export interface SearchInput {
  resource_id: string;
  filters?: unknown;
  q?: unknown;
  full_text?: string;
  plain?: boolean;
  language?: string;
  fields?: unknown;
  sort?: unknown;
  limit?: number;
  offset?: number;
  distinct?: boolean;
  include_total?: boolean;
  total_estimation_threshold?: number | null;
  records_format?: 'objects' | 'lists' | 'csv' | 'tsv';
}

/** What the API shows for a field: `_id` is `int`, others their stored type and `info`. */
export function publicField(f: FieldSpec): FieldSpec {
  return f.id === '_id' ? { id: '_id', type: 'int' } : { id: f.id, type: f.type, ...(f.info ? { info: f.info } : {}) };
}

/** _links: the request's path and query without offset, then the next page (and the previous one). */
export function pageLinks(
  requestPath: string | undefined,
  input: Record<string, unknown>,
  limit: number,
  offset: number,
) {
  if (!requestPath) return {};
  const [path, qs] = requestPath.split('?', 2);
  let params: URLSearchParams;
  if (qs) params = new URLSearchParams(qs);
  else {
    params = new URLSearchParams();
    for (const [k, v] of Object.entries(input)) {
      if (v === undefined || k === 'offset') continue;
      params.set(k, typeof v === 'string' ? v : JSON.stringify(v));
    }
  }
  params.delete('offset');
  params.delete('callback');
  const start = `${path}?${params}`;
  const links: Record<string, string> = { start, next: `${start}&offset=${offset + limit}` };
  if (offset - limit > 0) links.prev = `${start}&offset=${offset - limit}`;
  return links;
}

export async function search(
  db: DB,
  t: TableInfo,
  input: SearchInput,
  requestPath?: string,
  maxBytes = Infinity,
): Promise<Record<string, unknown>> {
  const limit = Math.min(input.limit ?? 100, ROWS_MAX);
  const offset = input.offset ?? 0;
  const format = input.records_format ?? 'objects';
  const includeTotal = input.include_total ?? true;
  const all = fieldMap(t);

  const where: RawBuilder<unknown>[] = filterConditions(t, input.filters);
  const text = textSearch(t, input.q ?? (input.full_text || undefined), input.plain ?? true);
  where.push(...text.conditions);

  // Output columns, by name; rank columns only exist with q.
  const available = new Map<string, RawBuilder<unknown>>([...all.keys()].map((k) => [k, sql.id(k)]));
  const rankTypes = new Map<string, FieldSpec>();
  for (const r of text.ranks) available.set(r.id, r.expr), rankTypes.set(r.id, { id: r.id, type: 'float' });
  const requested = nameList('fields', input.fields);
  let selected: FieldSpec[];
  if (requested?.length) {
    selected = requested.map((n) => {
      const f = all.get(n) ?? rankTypes.get(n);
      if (!f) throw ValidationError.field('fields', `field "${n}" not in table`);
      return f;
    });
  } else selected = [{ id: '_id', type: 'int4' }, ...t.fields, ...rankTypes.values()];

  let order: RawBuilder<unknown>[];
  if (input.sort !== undefined && input.sort !== null && input.sort !== '') order = sortClause(available, input.sort);
  else if (text.ranks.length) order = [sql`${text.ranks[0].expr} DESC`, sql`_id`];
  else order = input.distinct && !selected.some((f) => f.id === '_id') ? [] : [sql`_id`];

  const cols = sql.join(
    selected.map((f) => sql`${available.get(f.id)!} AS ${sql.id(f.id)}`),
    sql`, `,
  );
  const whereSql = where.length ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``;
  const orderSql = order.length ? sql`ORDER BY ${sql.join(order, sql`, `)}` : sql``;
  const distinct = input.distinct ? sql`DISTINCT` : sql``;
  const page =
    limit === 0
      ? { rows: [] as Record<string, unknown>[] }
      : await boundedPage(
          db,
          sql<
            Record<string, unknown>
          >`SELECT ${distinct} ${cols} FROM ${table(t.resource_id)} ${whereSql} ${orderSql} LIMIT ${limit} OFFSET ${offset}`,
          maxBytes,
        );
  // A page shorter than the limit is the end of the result: its total needs no count (key lookups).
  const complete = limit > 0 && page.rows.length < limit && (page.rows.length > 0 || offset === 0);
  const counted = !includeTotal
    ? null
    : complete
      ? { total: offset + page.rows.length, estimated: false }
      : await countMatching(
          db,
          t,
          whereSql,
          !!input.distinct,
          cols,
          where.length === 0,
          input.total_estimation_threshold ?? null,
        );
  const result = echoedInput(input, t, limit, format, includeTotal);
  result.fields = selected.map(publicField);
  result.records = formatRecords(format, selected, page.rows);
  result._links = pageLinks(requestPath, input as unknown as Record<string, unknown>, limit, offset);
  if (counted) {
    result.total = counted.total;
    result.total_was_estimated = counted.estimated;
  }
  return result;
}

/** The page's rows in the asked records_format, each value as the API shows its field's type. */
function formatRecords(
  format: NonNullable<SearchInput['records_format']>,
  selected: FieldSpec[],
  rows: Record<string, unknown>[],
): unknown {
  const values = (row: Record<string, unknown>) => selected.map((f) => outputValue(f.type, row[f.id]));
  if (format === 'lists') return rows.map(values);
  if (format === 'csv') return rows.map((r) => csvLine(values(r))).join('');
  if (format === 'tsv') return rows.map((r) => tsvLine(values(r))).join('');
  // Objects (the default): each value converted once (it was converted once per field of the row).
  return rows.map((r) => {
    const o: Record<string, unknown> = {};
    for (const f of selected) o[f.id] = outputValue(f.type, r[f.id]);
    return o;
  });
}

/** The result's first keys: the settings in force and the parameters given, as CKAN echoes them. */
function echoedInput(
  input: SearchInput,
  t: TableInfo,
  limit: number,
  format: NonNullable<SearchInput['records_format']>,
  includeTotal: boolean,
): Record<string, unknown> {
  const result: Record<string, unknown> = {
    include_total: includeTotal,
    limit,
    records_format: format,
    resource_id: t.resource_id,
    total_estimation_threshold: input.total_estimation_threshold ?? null,
  };
  for (const k of ['q', 'filters', 'sort', 'offset', 'distinct', 'plain', 'language', 'full_text'] as const) {
    if (input[k] !== undefined) result[k] = k === 'q' || k === 'filters' ? jsonOrText(input[k]) : input[k];
  }
  return result;
}

function jsonOrText(v: unknown): unknown {
  if (typeof v !== 'string' || !/^\s*[[{]/.test(v)) return v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

const ROW_BYTES = '_pasport_row_bytes';
const RUN_BYTES = '_pasport_run_bytes';

/**
 * The page, bounded in bytes (PASPORT_DATASTORE_SEARCH_MAX_BYTES) as datastore_search_sql is: a running
 * sum of each row's text size lets PostgreSQL send no row past the first one over the bound, and a page
 * over it is a Validation Error naming `limit`, not a response of any size (32,000 rows of 1 MB fields
 * would be 32 GB). A cut page is refused rather than shortened, so that `_links.next` stays right.
 */
async function boundedPage(db: DB, page: RawBuilder<Record<string, unknown>>, maxBytes: number) {
  if (!Number.isFinite(maxBytes)) return runSearch(db, page);
  const r = await runSearch(
    db,
    sql<
      Record<string, unknown>
    >`SELECT * FROM (SELECT _s.*, sum(_s.${sql.id(ROW_BYTES)}) OVER (ROWS UNBOUNDED PRECEDING) AS ${sql.id(RUN_BYTES)}
    FROM (SELECT _p.*, octet_length(_p::text) AS ${sql.id(ROW_BYTES)} FROM (${page}) AS _p) AS _s) AS _w WHERE ${sql.id(RUN_BYTES)} - ${sql.id(ROW_BYTES)} <= ${maxBytes}`,
  );
  const last = r.rows[r.rows.length - 1];
  if (last && Number(last[RUN_BYTES]) > maxBytes) {
    throw ValidationError.field(
      'limit',
      `The records asked for exceed ${maxBytes} bytes (the server's bound on one answer): ask for fewer records (limit) or fewer fields`,
    );
  }
  return r;
}

/** A DataStore read may run this long (the same bound as datastore_search_sql). */
const TIMEOUT_MS = 5000;

async function runSearch<T>(db: DB, query: RawBuilder<T>) {
  try {
    return await withStatementTimeout(db, TIMEOUT_MS, (tx) => query.execute(tx));
  } catch (e) {
    const err = e as { code?: string; message: string };
    if (err.code === '57014') throw ValidationError.field('query', `Query took too long (over ${TIMEOUT_MS / 1000} s)`);
    // PostgreSQL's own limits (stack depth, tsquery size): the query is too big, not the server broken.
    if (err.code && /^54/.test(err.code)) throw ValidationError.field('query', 'Query too complex');
    // A tsquery syntax error (plain=false) or a value PostgreSQL cannot compare: the caller's input.
    if (err.code && /^(22|42)/.test(err.code)) throw ValidationError.field('query', err.message);
    throw e;
  }
}

async function countMatching(
  db: DB,
  t: TableInfo,
  whereSql: RawBuilder<unknown>,
  distinct: boolean,
  cols: RawBuilder<unknown>,
  unfiltered: boolean,
  threshold: number | null,
) {
  if (threshold !== null) {
    // The planner's estimate is almost free; count only below the threshold (CKAN's
    // total_estimation_threshold): the table's reltuples unfiltered, the plan's row estimate filtered.
    let n = -1;
    if (unfiltered) {
      const est = await sql<{
        n: number;
      }>`SELECT reltuples::bigint AS n FROM pg_class WHERE oid = ${`${SCHEMA}."${t.resource_id}"`}::regclass`.execute(
        db,
      );
      n = Number(est.rows[0]?.n ?? -1);
    } else if (!distinct) {
      const plan = await runSearch(
        db,
        sql<{ 'QUERY PLAN': unknown }>`EXPLAIN (FORMAT JSON) SELECT 1 FROM ${table(t.resource_id)} ${whereSql}`,
      );
      const raw = plan.rows[0]?.['QUERY PLAN'];
      const doc = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan: { 'Plan Rows': number } }[];
      n = Math.round(doc[0]?.Plan?.['Plan Rows'] ?? -1);
    }
    if (n > threshold) return { total: n, estimated: true };
  }
  const q = distinct
    ? sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM (SELECT DISTINCT ${cols} FROM ${table(t.resource_id)} ${whereSql}) AS d`
    : sql<{ n: number }>`SELECT count(*)::int AS n FROM ${table(t.resource_id)} ${whereSql}`;
  const r = await runSearch(db, q);
  return { total: r.rows[0]?.n ?? 0, estimated: false };
}
