// The portal's time: "today" on its wall calendar (PASPORT_TIMEZONE, read through the service's Clock)
// and its working-day calendar (PASPORT_CALENDAR seed + the holiday table operators keep).
//
// API (stable; used by dictize, search, the scheduler, reminders and monitoring):
//   registerClock(config, clock)              done by createServices; code that only has the Config
//                                              (dictize) finds the server's clock through it
//   portalNow(config): Date                    the clock's now (systemClock when none registered)
//   portalToday(config): LocalDay              today in the portal time zone
//   calendarFor(db, config): Promise<WorkCalendar>   weekends + holiday table, cached per server for
//                                              CACHE_MS; holiday_* actions call invalidateCalendar
//   invalidateCalendar(config)
//   seedCalendar(db, country)                  loads src/calendar/holidays.json for that country once per
//                                              year (race-safe across instances); run at start-up
import { createRequire } from 'node:module';
import type { Config } from '../config.ts';
import type { DB } from '../db/connect.ts';
import { systemClock, type Clock } from '../clock.ts';
import { WorkCalendar } from './calendar.ts';
import { localDay, type LocalDay } from './days.ts';

export interface SeedDay {
  date: LocalDay;
  kind: 'holiday' | 'working';
  name: string;
}
export interface SeedCountry {
  weekend: number[];
  days: SeedDay[];
}

const seeds = createRequire(import.meta.url)('./holidays.json') as Record<string, SeedCountry>;
export const CALENDAR_COUNTRIES = Object.keys(seeds).filter((k) => !k.startsWith('_'));

const clocks = new WeakMap<Config, Clock>();
const calendars = new WeakMap<Config, { at: number; cal: Promise<WorkCalendar> }>();
/** Another instance's holiday edits reach this one within this time. */
const CACHE_MS = 60_000;

export function registerClock(config: Config, clock: Clock): void {
  clocks.set(config, clock);
}

export function portalNow(config: Config): Date {
  return (clocks.get(config) ?? systemClock).now();
}

export function portalToday(config: Config): LocalDay {
  return localDay(portalNow(config), config.timezone);
}

export function weekendOf(country: string | null): number[] {
  return (country && seeds[country]?.weekend) || [6, 0];
}

async function loadCalendar(db: DB, config: Config): Promise<WorkCalendar> {
  const rows = await db.selectFrom('holiday').select(['day', 'kind']).execute();
  return new WorkCalendar({
    weekend: weekendOf(config.calendar),
    holidays: rows.filter((r) => r.kind === 'holiday').map((r) => r.day),
    workingDays: rows.filter((r) => r.kind === 'working').map((r) => r.day),
  });
}

export function calendarFor(db: DB, config: Config): Promise<WorkCalendar> {
  const hit = calendars.get(config);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.cal;
  const cal = loadCalendar(db, config);
  calendars.set(config, { at: Date.now(), cal });
  cal.catch(() => calendars.delete(config));
  return cal;
}

export function invalidateCalendar(config: Config): void {
  calendars.delete(config);
}

/** Seeds each year of the country's calendar once; a year already seeded (or being seeded elsewhere) is skipped. */
export async function seedCalendar(db: DB, country: string): Promise<number> {
  const data = seeds[country];
  if (!data) throw new Error(`no seed calendar for "${country}" (known: ${CALENDAR_COUNTRIES.join(', ')})`);
  const years = [...new Set(data.days.map((d) => Number(d.date.slice(0, 4))))];
  let inserted = 0;
  for (const year of years) {
    await db.transaction().execute(async (tx) => {
      const claimed = await tx
        .insertInto('holiday_seed')
        .values({ country, year })
        .onConflict((oc) => oc.doNothing())
        .returning('year')
        .executeTakeFirst();
      if (!claimed) return;
      const days = data.days.filter((d) => d.date.startsWith(`${year}-`));
      if (!days.length) return;
      const res = await tx
        .insertInto('holiday')
        .values(days.map((d) => ({ day: d.date, kind: d.kind, name: d.name, source: `seed:${country}` })))
        .onConflict((oc) => oc.column('day').doNothing())
        .executeTakeFirst();
      inserted += Number(res.numInsertedOrUpdatedRows ?? 0);
    });
  }
  return inserted;
}
