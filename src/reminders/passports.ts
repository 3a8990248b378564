// The passports update control watches: active (or deactivated) datasets with a periodic schedule,
// read in one pass, and each one's deadline plan, computed as package_show computes it.
import type { DB } from '../db/connect.ts';
import { planOf, updateStatus, type Plan, type Schedule, type UpdateStatus } from '../deadlines/calc.ts';
import { localDay, type LocalDay } from '../calendar/days.ts';
import type { WorkCalendar } from '../calendar/calendar.ts';

export interface Passport {
  id: string;
  name: string;
  passport_code: string | null;
  title: string | null;
  title_translated: Record<string, string>;
  owner_org: string | null;
  update_frequency: string | null;
  update_schedule: Schedule | null;
  metadata_created: string;
  last_data_update: string | null;
}

export const PERIODIC = ['daily', 'monthly', 'quarterly', 'annual'];

export async function watchedPassports(db: DB): Promise<Passport[]> {
  const rows = await db.selectFrom('package')
    .select(['id', 'name', 'passport_code', 'title', 'title_translated', 'owner_org', 'update_frequency', 'update_schedule', 'metadata_created', 'last_data_update'])
    .where('state', 'in', ['active', 'deactivated']).where('type', '=', 'dataset').where('update_frequency', 'in', PERIODIC)
    .execute();
  return rows as unknown as Passport[];
}

export function planFor(p: Passport, timeZone: string): Plan {
  // As in package_show (src/packages/dictize.ts), so a notice never disagrees with next_update_due.
  return planOf({ ...p, first_data_update: p.last_data_update }, timeZone);
}

export function statusFor(p: Passport, plan: Plan, today: LocalDay, cal: WorkCalendar, timeZone: string): UpdateStatus {
  return updateStatus(plan, p.last_data_update ? localDay(p.last_data_update, timeZone) : null, today, cal);
}
