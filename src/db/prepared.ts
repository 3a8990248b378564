// Hot statements prepared once per PostgreSQL connection. pg sends every other query as an unnamed
// statement, which the server parses, analyses and plans on each execution. A signed-in vote (a
// three-part CTE) from 10 clients of pgbench on this 2-core machine: 2,000-2,400/s unnamed,
// 3,600-3,800/s prepared; over HTTP (bench/citizens.ts) 795-844 votes/s unnamed, 1,061-1,330 prepared.
//
// Only statements a module names with executePrepared are prepared: a bounded set of fixed texts.
// They should return a fixed, narrow row (no `SELECT *`): a prepared statement whose table gains a
// column while it is cached fails with "cached plan must not change result type".
import pg from 'pg';
import type { Compilable, Kysely } from 'kysely';
import type { Database } from './schema.ts';

const names = new Map<string, string>();
// Statements differ only by their text; a text built from data (an IN list of varying length) would
// grow this without end, so past the bound a statement simply runs unnamed.
const MAX_PREPARED = 200;

/** A pg Client that sends the registered statements under their names. */
export class PreparingClient extends pg.Client {
  // pg's query() is heavily overloaded: the arguments pass through as they came.
  override query(config: any, values?: any, callback?: any): any {
    const name = typeof config === 'string' ? names.get(config) : undefined;
    if (name) return super.query({ name, text: config, values }, callback);
    return super.query(config, values, callback);
  }
}

/** Runs a query as a named prepared statement (on PostgreSQL; PGlite runs it as usual). */
export async function executePrepared<R>(db: Kysely<Database>, query: Compilable<R>): Promise<R[]> {
  const compiled = query.compile();
  if (!names.has(compiled.sql) && names.size < MAX_PREPARED) names.set(compiled.sql, `pasport_${names.size + 1}`);
  return (await db.executeQuery(compiled)).rows;
}
