// The quarterly report: at the start of each quarter the scheduler generates the report of the quarter
// that just closed and keeps it (monitoring_report), once (the period is unique). Deadlines are first
// recorded through the quarter's last day, in case the daily sweep did not run then.
import crypto from 'node:crypto';
import type { JobKind } from '../scheduler/service.ts';
import type { DB } from '../db/connect.ts';
import type { Services } from '../services.ts';
import { localDay } from '../calendar/days.ts';
import { calendarFor } from '../calendar/portal.ts';
import { previousQuarter } from '../scheduler/recurring.ts';
import { stamp } from '../scheduler/queue.ts';
import { DeadlineMemo, watchedPassports } from '../reminders/passports.ts';
import { recordDeadlines } from '../reminders/record.ts';
import { buildReport } from './report.ts';

export const QUARTERLY_JOB = 'monitoring.quarterly';

export async function keepQuarterReport(db: DB, services: Services, now: Date): Promise<string | null> {
  const { config } = services;
  const today = localDay(now, config.timezone);
  const q = previousQuarter(today);
  const exists = await db
    .selectFrom('monitoring_report')
    .select('id')
    .where('period', '=', q.period)
    .executeTakeFirst();
  if (exists) return null;
  const memo = new DeadlineMemo(await calendarFor(db, config), config.timezone);
  await recordDeadlines(db, memo, await watchedPassports(db), q.to, now);
  const report = await buildReport(db, config, { from: q.from, to: q.to }, today);
  const id = crypto.randomUUID();
  const res = await db
    .insertInto('monitoring_report')
    .values({
      id,
      period: q.period,
      period_from: q.from,
      period_to: q.to,
      generated: stamp(now),
      data: JSON.stringify(report),
    })
    .onConflict((oc) => oc.column('period').doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) ? id : null;
}

export const quarterlyJob: JobKind = {
  kind: QUARTERLY_JOB,
  async handler({ db, services, now }) {
    await keepQuarterReport(db, services, now);
  },
};
