// Recurring slots on the portal's wall clock (PASPORT_TIMEZONE): every day at HH:MM, and the first day of
// every quarter. Portal zones (Tashkent, Almaty, Bishkek) keep no daylight saving; in a zone that does, a
// slot on a change day may shift by the change.
import { addDays, localDay, parts, zonedStartOfDay } from '../calendar/days.ts';

function atLocal(day: string, minutes: number, timeZone: string): Date {
  return new Date(zonedStartOfDay(day, timeZone).getTime() + minutes * 60000);
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/** The first HH:MM local strictly after `after`. */
export function nextDailyAt(after: Date, hhmm: string, timeZone: string): Date {
  const min = minutesOf(hhmm);
  let day = localDay(after, timeZone);
  for (let i = 0; i < 3; i++, day = addDays(day, 1)) {
    const t = atLocal(day, min, timeZone);
    if (t > after) return t;
  }
  throw new Error('unreachable');
}

/** The first quarter start (1 January, April, July, October) at HH:MM local strictly after `after`. */
export function nextQuarterStart(after: Date, hhmm: string, timeZone: string): Date {
  const min = minutesOf(hhmm);
  const { y, m } = parts(localDay(after, timeZone));
  let qy = y;
  let qm = Math.floor((m - 1) / 3) * 3 + 1;
  for (let i = 0; i < 3; i++) {
    const t = atLocal(`${qy}-${String(qm).padStart(2, '0')}-01`, min, timeZone);
    if (t > after) return t;
    qm += 3;
    if (qm > 12) {
      qm = 1;
      qy++;
    }
  }
  throw new Error('unreachable');
}

/** The calendar quarter that ended before `day`: its label and first and last days. */
export function previousQuarter(day: string): { period: string; from: string; to: string } {
  const { y, m } = parts(day);
  let q = Math.floor((m - 1) / 3); // this quarter, 0-based
  let qy = y;
  if (--q < 0) {
    q = 3;
    qy--;
  }
  return quarter(qy, q + 1);
}

export function quarter(year: number, q: number): { period: string; from: string; to: string } {
  const first = (q - 1) * 3 + 1;
  const from = `${year}-${String(first).padStart(2, '0')}-01`;
  const nextFirst = first + 3 > 12 ? `${year + 1}-01-01` : `${year}-${String(first + 3).padStart(2, '0')}-01`;
  return { period: `${year}-Q${q}`, from, to: addDays(nextFirst, -1) };
}
