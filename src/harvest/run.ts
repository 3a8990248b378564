// One harvest job from start to end: claim it (New -> Running), gather from the source, import, and
// finish with its statistics (Finished, with errors when something failed). The job's clock time is
// checked at every page and every batch of writes: past PASPORT_HARVEST_JOB_TIMEOUT it ends, so a
// source that drips data forever cannot hold a job for days; a single request that stalls ends at
// PASPORT_HARVEST_TIMEOUT_MS. Old jobs are pruned to PASPORT_HARVEST_KEEP_JOBS per source.
import { sql } from 'kysely';
import type { Services } from '../services.ts';
import { stamp } from '../scheduler/queue.ts';
import { unseal } from '../external/secrets.ts';
import { runnerFor, siteUser } from '../external/site-user.ts';
import { gatherCkan } from './gather-ckan.ts';
import { gatherDcat } from './gather-dcat.ts';
import { gatherEgov } from './gather-egov.ts';
import { importAll, type ImportStats } from './import.ts';
import { currentObjects, saveObjects } from './objects.ts';
import { pruneJobs } from './prune.ts';
import type { Gatherer, JobRow, SourceRow } from './types.ts';

const GATHERERS: Record<SourceRow['source_type'], Gatherer> = { ckan: gatherCkan, dcat: gatherDcat, egov: gatherEgov };

export class JobTimedOut extends Error {}

export interface RunHooks {
  progress?(phase: 'gather' | 'import', done: number, total: number, note?: string): void;
}

async function lastCursor(services: Services, sourceId: string): Promise<string | null> {
  const row = await services.db
    .selectFrom('harvest_job')
    .select('cursor')
    .where('source_id', '=', sourceId)
    .where('status', '=', 'Finished')
    .where('dry_run', '=', false)
    .where('cursor', 'is not', null)
    .where(sql<boolean>`errors = '[]'::jsonb`)
    .orderBy('created', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.cursor ?? null;
}

function sourceHeaders(services: Services, source: SourceRow): Record<string, string> {
  if (!source.secret) return {};
  // ckanext-harvest sends the key bare in Authorization; X-CKAN-API-Key covers older servers.
  const key = unseal(services.config, source.secret);
  return { Authorization: key, 'X-CKAN-API-Key': key };
}

export async function runHarvestJob(
  services: Services,
  jobId: string,
  hooks: RunHooks = {},
): Promise<JobRow | undefined> {
  const { db, clock, config } = services;
  const started = clock.now();
  const job = await db
    .updateTable('harvest_job')
    .set({ status: 'Running', gather_started: stamp(started), heartbeat: stamp(started) })
    .where('id', '=', jobId)
    .where('status', '=', 'New')
    .returningAll()
    .executeTakeFirst();
  if (!job) return undefined;
  const source = await db
    .selectFrom('harvest_source')
    .selectAll()
    .where('id', '=', job.source_id)
    .executeTakeFirstOrThrow();
  const deadline = started.getTime() + config.harvest.jobTimeoutMinutes * 60000;
  const check = async () => {
    const now = clock.now();
    if (now.getTime() > deadline)
      throw new JobTimedOut(`the job ran over ${config.harvest.jobTimeoutMinutes} minutes and was ended`);
    await db
      .updateTable('harvest_job')
      .set({ heartbeat: stamp(now) })
      .where('id', '=', jobId)
      .execute();
  };
  const stats: ImportStats & { gathered?: number } = { added: 0, updated: 0, unchanged: 0, deleted: 0, errored: 0 };
  const errors: { guid?: string; message: string }[] = [];
  let cursor: string | null = null;
  try {
    const since = job.force_all ? null : await lastCursor(services, source.id);
    let pages = 0;
    const gathered = await GATHERERS[source.source_type]({
      services,
      source,
      since,
      headers: sourceHeaders(services, source),
      tick: async (note) => {
        await check();
        hooks.progress?.('gather', ++pages, 0, note);
      },
    });
    await db
      .updateTable('harvest_job')
      .set({ gather_finished: stamp(clock.now()) })
      .where('id', '=', jobId)
      .execute();
    stats.gathered = gathered.datasets.length;
    cursor = gathered.cursor;
    for (const e of gathered.errors) errors.push({ guid: e.guid, message: e.message });
    const current = await currentObjects(db, source.id);
    Object.assign(
      stats,
      await importAll(
        {
          runner: await runnerFor(services),
          user: await siteUser(services),
          source,
          dryRun: job.dry_run,
          check,
          progress: (d, t) => hooks.progress?.('import', d, t),
          save: (objects) => saveObjects(db, source.id, jobId, objects, clock.now()),
        },
        gathered,
        current,
      ),
    );
  } catch (e) {
    errors.push({ message: e instanceof Error ? e.message : String(e) });
    cursor = null;
  }
  const done = await db
    .updateTable('harvest_job')
    .set({
      status: 'Finished',
      finished: stamp(clock.now()),
      stats: JSON.stringify(stats),
      cursor,
      errors: JSON.stringify(errors.slice(0, 1000)),
    })
    .where('id', '=', jobId)
    .returningAll()
    .executeTakeFirst();
  await pruneJobs(db, source.id, config.harvest.keepJobs);
  return done;
}
