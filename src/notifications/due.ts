// "By when" for notices that give the recipient working days to act (the regulation's 3 working days
// for a provider, 1 for the operator), on the portal's working-day calendar.
import type { DB } from '../db/connect.ts';
import type { Services } from '../services.ts';
import { localDay } from '../calendar/days.ts';
import { calendarFor } from '../calendar/portal.ts';

/** The day `n` working days after today in the portal's time zone. */
export async function workingDaysAhead(db: DB, services: Services, n: number): Promise<string> {
  const cal = await calendarFor(db, services.config);
  return cal.addWorkingDays(localDay(services.clock.now(), services.config.timezone), n);
}
