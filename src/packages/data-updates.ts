// Every data update of a dataset is recorded: DataStore loads, file uploads, URL changes, and the
// package_data_updated action (an author's system after pushing data, or an external API's update).
// Deadlines (src/deadlines/calc.ts) and monitoring are computed from this history; package.last_data_update
// is its latest entry, kept in the same transaction so package dicts need no extra query.
//
// API (stable; used by DataStore, resources, package_data_updated, the scheduler and monitoring):
//   recordDataUpdate(ctx, { packageId, resourceId?, source, note?, throttleMs? }): Promise<string | null>
//       writes the history row (time from the service's clock) and moves last_data_update; returns the
//       timestamp, or null when throttled (a stream of DataStore batches records once per throttleMs)
//   clockIso(ctx): string                      the clock's now as a naive UTC timestamp (CKAN's shape)
//   updateDays(db, packageIds, timeZone, until?): Map<packageId, LocalDay[]>   the history as portal days
import type { ActionContext } from '../actions/types.ts';
import type { DB } from '../db/connect.ts';
import type { DataUpdateSource } from '../db/schema.ts';
import { recordChange } from '../outbox.ts';
import { nowIso, naiveUtc } from './time.ts';
import { localDay, type LocalDay } from '../calendar/days.ts';

export const DATA_UPDATE_SOURCES: DataUpdateSource[] = ['datastore', 'upload', 'url', 'api', 'external', 'harvest'];

export function clockIso(ctx: Pick<ActionContext, 'services'>, offsetMs = 0): string {
  return naiveUtc(new Date(ctx.services.clock.now().getTime() + offsetMs));
}

export interface DataUpdateInput {
  packageId: string;
  resourceId?: string | null;
  source: DataUpdateSource;
  note?: string | null;
  /** Record at most one update per this many ms (DataStore batch streams); default: always. */
  throttleMs?: number;
}

export async function recordDataUpdate(ctx: ActionContext, u: DataUpdateInput): Promise<string | null> {
  const at = clockIso(ctx);
  let q = ctx.db
    .updateTable('package')
    .set({ last_data_update: at, metadata_modified: nowIso() })
    .where('id', '=', u.packageId);
  // The row lock this update takes serialises writers until commit; a stream of batches takes it once per interval.
  const floor = u.throttleMs ? clockIso(ctx, -u.throttleMs) : at;
  q = q.where((eb) =>
    eb.or([eb('last_data_update', 'is', null), eb('last_data_update', u.throttleMs ? '<' : '<=', floor as never)]),
  );
  const moved = await q.executeTakeFirst();
  if (u.throttleMs && Number(moved.numUpdatedRows) === 0) return null;
  await ctx.db
    .insertInto('data_update')
    .values({
      package_id: u.packageId,
      resource_id: u.resourceId ?? null,
      at,
      user_id: ctx.user?.id ?? null,
      source: u.source,
      note: u.note ?? null,
    })
    .execute();
  await recordChange(ctx, 'package', u.packageId);
  return at;
}

export async function updateDays(
  db: DB,
  packageIds: string[],
  timeZone: string,
  until?: string,
): Promise<Map<string, LocalDay[]>> {
  const out = new Map<string, LocalDay[]>();
  if (!packageIds.length) return out;
  let q = db.selectFrom('data_update').select(['package_id', 'at']).where('package_id', 'in', packageIds).orderBy('at');
  if (until) q = q.where('at', '<=', until);
  for (const r of await q.execute()) {
    const list = out.get(r.package_id) ?? [];
    list.push(localDay(r.at, timeZone));
    out.set(r.package_id, list);
  }
  return out;
}
