// Popularity counters. A hit (a dataset or resource view reported by the portal's front end, or a
// download served by Pasport) adds 1 to its day's row in tracking_daily; nothing is ever written per
// hit. Hits are summed in memory and flushed as one upsert per (day, thing) every
// PASPORT_TRACKING_FLUSH_MS (0: at once, for tests), so 1,000 views/s of one dataset cost one row
// update per flush instead of 1,000 inserts into a hot table (bench/comments.ts measures it). A crash
// loses at most one interval of counts, which popularity can afford.
//
// Views are counted once per visitor, thing and day, as CKAN's tracking does. The visitor (address and
// user agent) only feeds a keyed hash held in memory for the current day: no IP is stored anywhere.
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Services } from '../services.ts';
import type { DB } from '../db/connect.ts';
import { portalToday } from '../calendar/portal.ts';
import { addDays } from '../calendar/days.ts';

export type HitKind = 'view' | 'download';

export interface Hit {
  kind: HitKind;
  /** '' for what belongs to no dataset (the catalogue export). */
  packageId: string;
  resourceId?: string;
  /** Where a download happened: resource, datastore_dump, catalog_export. */
  channel?: string;
  /** The purpose's id (src/downloads-purpose), '' when none was given. */
  purpose?: string;
}

/** "Recent" is the last 14 days, today included, as CKAN's tracking summary. */
export const RECENT_DAYS = 14;
/** Bound on the in-memory visitor set; past it the set restarts (a few views may count twice). */
const MAX_SEEN = 500_000;

export class TrackingCounter {
  private buffer = new Map<string, { day: string; hit: Required<Hit>; n: number }>();
  private seen = new Set<string>();
  private seenDay = '';
  private readonly salt = crypto.randomBytes(16);
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private decayedDay = '';

  constructor(
    private readonly services: Services,
    private readonly log?: { warn(o: object, m: string): void },
  ) {}

  start(): void {
    const ms = this.services.config.tracking.flushMs;
    if (ms > 0)
      this.timer = setInterval(() => {
        void this.flush();
      }, ms).unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }

  /** Count a hit; `visitor` (address + user agent) makes a view count once per visitor and day. */
  async record(hit: Hit, visitor?: string): Promise<boolean> {
    const day = portalToday(this.services.config);
    const full: Required<Hit> = { resourceId: '', channel: '', purpose: '', ...hit };
    if (hit.kind === 'view' && visitor !== undefined) {
      if (day !== this.seenDay || this.seen.size >= MAX_SEEN) {
        this.seen.clear();
        this.seenDay = day;
      }
      const key = crypto
        .createHmac('sha256', this.salt)
        .update(`${day}\0${visitor}\0${full.packageId}\0${full.resourceId}`)
        .digest('base64url')
        .slice(0, 22);
      if (this.seen.has(key)) return false;
      this.seen.add(key);
    }
    const k = [day, full.kind, full.packageId, full.resourceId, full.channel, full.purpose].join('\0');
    const cur = this.buffer.get(k);
    if (cur) cur.n++;
    else this.buffer.set(k, { day, hit: full, n: 1 });
    if (this.services.config.tracking.flushMs === 0) await this.flush();
    return true;
  }

  /** Write what is buffered (one flush at a time); counts of a failed write go back to the buffer. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.write());
    return this.flushing;
  }

  private async write(): Promise<void> {
    const today = portalToday(this.services.config);
    const rows = [...this.buffer.values()];
    this.buffer = new Map();
    try {
      if (rows.length) {
        await this.services.db.transaction().execute(async (trx) => {
          await addDaily(trx, rows);
          await refreshSummaries(trx, [...new Set(rows.map((r) => r.hit.packageId).filter(Boolean))], today);
        });
      }
      if (this.decayedDay !== today) {
        await decayRecent(this.services.db, today);
        this.decayedDay = today;
      }
    } catch (err) {
      for (const r of rows) {
        const k = [r.day, r.hit.kind, r.hit.packageId, r.hit.resourceId, r.hit.channel, r.hit.purpose].join('\0');
        const cur = this.buffer.get(k);
        if (cur) cur.n += r.n;
        else this.buffer.set(k, r);
      }
      this.log?.warn({ err: (err as Error).message }, 'tracking: counts not written, kept for the next flush');
    }
  }
}

async function addDaily(db: DB, rows: { day: string; hit: Required<Hit>; n: number }[]): Promise<void> {
  // In key order, so concurrent flushes from several instances lock rows in one order.
  rows.sort((a, b) =>
    (a.hit.packageId + a.day + a.hit.kind + a.hit.resourceId + a.hit.channel + a.hit.purpose).localeCompare(
      b.hit.packageId + b.day + b.hit.kind + b.hit.resourceId + b.hit.channel + b.hit.purpose,
    ),
  );
  for (let i = 0; i < rows.length; i += 1000) {
    const values = rows.slice(i, i + 1000).map((r) => ({
      package_id: r.hit.packageId,
      day: r.day,
      kind: r.hit.kind,
      resource_id: r.hit.resourceId,
      channel: r.hit.channel,
      purpose: r.hit.purpose,
      count: r.n,
    }));
    await db
      .insertInto('tracking_daily')
      .values(values)
      .onConflict((oc) =>
        oc
          .columns(['package_id', 'day', 'kind', 'resource_id', 'channel', 'purpose'])
          .doUpdateSet({ count: sql`tracking_daily.count + excluded.count` }),
      )
      .execute();
  }
}

/** Recompute the per-dataset totals and 14-day sums of these datasets from their daily rows. */
async function refreshSummaries(db: DB, packageIds: string[], today: string): Promise<void> {
  if (!packageIds.length) return;
  const from = addDays(today, -(RECENT_DAYS - 1));
  // Dataset views are the page views (no resource); downloads are every download of its resources.
  await sql`INSERT INTO package_tracking (package_id, views_total, views_recent, downloads_total, downloads_recent, recent_day)
    SELECT t.package_id::uuid,
      coalesce(sum(t.count) FILTER (WHERE t.kind = 'view' AND t.resource_id = ''), 0),
      coalesce(sum(t.count) FILTER (WHERE t.kind = 'view' AND t.resource_id = '' AND t.day >= ${from}::date), 0),
      coalesce(sum(t.count) FILTER (WHERE t.kind = 'download'), 0),
      coalesce(sum(t.count) FILTER (WHERE t.kind = 'download' AND t.day >= ${from}::date), 0),
      ${today}::date
    FROM tracking_daily t WHERE t.package_id = ANY(${packageIds}::text[]) GROUP BY t.package_id
    ON CONFLICT (package_id) DO UPDATE SET views_total = excluded.views_total, views_recent = excluded.views_recent,
      downloads_total = excluded.downloads_total, downloads_recent = excluded.downloads_recent, recent_day = excluded.recent_day`.execute(
    db,
  );
}

/** Once per day: the 14-day window slid, so datasets not seen today lose their oldest day. */
async function decayRecent(db: DB, today: string): Promise<void> {
  for (;;) {
    const stale = await db
      .selectFrom('package_tracking')
      .select('package_id')
      .where((eb) => eb.or([eb('recent_day', '<', today), eb('recent_day', 'is', null)]))
      .limit(5000)
      .execute();
    if (!stale.length) return;
    const ids = stale.map((r) => r.package_id);
    await refreshSummaries(db, ids, today);
    await db.updateTable('package_tracking').set({ recent_day: today }).where('package_id', 'in', ids).execute();
  }
}

export function counterOf(services: Services): TrackingCounter | null {
  return (services.extensions.tracking as TrackingCounter | undefined) ?? null;
}
