// Harvest jobs in ckanext-harvest's shape (harvest_job_show): status New / Running / Finished, gather
// and finish times, stats per report status, and the errors (gather errors and per-object errors).
import crypto from 'node:crypto';
import type { DB } from '../db/connect.ts';
import { ValidationError } from '../errors.ts';
import { enqueue, stamp } from '../scheduler/queue.ts';
import type { JobRow } from './types.ts';

export const HARVEST_RUN_JOB = 'harvest_run';

export function jobDict(j: JobRow) {
  const s = j.stats ?? {};
  return {
    id: j.id,
    source_id: j.source_id,
    status: j.status,
    dry_run: j.dry_run,
    force_all: j.force_all,
    created: j.created,
    gather_started: j.gather_started,
    gather_finished: j.gather_finished,
    finished: j.finished,
    stats: {
      added: s.added ?? 0,
      updated: s.updated ?? 0,
      not_modified: s.unchanged ?? 0,
      deleted: s.deleted ?? 0,
      errored: s.errored ?? 0,
      gathered: s.gathered ?? 0,
    },
    errors: j.errors,
    cursor: j.cursor,
  };
}

/** A New job for the source, and the scheduler job that runs it; refuses when one is already New/Running. */
export async function createJob(
  db: DB,
  sourceId: string,
  now: Date,
  opts: { dryRun?: boolean; forceAll?: boolean; schedule?: boolean } = {},
): Promise<JobRow> {
  const busy = await db
    .selectFrom('harvest_job')
    .select('id')
    .where('source_id', '=', sourceId)
    .where('status', 'in', ['New', 'Running'])
    .executeTakeFirst();
  if (busy)
    throw ValidationError.field('source_id', `There already is an unrun or running job for this source (${busy.id})`);
  const row = await db
    .insertInto('harvest_job')
    .values({
      id: crypto.randomUUID(),
      source_id: sourceId,
      status: 'New',
      created: stamp(now),
      dry_run: !!opts.dryRun,
      force_all: !!opts.forceAll,
      gather_started: null,
      gather_finished: null,
      finished: null,
      heartbeat: null,
      cursor: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (opts.schedule !== false)
    await enqueue(db, [
      {
        kind: HARVEST_RUN_JOB,
        payload: { harvest_job_id: row.id },
        runAt: now,
        dedupeKey: `harvest:${row.id}`,
        maxAttempts: 1,
      },
    ]);
  return row;
}
