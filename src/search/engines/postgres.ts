// The default engine: the search_doc table in Pasport's own database (PostgreSQL or embedded PGlite).
// Full-text search with per-language analysers and field weights, a trigram fallback for typos when
// nothing matches, facets by SQL (one grouped pass over the matches; match-all from the counts table
// of pg-counts.ts), keyset paging on stored keys.
import { sql, type RawBuilder } from 'kysely';
import type { DB } from '../../db/connect.ts';
import type { SearchDoc } from '../document.ts';
import type { SearchEngine, SearchRequest, SearchResult, SortKey } from '../engine.ts';
import { scoringTexts, type Node } from '../query/ast.ts';
import { pgConfigs } from './pg-language.ts';
import { afterSql, keysetCapable, scalarExpr, sortSql, tsQuery, visibilitySql, whereSql, type PgQueryContext } from './pg-query.ts';
import { writeDocs } from './pg-write.ts';
import type { ResolvedField } from '../fields.ts';
import { ResultCache } from '../result-cache.ts';
import { COUNT_TABLE, COUNTED_FACETS, countTableSql, countTriggersSql, fillCountsSql } from './pg-counts.ts';

type Sql = RawBuilder<unknown>;

export const DOC_TABLE = 'search_doc';
const BUILD_TABLE = 'search_doc_build';
const COUNT_BUILD_TABLE = `${COUNT_TABLE}_build`;
const ARRAY_FACETS: Record<string, string> = { tags: 'tags', groups: 'groups', res_format: 'res_format' };

export class PostgresEngine implements SearchEngine {
  readonly name = 'postgres' as const;
  private readonly configs: string[];
  /** Count and facets per (query, visibility, facet request); see result-cache.ts. */
  readonly counts = new ResultCache<{ count: number; facets: SearchResult['facets'] }>();

  /**
   * `parallel`: the count and each facet as its own query, side by side on the pool's connections
   * (PostgreSQL: several cores). `single-scan`: one query that materialises the matches once (PGlite
   * has one connection, so queries could only run one after another).
   */
  constructor(private readonly db: DB, private readonly languages: string[], private readonly facetMode: 'grouped' | 'parallel' | 'single-scan' = 'grouped') {
    this.configs = pgConfigs(languages);
  }

  async prepare(): Promise<void> {
    await sql`SELECT 1 FROM ${sql.raw(DOC_TABLE)} LIMIT 0`.execute(this.db);
  }

  async upsert(docs: SearchDoc[]): Promise<void> {
    await writeDocs(this.db, DOC_TABLE, docs, this.languages, true);
    if (docs.length) this.counts.invalidate();
  }

  async remove(ids: string[]): Promise<void> {
    if (!ids.length) return;
    await sql`DELETE FROM ${sql.raw(DOC_TABLE)} WHERE id = ANY(${ids}::uuid[])`.execute(this.db);
    this.counts.invalidate();
  }

  supportsKeyset(sort: SortKey[]): boolean {
    return keysetCapable(sort);
  }

  async search(req: SearchRequest): Promise<SearchResult> {
    const first = await this.run(req, false);
    // Typo tolerance: when full text finds nothing, match titles by trigram similarity instead.
    const texts = scoringTexts(req.query).filter((t) => t.field === null);
    if (first.count === 0 && texts.length) {
      // A term that no document matches by full text gains nothing from its full-text alternative in
      // the fallback; dropping it spares a second evaluation of the trigram test per candidate row.
      const dead = new Set<string>();
      // By the GIN index (a LIMIT 1 would tempt the planner into a sequential scan that finds nothing).
      const probe = async (db: DB) => {
        for (const t of texts) {
          const hit = await sql`SELECT 1 FROM ${sql.raw(`${DOC_TABLE} d`)} WHERE d.tsv @@ ${tsQuery(t.value, t.phrase, this.configs)} LIMIT 1`.execute(db);
          if (!hit.rows.length) dead.add(JSON.stringify([t.value, t.phrase]));
        }
      };
      if (this.facetMode === 'single-scan') await probe(this.db);
      else await this.db.transaction().execute(async (tx) => { await sql`SET LOCAL enable_seqscan = off`.execute(tx); await probe(tx); });
      return this.run(req, true, dead);
    }
    return first;
  }

  private async run(req: SearchRequest, fuzzy: boolean, ftsDead?: Set<string>): Promise<SearchResult> {
    const ctx: PgQueryContext = { configs: this.configs, fuzzy, today: req.today, ftsDead };
    const where = sql`${visibilitySql(req.visibility)} AND ${whereSql(req.query, ctx)}`;
    const rank = this.rank(req.scoring, fuzzy);
    const { order, keys } = sortSql(req.sort, rank);
    const table = sql.raw(`${DOC_TABLE} d`);
    const pageWhere = req.after ? sql`${where} AND ${this.after(req.sort, req.after)}` : where;
    const offset = req.after ? 0 : req.start;
    const keyCols = keys.length ? sql`, ${sql.join(keys.map((k, i) => sql`${k} AS ${sql.raw(`k${i}`)}`), sql`, `)}` : sql``;

    // The trigram fallback is dear per candidate row (word similarity over every title): without facets
    // on a first page, the page query counts its matches too (a window over the same single pass).
    if (fuzzy && !req.facets && req.rows > 0 && !req.after && offset === 0) {
      const query = sql<Record<string, unknown>>`SELECT d.id, d.dict${keyCols}, count(*) OVER ()::int AS total__ FROM ${table} WHERE ${where} ORDER BY ${order} LIMIT ${req.rows}`;
      // The candidate set is small for the planner's taste but each row is costly: let workers share it.
      const p = this.facetMode === 'single-scan' ? await query.execute(this.db) : await this.db.transaction().execute(async (tx) => {
        await sql`SET LOCAL parallel_setup_cost = 0`.execute(tx);
        await sql`SET LOCAL parallel_tuple_cost = 0`.execute(tx);
        await sql`SET LOCAL min_parallel_table_scan_size = 0`.execute(tx);
        await sql`SET LOCAL min_parallel_index_scan_size = 0`.execute(tx);
        return query.execute(tx);
      });
      return {
        count: (p.rows[0]?.total__ as number | undefined) ?? 0,
        hits: p.rows.map((r) => ({ id: r.id as string, dict: r.dict as string, key: keys.map((_, i) => r[`k${i}`]) })),
        facets: {},
      };
    }
    const page = req.rows > 0
      ? sql<Record<string, unknown>>`SELECT d.id, d.dict${keyCols} FROM ${table} WHERE ${pageWhere} ORDER BY ${order} LIMIT ${req.rows} OFFSET ${offset}`.execute(this.db)
      : Promise.resolve({ rows: [] as Record<string, unknown>[] });
    const key = JSON.stringify([req.query, req.visibility, req.facets, req.today, fuzzy]);
    const [p, counted] = await Promise.all([page, this.counts.get(key, () => this.countAndFacets(where, req))]);
    return {
      count: counted.count,
      hits: p.rows.map((r) => ({ id: r.id as string, dict: r.dict as string, key: keys.map((_, i) => r[`k${i}`]) })),
      facets: counted.facets,
    };
  }

  /** The count and every facet (see facetMode), cached per query and visibility until the next index write. */
  private async countAndFacets(where: Sql, req: SearchRequest): Promise<{ count: number; facets: SearchResult['facets'] }> {
    if (req.query.type === 'all' && (!req.facets || (req.facets.mincount >= 1 && req.facets.fields.every((f) => COUNTED_FACETS.has(f.name))))) {
      return this.fromCounts(req);
    }
    const fields = (req.facets?.fields ?? []).map((f) => ({ f, arr: ARRAY_FACETS[f.name], expr: scalarExpr(f, req.today) }))
      .filter((x) => x.arr || x.expr);
    if (!fields.length) {
      const c = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.raw(DOC_TABLE)} d WHERE ${where}`.execute(this.db);
      return { count: c.rows[0]?.n ?? 0, facets: {} };
    }
    const { limit, mincount } = req.facets!;
    const lim = limit < 0 ? sql`` : sql`LIMIT ${limit}`;
    const having = mincount > 1 ? sql`HAVING count(*) >= ${mincount}` : sql``;
    const facets: SearchResult['facets'] = {};
    let count = 0;
    if (this.facetMode === 'grouped') {
      count = await this.grouped(where, fields, limit, mincount, facets);
    } else if (this.facetMode === 'parallel') {
      const table = sql.raw(`${DOC_TABLE} d`);
      const [c, ...each] = await Promise.all([
        sql<{ n: number }>`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`.execute(this.db),
        ...fields.map((x) => (x.arr
          ? sql<{ v: string; n: number }>`SELECT v, count(*)::int AS n FROM ${table} CROSS JOIN LATERAL unnest(${sql.raw(`d.${x.arr}`)}) v WHERE ${where} GROUP BY v ${having} ORDER BY n DESC, v ${lim}`
          : sql<{ v: string; n: number }>`SELECT ${x.expr!} AS v, count(*)::int AS n FROM ${table} WHERE ${where} AND ${x.expr!} IS NOT NULL GROUP BY 1 ${having} ORDER BY n DESC, v ${lim}`).execute(this.db)),
      ]);
      count = c.rows[0]?.n ?? 0;
      fields.forEach((x, i) => { facets[x.f.name] = (each[i].rows as { v: string; n: number }[]).map((r) => [String(r.v), r.n]); });
    } else {
      count = await this.singleScan(where, fields, lim, having, facets);
    }
    if (mincount <= 0) {
      for (const x of fields) facets[x.f.name] = await this.withZeros(x.f, facets[x.f.name], req);
    }
    return { count, facets };
  }

  /**
   * Match-all: the count and facets summed from search_facet_count (kept by triggers, see pg-counts.ts)
   * over the visibility classes the caller may read: a few thousand small rows instead of every document.
   */
  private async fromCounts(req: SearchRequest): Promise<{ count: number; facets: SearchResult['facets'] }> {
    const names = (req.facets?.fields ?? []).map((f) => f.name);
    const limit = req.facets?.limit ?? -1;
    const mincount = Math.max(1, req.facets?.mincount ?? 1);
    const lim = limit < 0 ? sql`` : sql`AND (b.facet = '' OR b.rk <= ${limit})`;
    const rows = (await sql<{ facet: string; v: string; n: number }>`SELECT b.facet, b.v, b.n FROM (
        SELECT a.facet, a.v, a.n, row_number() OVER (PARTITION BY a.facet ORDER BY a.n DESC, a.v) AS rk FROM (
          SELECT d.facet, d.v, sum(d.n)::int AS n FROM ${sql.raw(`${COUNT_TABLE} d`)}
          WHERE d.facet = ANY(${['', ...names]}::text[]) AND d.n <> 0 AND ${visibilitySql(req.visibility)} GROUP BY 1, 2
        ) a WHERE a.facet = '' OR a.n >= ${mincount}
      ) b WHERE true ${lim} ORDER BY b.facet, b.rk`.execute(this.db)).rows;
    const facets: SearchResult['facets'] = Object.fromEntries(names.map((n) => [n, [] as [string, number][]]));
    let count = 0;
    for (const r of rows) {
      if (r.facet === '') count = r.n;
      else facets[r.facet].push([r.v, r.n]);
    }
    return { count, facets };
  }

  /**
   * One pass over the matches: each row fans out to (facet, value) pairs (one per array element) and a
   * single GROUP BY counts them all; the count itself is facet 0. Per-facet top-N by a window.
   */
  private async grouped(where: Sql, fields: { f: ResolvedField; arr?: string; expr: Sql | null }[], limit: number, mincount: number, facets: SearchResult['facets']): Promise<number> {
    const pairs = fields.map((x, i) => (x.arr
      ? sql`SELECT ${sql.lit(i + 1)}, u FROM unnest(${sql.raw(`d.${x.arr}`)}) u`
      : sql`SELECT ${sql.lit(i + 1)}, (${x.expr!})::text WHERE ${x.expr!} IS NOT NULL`));
    const having = mincount > 1 ? sql`HAVING x.f = 0 OR count(*) >= ${mincount}` : sql``;
    const lim = limit < 0 ? sql`` : sql`WHERE b.f = 0 OR b.rk <= ${limit}`;
    const query = sql<{ f: number; v: string | null; n: number }>`SELECT b.f, b.v, b.n FROM (
        SELECT a.f, a.v, a.n, row_number() OVER (PARTITION BY a.f ORDER BY a.n DESC, a.v) AS rk FROM (
          SELECT x.f, x.v, count(*)::int AS n FROM ${sql.raw(`${DOC_TABLE} d`)}
          CROSS JOIN LATERAL (SELECT 0 AS f, NULL::text AS v UNION ALL ${sql.join(pairs, sql` UNION ALL `)}) x
          WHERE ${where} GROUP BY 1, 2 ${having}
        ) a
      ) b ${lim} ORDER BY b.f, b.rk`;
    const rows = (await query.execute(this.db)).rows;
    fields.forEach((x) => { facets[x.f.name] = []; });
    let count = 0;
    for (const r of rows) {
      if (r.f === 0) count = r.n;
      else facets[fields[r.f - 1].f.name].push([String(r.v), r.n]);
    }
    return count;
  }

  private async singleScan(where: Sql, fields: { f: ResolvedField; arr?: string; expr: Sql | null }[], lim: Sql, having: Sql, facets: SearchResult['facets']): Promise<number> {
    const cols = sql.join(fields.map((x, i) => sql`${x.arr ? sql.raw(`d.${x.arr}`) : x.expr!} AS ${sql.raw(`c${i}`)}`), sql`, `);
    const branches = fields.map((x, i) => {
      const c = sql.raw(`c${i}`);
      return x.arr
        ? sql`(SELECT ${sql.lit(i + 1)} AS f, v, count(*)::int AS n FROM m CROSS JOIN LATERAL unnest(m.${c}) v GROUP BY v ${having} ORDER BY n DESC, v ${lim})`
        : sql`(SELECT ${sql.lit(i + 1)} AS f, m.${c} AS v, count(*)::int AS n FROM m WHERE m.${c} IS NOT NULL GROUP BY 2 ${having} ORDER BY n DESC, v ${lim})`;
    });
    const query = sql<{ f: number; v: string | null; n: number }>`WITH m AS MATERIALIZED (SELECT ${cols} FROM ${sql.raw(DOC_TABLE)} d WHERE ${where})
      SELECT 0 AS f, NULL::text AS v, count(*)::int AS n FROM m UNION ALL ${sql.join(branches, sql` UNION ALL `)}`;
    // The materialised rows of a match-all query outgrow the default work_mem; keep them in memory.
    const rows = await this.db.transaction().execute(async (tx) => {
      await sql`SET LOCAL work_mem = '64MB'`.execute(tx);
      return (await query.execute(tx)).rows;
    });
    fields.forEach((x) => { facets[x.f.name] = []; });
    let count = 0;
    for (const r of rows) {
      if (r.f === 0) count = r.n;
      else facets[fields[r.f - 1].f.name].push([String(r.v), r.n]);
    }
    return count;
  }

  /** facet.mincount=0: every value the caller could see, beyond those that matched. */
  private async withZeros(f: ResolvedField, items: [string, number][], req: SearchRequest): Promise<[string, number][]> {
    const arr = ARRAY_FACETS[f.name];
    const vis = visibilitySql(req.visibility);
    const e = scalarExpr(f, req.today);
    const all = arr
      ? await sql<{ v: string }>`SELECT DISTINCT v FROM ${sql.raw(DOC_TABLE)} d CROSS JOIN LATERAL unnest(${sql.raw(`d.${arr}`)}) v WHERE ${vis} ORDER BY v`.execute(this.db)
      : await sql<{ v: string }>`SELECT DISTINCT ${e!} AS v FROM ${sql.raw(DOC_TABLE)} d WHERE ${vis} AND ${e!} IS NOT NULL ORDER BY v`.execute(this.db);
    const out = [...items];
    const seen = new Set(out.map(([v]) => v));
    for (const r of all.rows) if (!seen.has(r.v)) out.push([r.v, 0]);
    const limit = req.facets!.limit;
    if (limit >= 0) out.length = Math.min(out.length, limit);
    return out;
  }

  private rank(texts: Extract<Node, { type: 'text' }>[], fuzzy: boolean): Sql | null {
    const free = texts.filter((t) => t.field === null || t.field === 'text');
    if (!free.length) return null;
    if (fuzzy) return sql`(${sql.join(free.map((t) => sql`word_similarity(${t.value}, d.title_text)`), sql` + `)})`;
    const q = sql.join(free.map((t) => tsQuery(t.value, t.phrase, this.configs)), sql` && `);
    return sql`ts_rank(d.tsv, ${q})`;
  }

  private after(sort: SortKey[], after: unknown[]): Sql {
    // One direction throughout: a row comparison, which a composite index answers directly.
    if (sort.every((k) => k.dir === sort[0].dir) && sort.length > 1) {
      const types: Record<string, string> = { id: 'uuid', metadata_modified: 'timestamp', metadata_created: 'timestamp', name: 'text', title_string: 'text' };
      const cols = sql.raw(`(${sort.map((k) => `d.${k.field}`).join(', ')})`);
      const vals = sql.join(sort.map((k, i) => sql`${after[i]}::${sql.raw(types[k.field])}`), sql`, `);
      return sort[0].dir === 'asc' ? sql`${cols} > (${vals})` : sql`${cols} < (${vals})`;
    }
    return afterSql(sort, after);
  }

  async rebuild(fill: (sink: (docs: SearchDoc[]) => Promise<void>) => Promise<void>, beforeSwap?: () => Promise<void>): Promise<void> {
    const db = this.db;
    await sql`DROP TABLE IF EXISTS ${sql.raw(BUILD_TABLE)}`.execute(db);
    await sql`CREATE TABLE ${sql.raw(BUILD_TABLE)} (LIKE ${sql.raw(DOC_TABLE)} INCLUDING DEFAULTS INCLUDING STORAGE)`.execute(db);
    // Indexes are built after the bulk load: far cheaper than maintaining GIN indexes row by row.
    await fill((docs) => writeDocs(db, BUILD_TABLE, docs, this.languages, false));
    await sql`ALTER TABLE ${sql.raw(BUILD_TABLE)} ADD CONSTRAINT ${sql.raw(`${BUILD_TABLE}_pkey`)} PRIMARY KEY (id)`.execute(db);
    const indexes = (await sql<{ indexname: string; indexdef: string }>`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ${DOC_TABLE} AND schemaname = current_schema() AND indexname <> ${`${DOC_TABLE}_pkey`}`.execute(db)).rows;
    await Promise.all(indexes.map((ix) => {
      const def = ix.indexdef
        .replace(/^CREATE (UNIQUE )?INDEX \S+ ON /, (_m, u) => `CREATE ${u ?? ''}INDEX ${ix.indexname}_build ON `)
        .replace(new RegExp(` ON (\\S+\\.)?${DOC_TABLE} `), ` ON ${BUILD_TABLE} `);
      return sql.raw(def).execute(db);
    }));
    await sql`ANALYZE ${sql.raw(BUILD_TABLE)}`.execute(db);
    await sql`DROP TABLE IF EXISTS ${sql.raw(COUNT_BUILD_TABLE)}`.execute(db);
    await countTableSql(COUNT_BUILD_TABLE).execute(db);
    await fillCountsSql(BUILD_TABLE, COUNT_BUILD_TABLE).execute(db);
    if (beforeSwap) await beforeSwap();
    // The swap: one short transaction; readers wait for it at most a moment and never see an empty index.
    await db.transaction().execute(async (tx) => {
      await sql`LOCK TABLE ${sql.raw(DOC_TABLE)} IN ACCESS EXCLUSIVE MODE`.execute(tx);
      await sql`DROP TABLE ${sql.raw(DOC_TABLE)}`.execute(tx);
      await sql`ALTER TABLE ${sql.raw(BUILD_TABLE)} RENAME TO ${sql.raw(DOC_TABLE)}`.execute(tx);
      await sql`ALTER INDEX ${sql.raw(`${BUILD_TABLE}_pkey`)} RENAME TO ${sql.raw(`${DOC_TABLE}_pkey`)}`.execute(tx);
      for (const ix of indexes) await sql`ALTER INDEX ${sql.raw(`${ix.indexname}_build`)} RENAME TO ${sql.raw(ix.indexname)}`.execute(tx);
      // The counts belong to the table they were computed from; the triggers follow the new table.
      await sql`LOCK TABLE ${sql.raw(COUNT_TABLE)} IN ACCESS EXCLUSIVE MODE`.execute(tx);
      await sql`DROP TABLE ${sql.raw(COUNT_TABLE)}`.execute(tx);
      await sql`ALTER TABLE ${sql.raw(COUNT_BUILD_TABLE)} RENAME TO ${sql.raw(COUNT_TABLE)}`.execute(tx);
      await sql`ALTER INDEX ${sql.raw(`${COUNT_BUILD_TABLE}_pkey`)} RENAME TO ${sql.raw(`${COUNT_TABLE}_pkey`)}`.execute(tx);
      for (const t of countTriggersSql(DOC_TABLE, COUNT_TABLE)) await t.execute(tx);
    });
    this.counts.invalidate();
  }

  async inventory(): Promise<Map<string, string>> {
    const rows = (await sql<{ id: string; m: string }>`SELECT id, metadata_modified AS m FROM ${sql.raw(DOC_TABLE)}`.execute(this.db)).rows;
    return new Map(rows.map((r) => [r.id, r.m]));
  }
}
