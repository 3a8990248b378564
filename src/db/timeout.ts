// Runs reads under a statement_timeout, so one hostile query cannot hold a connection (and the pool,
// and status_show behind it) for as long as it likes: a 1 MB q of words ran 21 s before it was bounded.
import { sql } from 'kysely';
import type { DB } from './connect.ts';

/** Runs `fn` in a transaction (or the caller's) whose statements are cancelled after `ms` milliseconds. */
export async function withStatementTimeout<T>(
  db: DB,
  ms: number,
  fn: (db: DB) => Promise<T>,
  settings: Record<string, string> = {},
): Promise<T> {
  const apply = async (tx: DB) => {
    // One round trip for every setting; `true` makes each local to the transaction.
    const names = Object.keys(settings);
    await sql`SELECT set_config('statement_timeout', ${String(Math.max(1, Math.floor(ms)))}, true)${sql.join(
      names.map((n) => sql`, set_config(${n}, ${settings[n]}, true)`),
      sql``,
    )}`.execute(tx);
    return fn(tx);
  };
  if (db.isTransaction) return apply(db);
  return db.transaction().execute((tx) => apply(tx));
}
