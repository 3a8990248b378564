// DataStore storage: one typed table per resource, datastore."<resource id>" (CKAN's layout), with `_id`
// (serial, the row's stable number), `_full_text` (tsvector of the whole row, computed in the write
// statement itself: 18% cheaper than a trigger) and one column per field; a unique index on the primary
// key, a GIN index on _full_text, btree `indexes`.
//
// Chosen by measurement (bench/datastore-storage.ts, 1,000,000 records, PostgreSQL 15, 2 vCPU shared with
// other jobs, batches of 5,000 through unnest, full text with a default GIN index maintained in both):
//                                        typed table      single jsonb table (GIN jsonb_path_ops)
//   insert, 1M new keys                   13,657 rec/s       14,194 rec/s
//   upsert of 50k existing keys           12,047 rec/s        6,917 rec/s
//   size on disk (data + indexes)            619 MB             941 MB
//   by key, p50 / p95                  0.24 / 4.76 ms      0.13 / 2.41 ms
//   filter on an indexed column,          938 / 1,656 ms    1,324 / 1,732 ms   (100,000 matches, limit 100
//     p50 / p95                                                                  + count(*) OVER ())
//   filter on an unindexed column,        72 / 170 ms         11 / 180 ms      (1,000 matches, limit 100)
//     p50 / p95
//   full text (plainto_tsquery), p50/p95  4.4 / 12.7 ms       9.0 / 23.9 ms
// Inserts tie; the typed table upserts 1.7x faster, is a third smaller, searches text 2x faster, and any
// column can get a btree index (jsonb containment only helps equality, and its p95 is no better).
//
// Why the typed table wins beyond the figures: real column types (numeric sorts, date ranges, CKAN's
// reported types), per-column btree indexes that CKAN's `indexes` parameter asks for, a table per resource
// that datastore_search_sql can name as CKAN clients do ("SELECT * FROM "<resource id>""), and a drop
// that is one DROP TABLE rather than a million-row DELETE.
//
// Writes go through jsonb_to_recordset: one JSON parameter per batch, typed by the column list, so a batch
// is one statement whatever its size. Through the whole stack (bench/datastore.ts: datastore_upsert over
// HTTP, 1,000,000 records, batches of 5,000, 4 in flight, same shared machine, last five runs):
// 25,700-35,100 records/s new keys, 19,300-33,000 existing keys; datastore_search by key p50 1.1-1.9 ms,
// p95 5.3-8.6 ms (bare SQL for the same lookup: p95 0.3-0.7 ms; the rest is HTTP, the action path and the
// machine's other load).
import { sql, type RawBuilder } from 'kysely';
import type { DB } from '../db/connect.ts';
import { ValidationError } from '../errors.ts';
import { SCHEMA, TS_CONFIG } from './names.ts';
import { pgType, type FieldSpec } from './types.ts';
import type { TableInfo } from './catalogue.ts';

export const table = (resourceId: string) => sql.id(SCHEMA, resourceId);
const col = (name: string) => sql.id(name);
const list = (items: RawBuilder<unknown>[]) => sql.join(items, sql`, `);

/** The `r("a" text, "b" integer)` column definition of jsonb_to_recordset for these fields. */
function recordsetColumns(fields: FieldSpec[]) {
  return list(fields.map((f) => sql`${col(f.id)} ${sql.raw(pgType(f.type))}`));
}

/** The row's full-text vector from each field's value, taken from `source` (new or existing values). */
function fullText(fields: FieldSpec[], source: (f: FieldSpec) => RawBuilder<unknown>) {
  if (!fields.length) return sql`NULL::tsvector`;
  return sql`to_tsvector(${TS_CONFIG}::regconfig, concat_ws(' ', ${list(fields.map((f) => sql`${source(f)}::text`))}))`;
}

function indexName(resourceId: string, what: string): string {
  return `ds_${resourceId.replace(/-/g, '').slice(0, 20)}_${what}`.slice(0, 63);
}

async function createIndexes(
  db: DB,
  resourceId: string,
  primaryKey: string[],
  indexes: string[],
  existing: string[] = [],
) {
  if (primaryKey.length) {
    await sql`CREATE UNIQUE INDEX ${sql.id(indexName(resourceId, 'pkey'))} ON ${table(resourceId)} (${list(primaryKey.map(col))})`.execute(
      db,
    );
  }
  // A field's index also holds _id, the default order: a page of a filter (WHERE f = x ORDER BY _id
  // LIMIT 100) reads its 100 rows in order instead of every match and a sort. Measured at 1,000,000
  // rows, a filter matching 1,000: p50 20 ms over HTTP with (f), the heap fetch of all 1,000 matches.
  for (const ix of indexes) {
    if (existing.includes(ix) || (primaryKey.length === 1 && primaryKey[0] === ix)) continue;
    await sql`CREATE INDEX ${sql.id(indexName(resourceId, `ix_${ix.replace(/[^A-Za-z0-9]/g, '').slice(0, 20)}_${indexes.indexOf(ix)}`))} ON ${table(resourceId)} (${col(ix)}, _id)`.execute(
      db,
    );
  }
}

export async function createTable(
  db: DB,
  resourceId: string,
  fields: FieldSpec[],
  primaryKey: string[],
  indexes: string[],
): Promise<void> {
  const columns = [
    sql`_id serial PRIMARY KEY`,
    sql`_full_text tsvector`,
    ...fields.map((f) => sql`${col(f.id)} ${sql.raw(pgType(f.type))}`),
  ];
  await sql`CREATE TABLE ${table(resourceId)} (${list(columns)})`.execute(db);
  // A large pending list makes GIN insertion a bulk merge (measured: 100k rows 6.0 s with the default
  // 4 MB, 1.4 s + 1.1 s merge with 64 MB); tidyAfterLoad merges it once loads settle.
  await sql`CREATE INDEX ${sql.id(indexName(resourceId, 'ft'))} ON ${table(resourceId)} USING gin (_full_text) WITH (gin_pending_list_limit = 65536)`.execute(
    db,
  );
  await createIndexes(db, resourceId, primaryKey, indexes);
}

/** datastore_create on an existing table: new fields become columns; a changed primary key is re-indexed. */
export async function alterTable(
  db: DB,
  t: TableInfo,
  fields: FieldSpec[],
  primaryKey: string[],
  indexes: string[],
): Promise<void> {
  const byId = new Map(t.fields.map((f) => [f.id, f]));
  for (const f of fields) {
    const old = byId.get(f.id);
    if (!old)
      await sql`ALTER TABLE ${table(t.resource_id)} ADD COLUMN ${col(f.id)} ${sql.raw(pgType(f.type))}`.execute(db);
    else if (old.type !== f.type) {
      await sql`ALTER TABLE ${table(t.resource_id)} ALTER COLUMN ${col(f.id)} TYPE ${sql.raw(pgType(f.type))} USING ${col(f.id)}::text::${sql.raw(pgType(f.type))}`
        .execute(db)
        .catch((e: Error) => {
          throw ValidationError.field('fields', `field "${f.id}" cannot be changed to ${f.type}: ${e.message}`);
        });
    }
  }
  if (primaryKey.join('\u0000') !== t.primary_key.join('\u0000')) {
    await sql`DROP INDEX IF EXISTS ${sql.id(SCHEMA, indexName(t.resource_id, 'pkey'))}`.execute(db);
    if (primaryKey.length) {
      await createIndexes(db, t.resource_id, primaryKey, []).catch((e: Error) => {
        throw ValidationError.field(
          'primary_key',
          `the records do not have unique values of ${primaryKey.join(', ')}: ${e.message}`,
        );
      });
    }
  }
  await createIndexes(db, t.resource_id, [], indexes, t.indexes);
}

/** Tables waiting for their tidy-up: the timer, and the run it will start. */
const tidying = new Map<string, { timer: ReturnType<typeof setTimeout>; run: () => void }>();
const inFlight = new Set<Promise<unknown>>();

/**
 * After loads settle (1 s without another), VACUUM (ANALYZE) the table. The VACUUM merges the full-text
 * index's pending list (full-text search stays fast) and marks the written pages all-visible, so a total
 * over an indexed filter is counted from the index alone; the ANALYZE gives the planner the table's
 * statistics, without which it guessed 5,000 matches for every filter and ANDed a 100,000-match index
 * into a 1,000-match one. Measured at 1,000,000 rows just after a load: the count of 1,000 matches of
 * one filter 6.5 -> 0.19 ms, of two filters 17 -> 1.2 ms; the VACUUM (ANALYZE) took 0.3-0.8 s, and on
 * a table already vacuumed visits only the pages written since. Autovacuum gets there too, but only
 * once a fifth of the table has changed and up to a minute later (never on PGlite).
 */
export function tidyAfterLoad(db: DB, resourceId: string): void {
  clearTimeout(tidying.get(resourceId)?.timer);
  const run = () => {
    tidying.delete(resourceId);
    // A table dropped meanwhile: nothing to do.
    const p = sql`VACUUM (ANALYZE) ${table(resourceId)}`.execute(db).catch(() => {});
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };
  const timer = setTimeout(run, 1000);
  timer.unref();
  tidying.set(resourceId, { timer, run });
}

/** Starts every waiting tidy-up now and resolves when all have finished (tests, benchmarks). */
export async function tidyNow(): Promise<void> {
  for (const { timer, run } of [...tidying.values()]) {
    clearTimeout(timer);
    run();
  }
  await Promise.all(inFlight);
}

/** On shutdown: no tidy-up may start, and the running ones finish before the pool closes. */
export async function stopTidying(): Promise<void> {
  for (const { timer } of tidying.values()) clearTimeout(timer);
  tidying.clear();
  await Promise.all(inFlight);
}

export async function dropTable(db: DB, resourceId: string): Promise<void> {
  await sql`DROP TABLE IF EXISTS ${table(resourceId)}`.execute(db);
}

export type Method = 'insert' | 'upsert' | 'update';
const EXCLUDED = sql`EXCLUDED`;

/** A problem with one record of a batch, by its index in the request. */
export interface RecordProblem {
  index: number;
  path: string;
  message: string;
}

/**
 * Writes checked records (values already in column input form). Records are grouped by the set of keys
 * they carry, so an upsert or update changes only the fields a record gives (CKAN's semantics).
 * Returns problems (missing or duplicate keys) without writing anything when there are any.
 */
export async function writeRecords(
  db: DB,
  t: TableInfo,
  records: Record<string, unknown>[],
  method: Method,
): Promise<RecordProblem[]> {
  if (!records.length) return [];
  const fieldById = new Map(t.fields.map((f) => [f.id, f]));
  const byId = t.primary_key.length === 0;
  if (method !== 'insert' && byId && records.some((r) => r._id === undefined || r._id === null)) {
    throw ValidationError.field('records', `method "${method}" needs a primary key or _id in every record`);
  }
  const keyFields: FieldSpec[] = byId ? [{ id: '_id', type: 'int4' }] : t.primary_key.map((k) => fieldById.get(k)!);
  const batch: Batch = { records, method, byId, keyFields, keyPath: keyFields.map((f) => f.id).join(',') };

  const { order, problems } = writeOrder(batch);
  if (problems.length) return problems;
  // Inserts must not find their key, updates (and upserts by _id) must.
  if (method === 'update' || (method === 'insert' && !byId) || (method === 'upsert' && byId)) {
    const keyed = await keyProblems(db, t, batch, order);
    if (keyed.length) return keyed;
  }
  for (const [sig, idx] of groupByCarriedFields(records, order, fieldById)) {
    await writeGroup(db, t, batch, sig ? sig.split('\u0000') : [], idx);
  }
  return [];
}

/** One writeRecords call: its records and method, and the key that identifies a record. */
interface Batch {
  records: Record<string, unknown>[];
  method: Method;
  /** No primary key: records are identified by `_id`. */
  byId: boolean;
  keyFields: FieldSpec[];
  /** The problem path of a key problem: the key's field ids. */
  keyPath: string;
}

/**
 * The indexes of the records to write, in order. Later records win within a batch (CKAN applies them in
 * order), so an upsert or update keeps the last record of each key; an insert may not repeat a key.
 */
function writeOrder(b: Batch): { order: number[]; problems: RecordProblem[] } {
  const { records, method, byId, keyFields, keyPath } = b;
  const order = records.map((_, i) => i);
  const problems: RecordProblem[] = [];
  if (byId && method === 'insert') return { order, problems };
  const last = new Map<string, number>();
  records.forEach((r, i) => {
    const k = JSON.stringify(keyFields.map((f) => r[f.id] ?? null));
    const prev = last.get(k);
    if (prev !== undefined && method === 'insert')
      problems.push({ index: i, path: keyPath, message: `duplicate key (also record ${prev})` });
    last.set(k, i);
  });
  if (problems.length || method === 'insert') return { order, problems };
  return { order: [...last.values()].sort((x, y) => x - y), problems };
}

/** One query for which keys exist: an insert's must not, an update's (or an upsert's by _id) must. */
async function keyProblems(db: DB, t: TableInfo, b: Batch, order: number[]): Promise<RecordProblem[]> {
  const { records, method, byId, keyFields, keyPath } = b;
  const probe = order.map((i) => Object.fromEntries(keyFields.map((f) => [f.id, records[i][f.id] ?? null])));
  const found = await sql<{
    n: number;
  }>`SELECT (o.n - 1)::int AS n FROM jsonb_array_elements(${JSON.stringify(probe)}::jsonb) WITH ORDINALITY AS o(rec, n)
      CROSS JOIN LATERAL jsonb_to_record(o.rec) AS r(${recordsetColumns(keyFields)})
      WHERE EXISTS (SELECT 1 FROM ${table(t.resource_id)} t WHERE ${sql.join(
        keyFields.map((f) => sql`t.${col(f.id)} = r.${col(f.id)}`),
        sql` AND `,
      )})`.execute(db);
  const exists = new Set(found.rows.map((r) => order[r.n]));
  const problems: RecordProblem[] = [];
  for (const i of order) {
    if (method === 'insert' && exists.has(i))
      problems.push({ index: i, path: keyPath, message: 'a record with this key already exists' });
    else if (method !== 'insert' && !exists.has(i))
      problems.push({
        index: i,
        path: keyPath,
        message: byId ? `no record with _id ${String(records[i]._id)}` : 'no record with this key to update',
      });
  }
  return problems;
}

/** The records' indexes grouped by the fields each record carries (the sorted ids, joined by NUL). */
function groupByCarriedFields(
  records: Record<string, unknown>[],
  order: number[],
  fieldById: Map<string, FieldSpec>,
): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  for (const i of order) {
    const sig = Object.keys(records[i])
      .filter((k) => k === '_id' || fieldById.has(k))
      .sort()
      .join('\u0000');
    let g = groups.get(sig);
    if (!g) groups.set(sig, (g = []));
    g.push(i);
  }
  return groups;
}

/** One statement for the records that carry the same fields (`present`). */
async function writeGroup(db: DB, t: TableInfo, b: Batch, present: string[], idx: number[]): Promise<void> {
  const { records, method, byId } = b;
  const key = t.primary_key;
  const cols = t.fields.filter((f) => present.includes(f.id));
  const payload = JSON.stringify(idx.map((i) => records[i]));
  // An update's vector is of the merged row: given values from `src`, the others as stored.
  // A record that gives every field has the vector its insert computed: EXCLUDED._full_text, not a
  // second to_tsvector per row (the larger part of an existing-key upsert's cost).
  const whole = t.fields.every((f) => present.includes(f.id));
  const merged = (src: RawBuilder<unknown>) =>
    whole && src === EXCLUDED
      ? sql`EXCLUDED._full_text`
      : fullText(t.fields, (f) => (present.includes(f.id) ? sql`${src}.${col(f.id)}` : sql`t.${col(f.id)}`));
  if (byId && method !== 'insert') {
    if (!cols.length) return;
    const rs = [...cols, { id: '_id', type: 'int4' }];
    await sql`UPDATE ${table(t.resource_id)} AS t SET ${list(cols.map((f) => sql`${col(f.id)} = r.${col(f.id)}`))}, _full_text = ${merged(sql`r`)}
        FROM jsonb_to_recordset(${payload}::jsonb) AS r(${recordsetColumns(rs)}) WHERE t._id = r._id`.execute(db);
    return;
  }
  const insertCols = cols.length ? cols : t.fields.slice(0, 1);
  const select = sql`SELECT ${list(insertCols.map((f) => sql`r.${col(f.id)}`))}, ${fullText(insertCols, (f) => sql`r.${col(f.id)}`)}
      FROM jsonb_to_recordset(${payload}::jsonb) AS r(${recordsetColumns(insertCols)})`;
  const target = sql`${table(t.resource_id)} AS t (${list([...insertCols.map((f) => col(f.id)), sql`_full_text`])})`;
  if (method === 'insert') {
    await sql`INSERT INTO ${target} ${select}`.execute(db);
  } else if (method === 'upsert') {
    const rest = cols.filter((f) => !key.includes(f.id));
    // A record equal to the stored row writes nothing (no dead row, no index entries): re-sent data is common.
    // Compared as text: some column types (point, json) have no equality operator.
    const same = sql`ROW(${list(rest.map((f) => sql`t.${col(f.id)}::text`))}) IS NOT DISTINCT FROM ROW(${list(rest.map((f) => sql`EXCLUDED.${col(f.id)}::text`))})`;
    const onConflict = rest.length
      ? sql`DO UPDATE SET ${list(rest.map((f) => sql`${col(f.id)} = EXCLUDED.${col(f.id)}`))}, _full_text = ${merged(EXCLUDED)} WHERE NOT (${same})`
      : sql`DO NOTHING`;
    await sql`INSERT INTO ${target} ${select} ON CONFLICT (${list(key.map(col))}) ${onConflict}`.execute(db);
  } else {
    const rest = cols.filter((f) => !key.includes(f.id));
    if (!rest.length) return;
    await sql`UPDATE ${table(t.resource_id)} AS t SET ${list(rest.map((f) => sql`${col(f.id)} = r.${col(f.id)}`))}, _full_text = ${merged(sql`r`)}
        FROM jsonb_to_recordset(${payload}::jsonb) AS r(${recordsetColumns(cols)})
        WHERE ${sql.join(
          key.map((k) => sql`t.${col(k)} = r.${col(k)}`),
          sql` AND `,
        )}`.execute(db);
  }
}

/** Rows matching the filters are deleted; returns how many. */
export async function deleteRows(db: DB, t: TableInfo, where: RawBuilder<unknown>): Promise<number> {
  const r = await sql`DELETE FROM ${table(t.resource_id)} WHERE ${where}`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

export async function countRows(db: DB, resourceId: string): Promise<number> {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${table(resourceId)}`.execute(db);
  return r.rows[0]?.n ?? 0;
}
