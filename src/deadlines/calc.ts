// Update deadlines, exactly: from a passport's update_frequency + update_schedule, the day it was created
// and its update history, on the portal's wall calendar and working-day calendar. Pure: no database,
// no clock; callers pass days computed with localDay(instant, config.timezone).
//
// The rules (issue 13):
// - Deadlines of a plan are the days after the passport's creation day (`start`) given by its schedule:
//   daily every day; monthly on `day` (clamped to the month's end: 31 -> 30 April, 28/29 February);
//   quarterly on `day` of the `month`-th month of each quarter (1-3); annual on `month`/`day`, every
//   `every_years` years counted from the first such date after creation; irregular (or none): no deadlines.
// - A deadline that falls on a day off moves to the next working day (and two deadlines that land on
//   the same working day are one), so daily data is due every working day.
// - An update satisfies the first deadline on or after its day; the next due date is the deadline after
//   that one. With no update yet, the first deadline after creation is due.
// - overdue_days counts calendar days after the due date (0 on the due date itself).
// - Monitoring (deadlineOutcomes): a deadline is met on time when an update falls after the previous
//   deadline and on or before it; otherwise it is met late by the first update after it (late_days =
//   update day - deadline), or is still overdue at `asOf`, or pending when not yet past.
//
// API (stable; used by dictize, the scheduler, reminders and monitoring):
//   type Plan = { frequency, schedule, start }               start: creation day (LocalDay)
//   planOf({update_frequency, update_schedule, metadata_created, first_data_update?}, timeZone): Plan
//   deadlineOnOrAfter(plan, day, cal?): LocalDay | null      the deadline an update on `day` satisfies
//   deadlineAfter(plan, day, cal?): LocalDay | null          the first deadline strictly after `day`
//   deadlineBefore(plan, day, cal?): LocalDay | null         the last deadline strictly before `day`
//   deadlinesBetween(plan, from, to, cal?): LocalDay[]       every deadline in [from, to], ascending
//   updateStatus(plan, lastUpdate: LocalDay | null, today, cal?)
//       -> { satisfied_deadline, next_update_due, overdue_days }
//   overdueDays(due, today): number
//   deadlineOutcomes(plan, updates: LocalDay[], from, to, asOf, cal?): DeadlineOutcome[]
import {
  addDays,
  civilFromDays,
  clampedDayNumber,
  dayNumber,
  daysBetween,
  fromDayNumber,
  localDay,
  parts,
  type LocalDay,
} from '../calendar/days.ts';
import { WorkCalendar } from '../calendar/calendar.ts';
import { isPlannedFrequency } from '../packages/passport.ts';

export interface Schedule {
  day?: number;
  month?: number;
  every_years?: number;
}

export interface Plan {
  frequency: string | null;
  schedule: Schedule | null;
  /** The passport's creation day in the portal time zone: deadlines are the days after it. */
  start: LocalDay;
}

export interface UpdateStatus {
  /** The deadline the last update satisfied (null without updates or deadlines). */
  satisfied_deadline: LocalDay | null;
  next_update_due: LocalDay | null;
  overdue_days: number;
}

export interface DeadlineOutcome {
  deadline: LocalDay;
  status: 'on_time' | 'late' | 'overdue' | 'pending';
  /** The update that met it (on time or late). */
  met_on: LocalDay | null;
  /** late: days from the deadline to the update; overdue: days from the deadline to asOf; else 0. */
  late_days: number;
}

/** How far back a raw deadline may lie and still move onto a later day: the longest run of days off. */
const LOOKBACK = 31;

/**
 * A dataset's plan. Data older than its passport (a catalog imported with its history) starts the plan
 * the day before the earliest update given, so that update meets a deadline and old data is overdue.
 */
export function planOf(
  row: {
    update_frequency: string | null;
    update_schedule: Schedule | null;
    metadata_created: string;
    first_data_update?: string | null;
  },
  timeZone: string,
): Plan {
  let start = localDay(row.metadata_created, timeZone);
  if (row.first_data_update) {
    const before = addDays(localDay(row.first_data_update, timeZone), -1);
    if (before < start) start = before;
  }
  return { frequency: row.update_frequency, schedule: row.update_schedule, start };
}

function hasDeadlines(plan: Plan): boolean {
  return isPlannedFrequency(plan.frequency);
}

// Internally days are integers (days since 1970-01-01): a sweep over 100,000 passports computes
// several deadlines each, and string dates cost ~10x more (measured: 0.7 ms vs <0.01 ms per status).

/** Scheduled days (before moving off days off) on or after `from`, ascending, all after plan.start. */
function* raw(plan: Plan, fromN: number): Generator<number> {
  const startN = dayNumber(plan.start);
  if (fromN <= startN) fromN = startN + 1;
  const s = plan.schedule ?? {};
  const day = s.day ?? 1;
  const { y, m } = civilFromDays(fromN);
  switch (plan.frequency) {
    case 'daily':
      for (let d = fromN; ; d++) yield d;
    case 'monthly':
      for (let i = 0; ; i++) {
        const d = clampedDayNumber(y, m + i, day);
        if (d >= fromN) yield d;
      }
    case 'quarterly': {
      const q0 = Math.floor((m - 1) / 3) * 3 + 1; // first month of from's quarter
      for (let i = 0; ; i += 3) {
        const d = clampedDayNumber(y, q0 + i + (s.month ?? 1) - 1, day);
        if (d >= fromN) yield d;
      }
    }
    case 'annual': {
      const month = s.month ?? 1;
      const every = Math.max(1, s.every_years ?? 1);
      const sy = parts(plan.start).y;
      const anchor = clampedDayNumber(sy, month, day) > startN ? sy : sy + 1;
      let k = Math.max(0, Math.floor((y - anchor) / every) - 1);
      for (; ; k++) {
        const d = clampedDayNumber(anchor + k * every, month, day);
        if (d >= fromN) yield d;
      }
    }
    default:
      return;
  }
}

/** Deadlines (moved to working days, deduplicated) from `fromN` on, ascending. */
function* moved(plan: Plan, fromN: number, cal: WorkCalendar): Generator<number> {
  let last = -Infinity;
  // Daily: every working day is a deadline, so no look-back is needed.
  const back = plan.frequency === 'daily' ? 0 : LOOKBACK;
  for (const r of raw(plan, fromN - back)) {
    const d = cal.nextWorkingDayNumber(r);
    if (d !== last && d >= fromN) yield d;
    last = d;
  }
}

function firstFrom(plan: Plan, fromN: number, cal: WorkCalendar): number | null {
  if (!hasDeadlines(plan)) return null;
  for (const d of moved(plan, fromN, cal)) return d;
  return null;
}

export function deadlineOnOrAfter(plan: Plan, day: LocalDay, cal: WorkCalendar = WorkCalendar.none): LocalDay | null {
  const d = firstFrom(plan, dayNumber(day), cal);
  return d === null ? null : fromDayNumber(d);
}

export function deadlineAfter(plan: Plan, day: LocalDay, cal: WorkCalendar = WorkCalendar.none): LocalDay | null {
  const d = firstFrom(plan, dayNumber(day) + 1, cal);
  return d === null ? null : fromDayNumber(d);
}

/** The longest gap between two deadlines of the plan, plus the look-back: a window sure to hold one. */
function span(plan: Plan): number {
  switch (plan.frequency) {
    case 'daily':
      return LOOKBACK + 7;
    case 'monthly':
      return 62 + LOOKBACK;
    case 'quarterly':
      return 184 + LOOKBACK;
    default:
      return 366 * Math.max(1, plan.schedule?.every_years ?? 1) + LOOKBACK;
  }
}

function between(plan: Plan, fromN: number, toN: number, cal: WorkCalendar): number[] {
  const out: number[] = [];
  if (!hasDeadlines(plan) || toN < fromN) return out;
  for (const d of moved(plan, fromN, cal)) {
    if (d > toN) break;
    out.push(d);
  }
  return out;
}

export function deadlineBefore(plan: Plan, day: LocalDay, cal: WorkCalendar = WorkCalendar.none): LocalDay | null {
  const n = dayNumber(day);
  const list = between(plan, n - span(plan), n - 1, cal);
  return list.length ? fromDayNumber(list[list.length - 1]) : null;
}

export function deadlinesBetween(
  plan: Plan,
  from: LocalDay,
  to: LocalDay,
  cal: WorkCalendar = WorkCalendar.none,
): LocalDay[] {
  return between(plan, dayNumber(from), dayNumber(to), cal).map(fromDayNumber);
}

export function overdueDays(due: LocalDay | null, today: LocalDay): number {
  if (!due) return 0;
  const late = daysBetween(due, today);
  return late > 0 ? late : 0;
}

export function updateStatus(
  plan: Plan,
  lastUpdate: LocalDay | null,
  today: LocalDay,
  cal: WorkCalendar = WorkCalendar.none,
): UpdateStatus {
  const satisfied = lastUpdate ? firstFrom(plan, dayNumber(lastUpdate), cal) : null;
  const next =
    satisfied !== null ? firstFrom(plan, satisfied + 1, cal) : firstFrom(plan, dayNumber(plan.start) + 1, cal);
  const late = next === null ? 0 : dayNumber(today) - next;
  return {
    satisfied_deadline: satisfied === null ? null : fromDayNumber(satisfied),
    next_update_due: next === null ? null : fromDayNumber(next),
    overdue_days: late > 0 ? late : 0,
  };
}

/**
 * What became of every deadline in [from, to] given the update days (any order), judged at `asOf`.
 * Only updates on or before asOf count, so a closed period's outcomes never change later.
 */
export function deadlineOutcomes(
  plan: Plan,
  updates: LocalDay[],
  from: LocalDay,
  to: LocalDay,
  asOf: LocalDay,
  cal: WorkCalendar = WorkCalendar.none,
): DeadlineOutcome[] {
  const days = [...new Set(updates.filter((u) => u <= asOf))].sort();
  const deadlines = deadlinesBetween(plan, from, to, cal);
  let prev = deadlines.length ? deadlineBefore(plan, deadlines[0], cal) : null;
  const out: DeadlineOutcome[] = [];
  for (const d of deadlines) {
    const onTime = days.find((u) => (prev === null || u > prev) && u <= d);
    const after = onTime ? undefined : days.find((u) => u > d);
    if (onTime) out.push({ deadline: d, status: 'on_time', met_on: onTime, late_days: 0 });
    else if (after) out.push({ deadline: d, status: 'late', met_on: after, late_days: daysBetween(d, after) });
    else if (asOf > d) out.push({ deadline: d, status: 'overdue', met_on: null, late_days: daysBetween(d, asOf) });
    else out.push({ deadline: d, status: 'pending', met_on: null, late_days: 0 });
    prev = d;
  }
  return out;
}
