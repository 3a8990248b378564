// The working-day calendar: weekends, public holidays and moved working days (a Saturday made a
// working day in exchange for a bridge day off). Pure and synchronous: src/calendar/store.ts builds one
// from the database; tests build one from literals.
//
// API (stable; used by src/deadlines, the scheduler, reminders and monitoring):
//   new WorkCalendar({ weekend?: number[], holidays?: LocalDay[], workingDays?: LocalDay[] })
//   WorkCalendar.none                          every day is a working day (no calendar configured)
//   cal.isWorkingDay(day)                      not a holiday, and either not a weekend day or a moved working day
//   cal.nextWorkingDay(day)                    the first working day on or after `day`
//   cal.addWorkingDays(day, n)                 n > 0: the n-th working day after `day` (day itself not counted);
//                                              n = 0: nextWorkingDay(day); n < 0: the |n|-th working day before
//   cal.workingDaysBetween(a, b)               working days in (a, b]: how many working days after a is b
//                                              (negative when b < a)
import { dayNumber, fromDayNumber, weekday, type LocalDay } from './days.ts';

export interface CalendarData {
  /** Weekday numbers that are days off (0 = Sunday ... 6 = Saturday); default Saturday and Sunday. */
  weekend?: number[];
  /** Public holidays and days off moved onto weekdays. */
  holidays?: LocalDay[];
  /** Weekend days that are working days (moved working days). */
  workingDays?: LocalDay[];
}

/** Longest run of days off we accept before concluding the calendar is wrong (no working day ahead). */
const MAX_RUN = 366;

export class WorkCalendar {
  static readonly none = new WorkCalendar({ weekend: [] });

  private readonly weekend: Set<number>;
  private readonly holidays: Set<number>;
  private readonly working: Set<number>;

  constructor(data: CalendarData = {}) {
    this.weekend = new Set(data.weekend ?? [6, 0]);
    this.holidays = new Set((data.holidays ?? []).map(dayNumber));
    this.working = new Set((data.workingDays ?? []).map(dayNumber));
  }

  private working_(n: number): boolean {
    if (this.holidays.has(n)) return false;
    if (this.working.has(n)) return true;
    return !this.weekend.has(weekday(fromDayNumber(n)));
  }

  isWorkingDay(day: LocalDay): boolean {
    return this.working_(dayNumber(day));
  }

  nextWorkingDay(day: LocalDay): LocalDay {
    let n = dayNumber(day);
    for (let i = 0; i < MAX_RUN; i++, n++) if (this.working_(n)) return fromDayNumber(n);
    throw new RangeError(`no working day within a year after ${day}`);
  }

  addWorkingDays(day: LocalDay, count: number): LocalDay {
    if (count === 0) return this.nextWorkingDay(day);
    const step = count > 0 ? 1 : -1;
    let n = dayNumber(day);
    let left = Math.abs(count);
    for (let guard = 0; left > 0; guard++) {
      if (guard > MAX_RUN * (Math.abs(count) + 1)) throw new RangeError(`no working days around ${day}`);
      n += step;
      if (this.working_(n)) left--;
    }
    return fromDayNumber(n);
  }

  workingDaysBetween(a: LocalDay, b: LocalDay): number {
    const from = dayNumber(a);
    const to = dayNumber(b);
    const [lo, hi, sign] = from <= to ? [from, to, 1] : [to, from, -1];
    let count = 0;
    for (let n = lo + 1; n <= hi; n++) if (this.working_(n)) count++;
    return sign * count;
  }
}
