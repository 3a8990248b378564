// The dispatcher: every PASPORT_HARVEST_DISPATCH_MINUTES the scheduler runs it, and it queues what is
// due: a harvest job for each active source past its next run, a pull for each external source past
// its next pull. It also ends jobs that hang (no heartbeat within the job timeout: a worker died, or a
// source stopped answering in a way no request timeout caught).
import { sql } from 'kysely';
import type { JobKind, Recurring } from '../scheduler/service.ts';
import type { Config } from '../config.ts';
import { enqueue, stamp } from '../scheduler/queue.ts';
import { EXTERNAL_PULL_JOB, externalPullJob } from '../external/job.ts';
import { createJob, HARVEST_RUN_JOB } from './jobs.ts';
import { nextRun } from './sources.ts';
import { runHarvestJob } from './run.ts';
import type { DB } from '../db/connect.ts';

export const DISPATCH_JOB = 'harvest_dispatch';

export async function endHungJobs(db: DB, now: Date, timeoutMinutes: number): Promise<number> {
  const limit = stamp(new Date(now.getTime() - timeoutMinutes * 60000));
  const res = await sql`UPDATE harvest_job SET status = 'Finished', finished = ${stamp(now)},
      errors = errors || jsonb_build_array(jsonb_build_object('message', 'the job hung and was ended after ' || ${String(timeoutMinutes)} || ' minutes'))
    WHERE (status = 'Running' AND coalesce(heartbeat, gather_started) < ${limit}) OR (status = 'New' AND created < ${limit})`.execute(
    db,
  );
  return Number(res.numAffectedRows ?? 0);
}

const dispatchJob: JobKind = {
  kind: DISPATCH_JOB,
  async handler({ db, services, now }) {
    await endHungJobs(db, now, services.config.harvest.jobTimeoutMinutes);
    const sources = await db
      .selectFrom('harvest_source')
      .select(['id', 'frequency'])
      .where('state', '=', 'active')
      .where('active', '=', true)
      .where('next_run_at', '<=', stamp(now))
      .execute();
    for (const s of sources) {
      const busy = await db
        .selectFrom('harvest_job')
        .select('id')
        .where('source_id', '=', s.id)
        .where('status', 'in', ['New', 'Running'])
        .executeTakeFirst();
      if (!busy) await createJob(db, s.id, now);
      await db
        .updateTable('harvest_source')
        .set({ next_run_at: nextRun(s.frequency, now) })
        .where('id', '=', s.id)
        .execute();
    }
    const pulls = await db
      .selectFrom('external_source')
      .select(['package_id', 'next_run_at'])
      .where('next_run_at', '<=', stamp(now))
      .execute();
    await enqueue(
      db,
      pulls.map((p) => ({
        kind: EXTERNAL_PULL_JOB,
        payload: { package_id: p.package_id },
        runAt: now,
        dedupeKey: `external:${p.package_id}@${p.next_run_at}`,
        maxAttempts: 1,
      })),
    );
    // Not pulled again until the pull itself sets the next time (a failed job: an hour later).
    if (pulls.length)
      await db
        .updateTable('external_source')
        .set({ next_run_at: stamp(new Date(now.getTime() + 3600000)) })
        .where(
          'package_id',
          'in',
          pulls.map((p) => p.package_id),
        )
        .execute();
  },
};

const harvestRunJob: JobKind = {
  kind: HARVEST_RUN_JOB,
  transactional: false,
  async handler({ services, job }) {
    await runHarvestJob(services, String(job.payload.harvest_job_id));
  },
};

export const harvestJobKinds: JobKind[] = [dispatchJob, harvestRunJob, externalPullJob];

export function harvestRecurring(config: Config): Recurring[] {
  const ms = config.harvest.dispatchMinutes * 60000;
  return [
    {
      name: 'harvest-dispatch',
      kind: DISPATCH_JOB,
      next: (after) => new Date((Math.floor(after.getTime() / ms) + 1) * ms),
    },
  ];
}
