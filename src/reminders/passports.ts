// The passports update control watches: active (or deactivated) datasets with a periodic schedule,
// read in one pass, and each one's deadline plan, computed as package_show computes it.
import type { DB } from '../db/connect.ts';
import {
  deadlineBefore,
  deadlinesBetween,
  planOf,
  updateStatus,
  type Plan,
  type Schedule,
  type UpdateStatus,
} from '../deadlines/calc.ts';
import { daysBetween, localDay, zonedStartOfDay, type LocalDay } from '../calendar/days.ts';
import type { WorkCalendar } from '../calendar/calendar.ts';
import { naiveUtc } from '../packages/time.ts';
import { PLANNED_FREQUENCIES } from '../packages/passport.ts';

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

export async function watchedPassports(db: DB): Promise<Passport[]> {
  const rows = await db
    .selectFrom('package')
    .select([
      'id',
      'name',
      'passport_code',
      'title',
      'title_translated',
      'owner_org',
      'update_frequency',
      'update_schedule',
      'metadata_created',
      'last_data_update',
    ])
    .where('state', 'in', ['active', 'deactivated'])
    .where('type', '=', 'dataset')
    .where('update_frequency', 'in', PLANNED_FREQUENCIES)
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

/**
 * The calculator's answers for many passports at once. Passports share plans (a frequency and schedule)
 * and, once the window looked at is well after a passport's first day, its creation day no longer
 * matters (except for "every N years"), so answers are computed once per distinct plan and window:
 * 100,000 passports need a few thousand calculations instead of 100,000.
 */
const IRRELEVANT_AFTER: Record<string, number> = { daily: 45, monthly: 100, quarterly: 230 };

export class DeadlineMemo {
  private readonly cache = new Map<string, unknown>();
  private readonly starts = new Map<string, string>();

  constructor(
    private readonly cal: WorkCalendar,
    private readonly timeZone: string,
  ) {}

  private planKey(plan: Plan, horizon: LocalDay): string {
    const s = plan.schedule ?? {};
    // The calculator looks back at most the longest gap between deadlines plus a month; annual plans
    // (few) always keep their start, which anchors "every N years" and the deadline before the first.
    const reach = IRRELEVANT_AFTER[plan.frequency ?? ''];
    const startMatters = !reach || daysBetween(plan.start, horizon) <= reach;
    return `${plan.frequency}|${s.day ?? ''}|${s.month ?? ''}|${s.every_years ?? ''}|${startMatters ? plan.start : '-'}`;
  }

  private memo<T>(key: string, fn: () => T): T {
    if (this.cache.has(key)) return this.cache.get(key) as T;
    const v = fn();
    this.cache.set(key, v);
    return v;
  }

  status(p: Passport, today: LocalDay): UpdateStatus {
    const plan = planFor(p, this.timeZone);
    const last = p.last_data_update ? localDay(p.last_data_update, this.timeZone) : null;
    return this.memo(`s|${this.planKey(plan, last ?? plan.start)}|${last}|${today}`, () =>
      updateStatus(plan, last, today, this.cal),
    );
  }

  /** Deadlines in [from, to] and the one before the first of them. */
  between(p: Passport, from: LocalDay, to: LocalDay): { dues: LocalDay[]; previous: LocalDay | null } {
    const plan = planFor(p, this.timeZone);
    return this.memo(`b|${this.planKey(plan, from)}|${from}|${to}`, () => {
      const dues = deadlinesBetween(plan, from, to, this.cal);
      return { dues, previous: dues.length ? deadlineBefore(plan, dues[0], this.cal) : null };
    });
  }

  /** The instant (naive UTC) a portal day begins. */
  dayStart(day: LocalDay): string {
    let v = this.starts.get(day);
    if (!v) this.starts.set(day, (v = naiveUtc(zonedStartOfDay(day, this.timeZone))));
    return v;
  }
}
