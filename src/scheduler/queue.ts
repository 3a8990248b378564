// The job queue on PostgreSQL's own facilities: a `job` table, claims by FOR UPDATE SKIP LOCKED (two
// instances never take the same row), a lease that lets another instance take over a job whose worker
// died, and a unique dedupe_key for jobs that must exist at most once. Works unchanged on PGlite.
// pg-boss and graphile-worker were not used: both open their own pg connections from a connection
// string and rely on LISTEN/NOTIFY, which the embedded PGlite (one in-process connection) cannot give.
import { sql } from 'kysely';
import type { DB } from '../db/connect.ts';
import { naiveUtc } from '../packages/time.ts';

export interface Job {
  id: number;
  kind: string;
  payload: Record<string, unknown>;
  run_at: string;
  attempts: number;
  max_attempts: number;
  dedupe_key: string | null;
}

export interface NewJob {
  kind: string;
  payload?: Record<string, unknown>;
  runAt: Date;
  /** At most one job with this key ever exists: a second enqueue is a no-op. */
  dedupeKey?: string | null;
  maxAttempts?: number;
}

/** Naive UTC timestamp, the form every timestamp column holds. */
export function stamp(d: Date): string {
  return naiveUtc(d);
}

/** Enqueue jobs (in the caller's transaction when given one); returns how many were new. */
export async function enqueue(db: DB, jobs: NewJob[]): Promise<number> {
  let added = 0;
  for (let i = 0; i < jobs.length; i += 1000) {
    const rows = jobs.slice(i, i + 1000).map((j) => ({
      kind: j.kind,
      payload: JSON.stringify(j.payload ?? {}),
      run_at: stamp(j.runAt),
      dedupe_key: j.dedupeKey ?? null,
      max_attempts: j.maxAttempts ?? 8,
      locked_by: null,
      locked_until: null,
      last_error: null,
      finished: null,
    }));
    const res = await db
      .insertInto('job')
      .values(rows)
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .returning('id')
      .execute();
    added += res.length;
  }
  return added;
}

/** Take up to `limit` due jobs for this worker; committed at once so the lease is visible to others. */
export async function claim(db: DB, worker: string, now: Date, limit: number, leaseMs: number): Promise<Job[]> {
  const until = stamp(new Date(now.getTime() + leaseMs));
  const rows =
    await sql<Job>`UPDATE job SET state = 'running', locked_by = ${worker}, locked_until = ${until}, attempts = attempts + 1
    WHERE id IN (SELECT id FROM job WHERE state = 'queued' AND run_at <= ${stamp(now)} ORDER BY run_at, id LIMIT ${limit} FOR UPDATE SKIP LOCKED)
    RETURNING id, kind, payload, run_at, attempts, max_attempts, dedupe_key`.execute(db);
  return rows.rows.sort((a, b) => (a.run_at < b.run_at ? -1 : a.run_at > b.run_at ? 1 : a.id - b.id));
}

/**
 * Mark a job done, only if this worker still holds it. Called inside the handler's transaction, a
 * false return (the lease was lost to another instance) rolls the handler's writes back.
 */
export async function complete(db: DB, job: Job, worker: string, now: Date): Promise<boolean> {
  const res = await db
    .updateTable('job')
    .set({ state: 'done', finished: stamp(now), locked_until: null, last_error: null })
    .where('id', '=', job.id)
    .where('locked_by', '=', worker)
    .where('state', '=', 'running')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Seconds to wait before attempt n+1: 1, 2, 4, ... minutes, at most 6 hours. */
export function backoffMs(attempts: number): number {
  return Math.min(60000 * 2 ** Math.max(0, attempts - 1), 6 * 3600000);
}

/** A failed attempt: retried later with backoff, or given up after max_attempts. */
export async function fail(db: DB, job: Job, worker: string, now: Date, error: string): Promise<'retry' | 'failed'> {
  const final = job.attempts >= job.max_attempts;
  await db
    .updateTable('job')
    .set(
      final
        ? { state: 'failed', finished: stamp(now), locked_until: null, last_error: error.slice(0, 2000) }
        : {
            state: 'queued',
            run_at: stamp(new Date(now.getTime() + backoffMs(job.attempts))),
            locked_by: null,
            locked_until: null,
            last_error: error.slice(0, 2000),
          },
    )
    .where('id', '=', job.id)
    .where('locked_by', '=', worker)
    .where('state', '=', 'running')
    .execute();
  return final ? 'failed' : 'retry';
}

/** Jobs whose worker stopped (its lease ran out) go back to the queue, or fail when out of attempts. */
export async function reclaimExpired(db: DB, now: Date): Promise<number> {
  const res = await sql`UPDATE job SET
      state = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'queued' END,
      finished = CASE WHEN attempts >= max_attempts THEN ${stamp(now)}::timestamp ELSE NULL END,
      locked_by = NULL, locked_until = NULL, last_error = 'lease expired'
    WHERE state = 'running' AND locked_until < ${stamp(now)}`.execute(db);
  return Number(res.numAffectedRows ?? 0);
}
