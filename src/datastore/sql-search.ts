// datastore_search_sql, in layers, each enough on its own for what it covers:
//  1. sql-guard.ts: one plain SELECT, no comments, no writing keywords, only listed functions;
//  2. a READ ONLY transaction with a statement_timeout and search_path = datastore;
//  3. EXPLAIN (VERBOSE, FORMAT JSON) lists every relation and function scan the plan touches: each relation
//     must be a DataStore table the caller may read (private and deleted datasets' tables are refused);
//  4. SET LOCAL ROLE to a role with SELECT on DataStore tables only, where the server has it (PostgreSQL
//     with CREATEROLE), before the statement runs;
//  5. the statement runs as a subquery with a bound LIMIT parameter, so the extended protocol refuses a
//     second statement and a data-modifying WITH cannot be top level.
import { CompiledQuery, sql, type Transaction } from 'kysely';
import type { ActionContext } from '../actions/types.ts';
import type { Database } from '../db/schema.ts';
import { NotAuthorized, ValidationError } from '../errors.ts';
import { canReadPackage } from '../auth/permissions.ts';
import { UUID } from '../packages/names.ts';
import { READER_ROLE, ROWS_MAX, SCHEMA } from './names.ts';
import { ALLOWED_FUNCTIONS, checkSelect } from './sql-guard.ts';
import { outputValue } from './records.ts';
import { canonicalType } from './types.ts';
import { FairShare } from './fair-share.ts';
import { ServiceUnavailable } from '../errors.ts';

const shares = new WeakMap<object, FairShare>();

/** Bookkeeping columns of the wrapped statement: each row's text size and the running total. */
const ROW_BYTES = '_pasport_row_bytes';
const RUN_BYTES = '_pasport_run_bytes';

interface PlanNode {
  'Relation Name'?: string;
  Schema?: string;
  'Function Name'?: string;
  'Node Type'?: string;
  Plans?: PlanNode[];
  [k: string]: unknown;
}

function walk(node: PlanNode, out: { relations: Set<string>; functions: Set<string> }) {
  if (node['Relation Name']) out.relations.add(`${node.Schema ?? ''}\u0000${node['Relation Name']}`);
  if (node['Function Name']) out.functions.add(String(node['Function Name']));
  for (const child of node.Plans ?? []) walk(child, out);
}

const roleAvailable = new WeakMap<object, boolean>();

async function canUseRole(trx: Transaction<Database>, key: object): Promise<boolean> {
  let ok = roleAvailable.get(key);
  if (ok === undefined) {
    const r = await sql<{
      ok: boolean;
    }>`SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${READER_ROLE} AND pg_has_role(current_user, oid, 'MEMBER')) AS ok`.execute(
      trx,
    );
    ok = !!r.rows[0]?.ok;
    roleAvailable.set(key, ok);
  }
  return ok;
}

function tooLong(timeoutMs: number) {
  return ValidationError.field('query', `Query took too long (over ${timeoutMs / 1000} s)`);
}

/**
 * Over the byte bound the statement is refused, not cut: a 140-byte statement asked for 210 MB, and an
 * answer cut to its first rows by size would look like the whole of a smaller one to a client that does
 * not check the flag. The row bound (32,000) still cuts with records_truncated, as CKAN does.
 */
function tooBig(maxBytes: number) {
  const mb = (maxBytes / 1048576).toFixed(maxBytes < 1048576 ? 2 : 0);
  return ValidationError.field(
    'query',
    `The answer would exceed ${mb} MB of row text (PASPORT_DATASTORE_SQL_MAX_BYTES); ask for fewer rows (LIMIT, OFFSET) or fewer and narrower columns`,
  );
}

function sqlError(e: unknown, timeoutMs: number): never {
  const err = e as { code?: string; message: string };
  if (err.code === '42501') throw new NotAuthorized(err.message);
  if (err.code === '57014') throw tooLong(timeoutMs);
  if (err.code) throw ValidationError.field('query', err.message);
  throw e;
}

/** Which layers run; all of them in service. Tests switch single layers off to show the others hold. */
export interface Layers {
  parser: boolean;
  explain: boolean;
  role: boolean;
}
export const ALL_LAYERS: Layers = { parser: true, explain: true, role: true };

type Run = <T>(q: string, params: unknown[]) => Promise<{ rows: T[] }>;

export async function searchSql(ctx: ActionContext, text: string, layers: Layers = ALL_LAYERS) {
  const statement = layers.parser ? checkSelect(text) : text.replace(/[\s;]+$/, '');
  const { workers } = ctx.config.identity.datastoreSql;
  let share = shares.get(ctx.services);
  if (!share) shares.set(ctx.services, (share = new FairShare(workers)));
  return share
    .run(ctx.clientKey ?? (ctx.user ? `u:${ctx.user.id}` : 'anonymous'), () => runGuarded(ctx, text, statement, layers))
    .catch((err) => {
      if ((err as Error).message === 'queue full')
        throw new ServiceUnavailable('Too many DataStore SQL queries are waiting; try again shortly', 2);
      throw err;
    });
}

function runGuarded(ctx: ActionContext, text: string, statement: string, layers: Layers) {
  // One connection for the transaction and the RESET ALL after it: a session setting changed by the
  // statement (set_config(..., false)) must not outlive it on a pooled connection.
  return ctx.services.db.connection().execute(async (conn) => {
    try {
      return await conn.transaction().execute((trx) => runStatement(ctx, trx, text, statement, layers));
    } finally {
      await sql`RESET ALL`.execute(conn).catch(() => {});
    }
  });
}

async function runStatement(
  ctx: ActionContext,
  trx: Transaction<Database>,
  text: string,
  statement: string,
  layers: Layers,
) {
  // The answer is bounded in bytes as well as rows (a 140-byte query returned 210 MB): a running sum of
  // each row's text size lets PostgreSQL stop sending rows past PASPORT_DATASTORE_SQL_MAX_BYTES, and
  // crossing it refuses the statement (tooBig).
  const wrapped = `SELECT * FROM (SELECT _s.*, sum(_s."${ROW_BYTES}") OVER (ROWS UNBOUNDED PRECEDING) AS "${RUN_BYTES}" FROM (SELECT _q.*, octet_length(_q::text) AS "${ROW_BYTES}" FROM (\n${statement}\n) AS _q) AS _s) AS _w WHERE "${RUN_BYTES}" - "${ROW_BYTES}" <= $2 LIMIT $1`;
  const maxBytes = ctx.config.datastoreSqlMaxBytes;
  // Role membership is read before the transaction becomes read only (it reads, so either order works).
  await sql`SET TRANSACTION READ ONLY`.execute(trx);
  const useRole = await canUseRole(trx, ctx.services);
  // Set once the statement holds its fair-share slot: the limit counts from here, never the wait.
  const timeoutMs = ctx.config.identity.datastoreSql.timeoutMs;
  await sql.raw(`SET LOCAL statement_timeout = ${timeoutMs}`).execute(trx);
  await sql.raw(`SET LOCAL search_path = ${SCHEMA}`).execute(trx);
  const run: Run = <T>(q: string, params: unknown[]) =>
    trx.executeQuery<T>(CompiledQuery.raw(q, params)).catch((e) => sqlError(e, timeoutMs));

  if (layers.explain) await explainCheck(ctx, trx, statement, run);
  // From here on the statement runs with SELECT on DataStore tables only.
  if (useRole && layers.role) await sql.raw(`SET LOCAL ROLE ${READER_ROLE}`).execute(trx);

  const result = await fetchBounded(run, wrapped, maxBytes, timeoutMs);
  // Column names and types, even for an empty result: a one-row outer join against the statement.
  const shape = await run<Record<string, unknown>>(
    `SELECT _q.* FROM (SELECT) AS _one LEFT JOIN (\n${statement}\n) AS _q ON true LIMIT $1`,
    [1],
  );
  const names = Object.keys(shape.rows[0] ?? result.rows[0] ?? {});
  const typeRow = names.length
    ? (
        await run<Record<string, string>>(
          `SELECT ${names.map((n, i) => `pg_typeof(_q.${quoteIdent(n)})::text AS "${i}"`).join(', ')} FROM (SELECT) AS _one LEFT JOIN (\n${statement}\n) AS _q ON true LIMIT $1`,
          [1],
        )
      ).rows[0]
    : {};
  const fields = names.map((n, i) => ({ id: n, type: typeName(String(typeRow[String(i)] ?? 'text')) }));
  const truncated = result.rows.length > ROWS_MAX;
  const rows = result.rows.slice(0, ROWS_MAX);
  const records = rows.map((r) => Object.fromEntries(fields.map((f) => [f.id, outputValue(f.type, r[f.id])])));
  return { sql: text, records, fields, ...(truncated ? { records_truncated: true } : {}) };
}

/**
 * Runs the wrapped statement through a cursor, in batches sized from the rows seen so far, and stops
 * fetching at the byte bound: PostgreSQL computes rows only as they are fetched, so a statement whose
 * rows are huge ends after the first few instead of running into its timeout (10 s at a load of 25).
 * The running-sum filter in the statement keeps any one batch from carrying rows past the bound.
 */
async function fetchBounded(
  run: Run,
  wrapped: string,
  maxBytes: number,
  timeoutMs: number,
): Promise<{ rows: Record<string, unknown>[] }> {
  await run(`DECLARE _pasport_rows NO SCROLL CURSOR FOR ${wrapped}`, [ROWS_MAX + 1, maxBytes]);
  const rows: Record<string, unknown>[] = [];
  let largest = 1;
  let bytes = 0;
  const started = Date.now();
  for (let first = true; ; first = false) {
    const room = Math.max(0, maxBytes - bytes);
    // One row first, to learn the size: a first batch of 1,000 made PostgreSQL compute every row of a
    // statement of 21 rows of 10 MB (the filter rejects rows past the bound but cannot stop the scan
    // that looks for more), 3.8 s, where two rows show it is too big.
    const batch = first ? 1 : Math.max(1, Math.min(1000, Math.floor(room / largest)));
    const got = await run<Record<string, unknown>>(`FETCH FORWARD ${batch} FROM _pasport_rows`, []);
    for (const r of got.rows) {
      rows.push(r);
      largest = Math.max(largest, Number(r[ROW_BYTES]) || 1);
      bytes = Number(r[RUN_BYTES]);
    }
    if (bytes > maxBytes) throw tooBig(maxBytes);
    if (got.rows.length < batch || rows.length > ROWS_MAX) break;
    if (Date.now() - started > timeoutMs) throw tooLong(timeoutMs);
  }
  return { rows };
}

/**
 * Every relation and function scan in the plan must be a readable DataStore table / a listed function.
 * The statement's own plan, not the byte-bound wrapper's (which adds no relation or function scan): a
 * VERBOSE plan prints each node's output, and the wrapper's nodes repeat the statement's constants. A
 * folded constant of 10 MB made the wrapped plan 731 ms to produce and read, the statement's 149 ms.
 */
async function explainCheck(
  ctx: ActionContext,
  trx: Transaction<Database>,
  statement: string,
  run: Run,
): Promise<void> {
  const plan = await run<{ 'QUERY PLAN': unknown }>(`EXPLAIN (VERBOSE, FORMAT JSON) ${statement}`, []);
  const raw = plan.rows[0]?.['QUERY PLAN'];
  const doc = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan: PlanNode }[];
  const touched = { relations: new Set<string>(), functions: new Set<string>() };
  for (const p of doc) walk(p.Plan, touched);
  for (const f of touched.functions) {
    const name = f.replace(/^.*\./, '');
    if (!ALLOWED_FUNCTIONS.has(name)) throw ValidationError.field('sql', `function "${f}" is not allowed`);
  }
  const ids: string[] = [];
  for (const r of touched.relations) {
    const [schema, name] = r.split('\u0000');
    if (schema !== SCHEMA || !UUID.test(name))
      throw new NotAuthorized(`Not authorized to read ${schema ? `${schema}.` : ''}${name}`);
    ids.push(name);
  }
  // The catalogue lives in public: look there, then back to DataStore tables only.
  await sql.raw('SET LOCAL search_path = public').execute(trx);
  await checkReadable(ctx, trx, ids);
  await sql.raw(`SET LOCAL search_path = ${SCHEMA}`).execute(trx);
}

const quoteIdent = (n: string) => `"${n.replace(/"/g, '""')}"`;

function typeName(pg: string): string {
  return canonicalType(pg) ?? (pg.endsWith('[]') ? `_${pg.slice(0, -2)}` : pg);
}

/** Every table named must belong to a dataset the caller can read. */
async function checkReadable(ctx: ActionContext, trx: Transaction<Database>, ids: string[]): Promise<void> {
  if (!ids.length) return;
  const rows = await trx
    .selectFrom('datastore_resource')
    .innerJoin('resource', 'resource.id', 'datastore_resource.resource_id')
    .innerJoin('package', 'package.id', 'datastore_resource.package_id')
    .select([
      'datastore_resource.resource_id',
      'resource.state as rstate',
      'package.id',
      'package.state',
      'package.private',
      'package.owner_org',
      'package.creator_user_id',
    ])
    .where('datastore_resource.resource_id', 'in', ids)
    .where('datastore_resource.active', '=', true)
    .execute();
  const byId = new Map(rows.map((r) => [r.resource_id, r]));
  for (const id of ids) {
    const r = byId.get(id);
    if (!r || r.rstate !== 'active') throw ValidationError.field('query', `relation "${id}" does not exist`);
    if (!ctx.user?.sysadmin && !(await canReadPackage({ db: trx, user: ctx.user }, r)))
      throw new NotAuthorized(`User ${ctx.user?.name ?? ''} not authorized to read resource ${id}`);
  }
}
