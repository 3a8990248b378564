// Records every deadline as it comes due (package_deadline), with the deadline before it and the
// organization responsible at that moment. Monitoring judges these recorded deadlines against the
// data_update history, so a later change of schedule or organization never rewrites a past report.
// A cursor (deadline_sweep 'deadlines') remembers the last day recorded; the row lock on it makes
// the daily sweep and the quarterly report (which records up to its quarter's end first) take turns.
import type { DB } from '../db/connect.ts';
import type { Config } from '../config.ts';
import { deadlineBefore, deadlinesBetween } from '../deadlines/calc.ts';
import { addDays, type LocalDay } from '../calendar/days.ts';
import type { WorkCalendar } from '../calendar/calendar.ts';
import { planFor, type Passport } from './passports.ts';
import { stamp } from '../scheduler/queue.ts';

/** On the first run, deadlines of the past year are recorded (a catalogue installed with history). */
const FIRST_LOOKBACK_DAYS = 366;

export async function recordDeadlines(db: DB, config: Config, passports: Passport[], through: LocalDay, cal: WorkCalendar, now: Date): Promise<number> {
  await db.insertInto('deadline_sweep').values({ name: 'deadlines', through: addDays(through, -FIRST_LOOKBACK_DAYS) })
    .onConflict((oc) => oc.column('name').doNothing()).execute();
  const cursor = await db.selectFrom('deadline_sweep').select('through').where('name', '=', 'deadlines').forUpdate().executeTakeFirstOrThrow();
  if (cursor.through >= through) return 0;
  const from = addDays(cursor.through, 1);
  const recorded = stamp(now);
  const rows: { package_id: string; due: string; previous_due: string | null; organization_id: string | null; frequency: string; recorded: string }[] = [];
  let added = 0;
  const flush = async () => {
    if (!rows.length) return;
    const res = await db.insertInto('package_deadline').values(rows.splice(0)).onConflict((oc) => oc.columns(['package_id', 'due']).doNothing()).executeTakeFirst();
    added += Number(res.numInsertedOrUpdatedRows ?? 0);
  };
  for (const p of passports) {
    const plan = planFor(p, config.timezone);
    const dues = deadlinesBetween(plan, from, through, cal);
    let previous = dues.length ? deadlineBefore(plan, dues[0], cal) : null;
    for (const due of dues) {
      rows.push({ package_id: p.id, due, previous_due: previous, organization_id: p.owner_org, frequency: p.update_frequency ?? '', recorded });
      previous = due;
    }
    if (rows.length >= 2000) await flush();
  }
  await flush();
  await db.updateTable('deadline_sweep').set({ through }).where('name', '=', 'deadlines').execute();
  return added;
}
