// Records every deadline as it comes due (package_deadline), with the deadline before it and the
// organization responsible at that moment. Monitoring judges these recorded deadlines against the
// data_update history (met_at: the first update after the previous deadline, stamped at recording and
// then by a trigger on data_update), so a later change of schedule or organization never rewrites a
// past report. A cursor (deadline_sweep 'deadlines') remembers the last day recorded; its row lock
// makes the daily sweep and the quarterly report (which records up to its quarter's end) take turns.
import { sql } from 'kysely';
import type { DB } from '../db/connect.ts';
import { addDays, type LocalDay } from '../calendar/days.ts';
import type { DeadlineMemo, Passport } from './passports.ts';
import { stamp } from '../scheduler/queue.ts';

/** On the first run, deadlines of the past year are recorded (a catalogue installed with history). */
const FIRST_LOOKBACK_DAYS = 366;

type Row = {
  package_id: string;
  due: string;
  previous_due: string | null;
  organization_id: string | null;
  frequency: string;
  recorded: string;
  window_start: string;
  due_end: string;
  met_at: null;
};

export async function recordDeadlines(
  db: DB,
  memo: DeadlineMemo,
  passports: Passport[],
  through: LocalDay,
  now: Date,
): Promise<number> {
  await db
    .insertInto('deadline_sweep')
    .values({ name: 'deadlines', through: addDays(through, -FIRST_LOOKBACK_DAYS) })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const cursor = await db
    .selectFrom('deadline_sweep')
    .select('through')
    .where('name', '=', 'deadlines')
    .forUpdate()
    .executeTakeFirstOrThrow();
  if (cursor.through >= through) return 0;
  const from = addDays(cursor.through, 1);
  const recorded = stamp(now);
  const rows: Row[] = [];
  let added = 0;
  const flush = async () => {
    if (!rows.length) return;
    const res = await db
      .insertInto('package_deadline')
      .values(rows.splice(0))
      .onConflict((oc) => oc.columns(['package_id', 'due']).doNothing())
      .executeTakeFirst();
    added += Number(res.numInsertedOrUpdatedRows ?? 0);
  };
  for (const p of passports) {
    const { dues, previous: first } = memo.between(p, from, through);
    let previous = first;
    for (const due of dues) {
      rows.push({
        package_id: p.id,
        due,
        previous_due: previous,
        organization_id: p.owner_org,
        frequency: p.update_frequency ?? '',
        recorded,
        window_start: previous ? memo.dayStart(addDays(previous, 1)) : '-infinity',
        due_end: memo.dayStart(addDays(due, 1)),
        met_at: null,
      });
      previous = due;
    }
    if (rows.length >= 2000) await flush();
  }
  await flush();
  // Updates made before a deadline was recorded (early ones, in its window) meet it already.
  await sql`UPDATE package_deadline d SET met_at = (SELECT min(u.at) FROM data_update u WHERE u.package_id = d.package_id AND u.at >= d.window_start)
    WHERE d.recorded = ${recorded} AND d.met_at IS NULL`.execute(db);
  await db.updateTable('deadline_sweep').set({ through }).where('name', '=', 'deadlines').execute();
  return added;
}
