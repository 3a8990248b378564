// History is bounded: a source keeps its newest PASPORT_HARVEST_KEEP_JOBS finished jobs. Objects of
// older jobs go with them, except the current ones (they map the source's guids to our datasets).
import type { DB } from '../db/connect.ts';

export async function pruneJobs(db: DB, sourceId: string, keep: number): Promise<number> {
  const old = await db
    .selectFrom('harvest_job')
    .select('id')
    .where('source_id', '=', sourceId)
    .where('status', '=', 'Finished')
    .orderBy('created', 'desc')
    .offset(keep)
    .limit(100000)
    .execute();
  if (!old.length) return 0;
  const ids = old.map((r) => r.id);
  await db.deleteFrom('harvest_object').where('job_id', 'in', ids).where('current', '=', false).execute();
  await db.deleteFrom('harvest_job').where('id', 'in', ids).execute();
  return ids.length;
}
