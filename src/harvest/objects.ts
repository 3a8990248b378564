// Harvest objects: one row per dataset a job wrote (added, updated, deleted) or failed on. The row
// marked `current` for a (source, guid) maps the source's dataset to ours and holds the content hash
// the next run compares with: an unchanged dataset is not rewritten (and gets no new row).
import crypto from 'node:crypto';
import type { DB } from '../db/connect.ts';
import { stamp } from '../scheduler/queue.ts';

export interface CurrentObject {
  guid: string;
  package_id: string | null;
  content_hash: string | null;
  package_state: string | null;
}

export interface NewObject {
  id: string;
  guid: string;
  package_id: string | null;
  content_hash: string | null;
  remote_modified: string | null;
  report_status: 'added' | 'updated' | 'deleted' | 'errored';
  errors: { message: string }[];
  content: unknown;
}

export function contentHash(v: unknown): string {
  return crypto.createHash('sha256').update(JSON.stringify(v)).digest('hex');
}

export async function currentObjects(db: DB, sourceId: string): Promise<Map<string, CurrentObject>> {
  const rows = await db
    .selectFrom('harvest_object as o')
    .leftJoin('package as p', 'p.id', 'o.package_id')
    .select(['o.guid', 'o.package_id', 'o.content_hash', 'p.state as package_state'])
    .where('o.source_id', '=', sourceId)
    .where('o.current', '=', true)
    .execute();
  return new Map(rows.map((r) => [r.guid, r]));
}

/** Saves a batch; added/updated become current for their guid, deleted ones end the guid's mapping. */
export async function saveObjects(
  db: DB,
  sourceId: string,
  jobId: string,
  objects: NewObject[],
  now: Date,
): Promise<void> {
  for (let i = 0; i < objects.length; i += 500) {
    const batch = objects.slice(i, i + 500);
    const ending = batch.filter((o) => o.report_status !== 'errored').map((o) => o.guid);
    await db.transaction().execute(async (trx) => {
      if (ending.length)
        await trx
          .updateTable('harvest_object')
          .set({ current: false })
          .where('source_id', '=', sourceId)
          .where('current', '=', true)
          .where('guid', 'in', ending)
          .execute();
      await trx
        .insertInto('harvest_object')
        .values(
          batch.map((o) => ({
            id: o.id,
            job_id: jobId,
            source_id: sourceId,
            guid: o.guid,
            package_id: o.package_id,
            content_hash: o.content_hash,
            remote_modified: o.remote_modified,
            current: o.report_status === 'added' || o.report_status === 'updated',
            state: o.report_status === 'errored' ? 'ERROR' : 'COMPLETE',
            report_status: o.report_status,
            errors: JSON.stringify(o.errors),
            content: o.content === undefined ? null : JSON.stringify(o.content).slice(0, 200_000),
            created: stamp(now),
          })),
        )
        .execute();
    });
  }
}

export function objectDict(o: {
  id: string;
  job_id: string | null;
  source_id: string;
  guid: string;
  package_id: string | null;
  content_hash: string | null;
  remote_modified: string | null;
  current: boolean;
  state: string;
  report_status: string;
  errors: unknown;
  content: string | null;
  created: string;
}) {
  return {
    id: o.id,
    harvest_job_id: o.job_id,
    harvest_source_id: o.source_id,
    guid: o.guid,
    package_id: o.package_id,
    current: o.current,
    state: o.state,
    report_status: o.report_status,
    content_hash: o.content_hash,
    metadata_modified_date: o.remote_modified,
    gathered: o.created,
    errors: o.errors,
    content: o.content,
  };
}
