// "By when" for notices that give the recipient working days to act (the regulation's 3 working days
// for a provider, 1 for the operator).
import type { DB } from '../db/connect.ts';
import type { Services } from '../services.ts';

/** The day `n` working days after today in the portal's time zone. */
export async function workingDaysAhead(_db: DB, services: Services, n: number): Promise<string> {
  // Placeholder until the working-day calendar lands: calendar days in the portal's zone.
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: services.config.timezone }).format(services.clock.now());
  return new Date(Date.parse(`${today}T00:00:00Z`) + n * 86400000).toISOString().slice(0, 10);
}
