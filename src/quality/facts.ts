// Pasport's own quality facts for a batch of datasets, read in a fixed number of queries: the update
// history against the deadlines of the last year (src/deadlines/calc.ts), the required languages of
// title and description, and descriptors of DataStore resources.
import type { DB } from '../db/connect.ts';
import type { Config } from '../config.ts';
import type { PackageDict } from '../packages/dictize.ts';
import { deadlineOutcomes, planOf, type Schedule } from '../deadlines/calc.ts';
import { addDays, localDay, type LocalDay } from '../calendar/days.ts';
import type { WorkCalendar } from '../calendar/calendar.ts';
import type { PasportFacts } from './score.ts';
import { isPlannedFrequency } from '../packages/passport.ts';

/** On-time share is judged over the deadlines of this many days before today. */
export const ON_TIME_WINDOW_DAYS = 365;

export interface BatchFacts {
  updates: Map<string, string[]>;
  datastore: Map<string, { active: number; described: number }>;
}

export async function loadBatchFacts(db: DB, ids: string[]): Promise<BatchFacts> {
  const updates = new Map<string, string[]>();
  const datastore = new Map<string, { active: number; described: number }>();
  if (!ids.length) return { updates, datastore };
  const [ups, ds] = await Promise.all([
    db.selectFrom('data_update').select(['package_id', 'at']).where('package_id', 'in', ids).orderBy('at').execute(),
    db
      .selectFrom('datastore_resource')
      .innerJoin('resource', 'resource.id', 'datastore_resource.resource_id')
      .select(['datastore_resource.package_id', 'datastore_resource.descriptor'])
      .where('datastore_resource.package_id', 'in', ids)
      .where('datastore_resource.active', '=', true)
      .where('resource.state', '=', 'active')
      .execute(),
  ]);
  for (const u of ups) {
    const list = updates.get(u.package_id) ?? [];
    list.push(String(u.at));
    updates.set(u.package_id, list);
  }
  for (const d of ds) {
    const c = datastore.get(d.package_id) ?? { active: 0, described: 0 };
    c.active++;
    if (d.descriptor) c.described++;
    datastore.set(d.package_id, c);
  }
  return { updates, datastore };
}

/** The languages scored: the required ones, else every portal language. */
export function scoredLanguages(config: Config): string[] {
  const required = config.requiredLanguages.filter((l) => config.languages.includes(l));
  return required.length ? required : [...config.languages];
}

export function pasportFacts(
  pkg: PackageDict,
  batch: BatchFacts,
  config: Config,
  today: LocalDay,
  cal: WorkCalendar,
): PasportFacts {
  const planned = isPlannedFrequency(pkg.update_frequency);
  let onTime: PasportFacts['onTime'] = null;
  if (planned) {
    const history = batch.updates.get(pkg.id) ?? [];
    const plan = planOf(
      {
        update_frequency: pkg.update_frequency,
        update_schedule: (pkg.update_schedule as Schedule | null) ?? null,
        metadata_created: pkg.metadata_created,
        first_data_update: history[0] ?? null,
      },
      config.timezone,
    );
    const days = history.map((at) => localDay(at, config.timezone));
    const judged = deadlineOutcomes(plan, days, addDays(today, -ON_TIME_WINDOW_DAYS), today, today, cal).filter(
      (o) => o.status !== 'pending',
    );
    if (judged.length) onTime = { met: judged.filter((o) => o.status === 'on_time').length, total: judged.length };
  }
  const langs = scoredLanguages(config);
  const missing: string[] = [];
  let filled = 0;
  for (const field of ['title_translated', 'notes_translated'] as const) {
    for (const l of langs) {
      const v = (pkg[field] as Record<string, string> | null)?.[l];
      if (typeof v === 'string' && v.trim()) filled++;
      else missing.push(`${field}.${l}`);
    }
  }
  return {
    overdueDays: planned ? Number(pkg.overdue_days ?? 0) : null,
    onTime,
    languages: { filled, total: langs.length * 2, missing },
    datastore: batch.datastore.get(pkg.id) ?? { active: 0, described: 0 },
  };
}
