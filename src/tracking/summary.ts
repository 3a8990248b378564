// The counters of one dataset as package_show reports them with include_tracking (CKAN's
// tracking_summary shape, plus the downloads Pasport counts itself).
import type { DB } from '../db/connect.ts';

export interface Summary {
  tracking_summary: { total: number; recent: number };
  download_summary: { total: number; recent: number };
}

export async function trackingSummary(db: DB, packageId: string): Promise<Summary> {
  const r = await db.selectFrom('package_tracking').selectAll().where('package_id', '=', packageId).executeTakeFirst();
  return {
    tracking_summary: { total: Number(r?.views_total ?? 0), recent: Number(r?.views_recent ?? 0) },
    download_summary: { total: Number(r?.downloads_total ?? 0), recent: Number(r?.downloads_recent ?? 0) },
  };
}

/** The cached dict's JSON text with the summaries appended (the dict is an object: it ends with "}"). */
export function withTracking(json: string, s: Summary): string {
  const end = json.lastIndexOf('}');
  const extra = JSON.stringify(s).slice(1, -1);
  return `${json.slice(0, end)}${json.slice(0, end).trimEnd().endsWith('{') ? '' : ','}${extra}${json.slice(end)}`;
}
