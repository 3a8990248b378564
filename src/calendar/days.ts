// Calendar days as plain 'YYYY-MM-DD' strings (LocalDay) and as integers (days since 1970-01-01), and
// the portal-time-zone day of an instant. Pure; no Date arithmetic leaks out of this file.
//
// API (stable; used by src/deadlines, the scheduler and monitoring):
//   type LocalDay = string                      'YYYY-MM-DD', a day on the portal's wall calendar
//   localDay(instant, timeZone): LocalDay       the day an instant falls on in the zone; a string
//                                                instant without zone is naive UTC (our DB format)
//   dayNumber(day) / fromDayNumber(n)           LocalDay <-> integer day
//   addDays(day, n), daysBetween(a, b)          calendar arithmetic (b - a, in days)
//   weekday(day)                                0 = Sunday ... 6 = Saturday
//   isLocalDay(s)                               validates 'YYYY-MM-DD' (a real date)
//   zonedStartOfDay(day, timeZone): Date        the instant the day begins in the zone
export type LocalDay = string;

const MS_DAY = 86400000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // en-CA formats as YYYY-MM-DD.
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Naive timestamps (no zone) are UTC, as every timestamp Pasport stores. */
export function toInstant(instant: Date | string): Date {
  if (instant instanceof Date) return instant;
  const s = instant.trim().replace(' ', 'T');
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return new Date(`${s}T00:00:00Z`);
  return new Date(/(Z|[+-]\d{2}:?\d{2})$/i.test(s) ? s : `${s}Z`);
}

// The last answer, by minute: every hot read asks for today's date (cache entries, overdue days), and
// time-zone offsets are whole minutes, so a day never changes inside a minute.
let memo = { zone: '', minute: NaN, day: '' };

export function localDay(instant: Date | string, timeZone: string): LocalDay {
  const d = toInstant(instant);
  const ms = d.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`not a timestamp: ${String(instant)}`);
  const minute = Math.floor(ms / 60_000);
  if (minute === memo.minute && timeZone === memo.zone) return memo.day;
  const day = formatter(timeZone).format(d);
  memo = { zone: timeZone, minute, day };
  return day;
}

export function dayNumber(day: LocalDay): number {
  return daysFromCivil(Number(day.slice(0, 4)), Number(day.slice(5, 7)), Number(day.slice(8, 10)));
}

export function fromDayNumber(n: number): LocalDay {
  const { y, m, d } = civilFromDays(n);
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

// Proleptic Gregorian day numbers by arithmetic (H. Hinnant's days_from_civil / civil_from_days):
// several times faster than going through Date and ISO strings, which a sweep of every passport feels.
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDays(n: number): { y: number; m: number; d: number } {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

export function addDays(day: LocalDay, n: number): LocalDay {
  return fromDayNumber(dayNumber(day) + n);
}

export function daysBetween(a: LocalDay, b: LocalDay): number {
  return dayNumber(b) - dayNumber(a);
}

export function weekday(day: LocalDay): number {
  return weekdayOf(dayNumber(day));
}

/** Weekday of a day number (1970-01-01 was a Thursday). */
export function weekdayOf(n: number): number {
  return ((n % 7) + 7 + 4) % 7;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The day number of y / month (1-12, may overflow into later years) / d, d clamped to the month's length. */
export function clampedDayNumber(y: number, month1: number, d: number): number {
  const y2 = y + Math.floor((month1 - 1) / 12);
  const m0 = (((month1 - 1) % 12) + 12) % 12;
  const leap = m0 === 1 && ((y2 % 4 === 0 && y2 % 100 !== 0) || y2 % 400 === 0);
  const last = MONTH_DAYS[m0] + (leap ? 1 : 0);
  return daysFromCivil(y2, m0 + 1, Math.min(d, last));
}

export function isLocalDay(s: unknown): s is LocalDay {
  return typeof s === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(s) && fromDayNumber(dayNumber(s)) === s;
}

/** The day's year, month (1-12) and day of month. */
export function parts(day: LocalDay): { y: number; m: number; d: number } {
  return { y: Number(day.slice(0, 4)), m: Number(day.slice(5, 7)), d: Number(day.slice(8, 10)) };
}

/** A date with the day of month clamped to the month's length ("the 31st" of February is its last day). */
export function clampedDay(y: number, month1: number, d: number): LocalDay {
  return fromDayNumber(clampedDayNumber(y, month1, d));
}

/** The instant a local day begins in the zone (for schedulers that fire "at the start of the day"). */
export function zonedStartOfDay(day: LocalDay, timeZone: string): Date {
  // Guess UTC midnight, then correct by the zone's offset at that instant (twice, for DST edges).
  let t = dayNumber(day) * MS_DAY;
  for (let i = 0; i < 2; i++) {
    const shown = localDay(new Date(t), timeZone);
    const hm = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(new Date(t));
    const [h, m] = hm.split(':').map(Number);
    const offsetMin = (dayNumber(shown) - dayNumber(day)) * 1440 + h * 60 + m;
    t -= offsetMin * 60000;
  }
  return new Date(t);
}
