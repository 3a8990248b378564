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

export function localDay(instant: Date | string, timeZone: string): LocalDay {
  const d = toInstant(instant);
  if (Number.isNaN(d.getTime())) throw new RangeError(`not a timestamp: ${String(instant)}`);
  return formatter(timeZone).format(d);
}

export function dayNumber(day: LocalDay): number {
  return Math.floor(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / MS_DAY);
}

export function fromDayNumber(n: number): LocalDay {
  return new Date(n * MS_DAY).toISOString().slice(0, 10);
}

export function addDays(day: LocalDay, n: number): LocalDay {
  return fromDayNumber(dayNumber(day) + n);
}

export function daysBetween(a: LocalDay, b: LocalDay): number {
  return dayNumber(b) - dayNumber(a);
}

export function weekday(day: LocalDay): number {
  return (dayNumber(day) % 7 + 7 + 4) % 7; // 1970-01-01 was a Thursday
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
  const y2 = y + Math.floor((month1 - 1) / 12);
  const m0 = ((month1 - 1) % 12 + 12) % 12;
  const last = new Date(Date.UTC(y2, m0 + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y2, m0, Math.min(d, last))).toISOString().slice(0, 10);
}

/** The instant a local day begins in the zone (for schedulers that fire "at the start of the day"). */
export function zonedStartOfDay(day: LocalDay, timeZone: string): Date {
  // Guess UTC midnight, then correct by the zone's offset at that instant (twice, for DST edges).
  let t = dayNumber(day) * MS_DAY;
  for (let i = 0; i < 2; i++) {
    const shown = localDay(new Date(t), timeZone);
    const hm = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(t));
    const [h, m] = hm.split(':').map(Number);
    const offsetMin = (dayNumber(shown) - dayNumber(day)) * 1440 + h * 60 + m;
    t -= offsetMin * 60000;
  }
  return new Date(t);
}
