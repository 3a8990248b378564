// The monitoring report: per organization, over a period [from, to] of portal days, judged as of
// min(to, today). Everything follows from recorded history only: the deadlines the sweep recorded as
// they came due (package_deadline, with the organization responsible then), the data_update history,
// and status changes (package_status_change). A deadline is met on time by an update after the
// previous deadline and on or before it; otherwise late by the first update after it (late days =
// that day - deadline); still overdue when no update came by the as-of day; pending when not yet past.
import { sql } from 'kysely';
import type { DB } from '../db/connect.ts';
import type { Config } from '../config.ts';
import { addDays, type LocalDay } from '../calendar/days.ts';

export interface OrgFigures {
  organization_id: string | null;
  name: string | null;
  title: string | null;
  code: string | null;
  passports: number;
  deadlines: number;
  on_time: number;
  late: number;
  late_days: number;
  overdue: number;
  pending: number;
  deactivations: number;
}

export interface Report {
  from: LocalDay;
  to: LocalDay;
  as_of: LocalDay;
  organizations: OrgFigures[];
  totals: Omit<OrgFigures, 'organization_id' | 'name' | 'title' | 'code'>;
}

const FIGURES = [
  'passports',
  'deadlines',
  'on_time',
  'late',
  'late_days',
  'overdue',
  'pending',
  'deactivations',
] as const;

/** The UTC instant (naive, as stored) at which a portal day begins. */
const dayStart = (day: unknown, tz: string) => sql`((${day})::date::timestamp AT TIME ZONE ${tz}) AT TIME ZONE 'UTC'`;

async function deadlineFigures(db: DB, tz: string, from: LocalDay, to: LocalDay, asOf: LocalDay, org: string | null) {
  // met_at is the first update after the previous deadline (src/reminders/record.ts); judged at the
  // end of the as-of day, so later updates never change a closed period.
  const asOfEnd = dayStart(addDays(asOf, 1), tz);
  const met = sql`(d.met_at IS NOT NULL AND d.met_at < ${asOfEnd})`;
  const r = await sql<{
    org: string | null;
    deadlines: number;
    on_time: number;
    late: number;
    late_days: number;
    overdue: number;
    pending: number;
  }>`
    SELECT d.organization_id AS org, count(*)::int AS deadlines,
      count(*) FILTER (WHERE ${met} AND d.met_at < d.due_end)::int AS on_time,
      count(*) FILTER (WHERE ${met} AND d.met_at >= d.due_end)::int AS late,
      coalesce(sum(((d.met_at AT TIME ZONE 'UTC') AT TIME ZONE ${tz})::date - d.due) FILTER (WHERE ${met} AND d.met_at >= d.due_end), 0)::int AS late_days,
      count(*) FILTER (WHERE NOT ${met} AND d.due < ${asOf}::date)::int AS overdue,
      count(*) FILTER (WHERE NOT ${met} AND d.due >= ${asOf}::date)::int AS pending
    FROM package_deadline d
    WHERE d.due BETWEEN ${from}::date AND ${to}::date AND d.due <= ${asOf}::date
      ${org ? sql`AND d.organization_id = ${org}` : sql``}
    GROUP BY d.organization_id`.execute(db);
  return r.rows;
}

async function passportCounts(db: DB, tz: string, to: LocalDay, org: string | null) {
  const end = dayStart(addDays(to, 1), tz);
  const r = await sql<{ org: string | null; n: number }>`SELECT owner_org AS org, count(*)::int AS n FROM package
    WHERE type = 'dataset' AND passport_code IS NOT NULL AND metadata_created < ${end}
      AND (state <> 'deleted' OR deleted_at >= ${end}) AND state <> 'draft'
      ${org ? sql`AND owner_org = ${org}` : sql``}
    GROUP BY owner_org`.execute(db);
  return r.rows;
}

async function deactivationCounts(db: DB, tz: string, from: LocalDay, to: LocalDay, org: string | null) {
  const r = await sql<{
    org: string | null;
    n: number;
  }>`SELECT organization_id AS org, count(*)::int AS n FROM package_status_change
    WHERE action = 'deactivate' AND created >= ${dayStart(from, tz)} AND created < ${dayStart(addDays(to, 1), tz)}
      ${org ? sql`AND organization_id = ${org}` : sql``}
    GROUP BY organization_id`.execute(db);
  return r.rows;
}

export async function buildReport(
  db: DB,
  config: Config,
  period: { from: LocalDay; to: LocalDay; organization?: string | null },
  today: LocalDay,
): Promise<Report> {
  const tz = config.timezone;
  const { from, to } = period;
  const org = period.organization ?? null;
  const asOf = to < today ? to : today;
  const [deadlines, passports, deactivations] = await Promise.all([
    deadlineFigures(db, tz, from, to, asOf, org),
    passportCounts(db, tz, to, org),
    deactivationCounts(db, tz, from, to, org),
  ]);
  const byOrg = new Map<string | null, OrgFigures>();
  const row = (id: string | null): OrgFigures => {
    let r = byOrg.get(id);
    if (!r)
      byOrg.set(
        id,
        (r = {
          organization_id: id,
          name: null,
          title: null,
          code: null,
          passports: 0,
          deadlines: 0,
          on_time: 0,
          late: 0,
          late_days: 0,
          overdue: 0,
          pending: 0,
          deactivations: 0,
        }),
      );
    return r;
  };
  for (const d of deadlines)
    Object.assign(row(d.org), {
      deadlines: d.deadlines,
      on_time: d.on_time,
      late: d.late,
      late_days: d.late_days,
      overdue: d.overdue,
      pending: d.pending,
    });
  for (const p of passports) row(p.org).passports = p.n;
  for (const x of deactivations) row(x.org).deactivations = x.n;
  const ids = [...byOrg.keys()].filter((k): k is string => !!k);
  if (ids.length) {
    for (const g of await db
      .selectFrom('group')
      .select(['id', 'name', 'title', 'code'])
      .where('id', 'in', ids)
      .execute())
      Object.assign(row(g.id), { name: g.name, title: g.title ?? g.name, code: g.code });
  }
  const organizations = [...byOrg.values()].sort(
    (a, b) => (a.code ?? '~').localeCompare(b.code ?? '~') || (a.name ?? '').localeCompare(b.name ?? ''),
  );
  const totals = Object.fromEntries(
    FIGURES.map((f) => [f, organizations.reduce((s, o) => s + o[f], 0)]),
  ) as Report['totals'];
  return { from, to, as_of: asOf, organizations, totals };
}

export const REPORT_COLUMNS = ['code', 'name', 'title', ...FIGURES] as const;
