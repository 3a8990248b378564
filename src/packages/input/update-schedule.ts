// update_schedule: the days a passport's data is due, as a table of the keys each update_frequency
// takes and their ranges (the deadline calculator, src/deadlines/calc.ts, reads the same keys).
import type { Frequency } from '../passport.ts';
import { type FieldErrorLists, pushError } from '../field-input.ts';
import { digitsAsNumber } from './resources.ts';

type ScheduleKey = 'day' | 'month' | 'every_years';
type Range = readonly [lo: number, hi: number];

/** The keys a frequency's schedule may set, each with its allowed range (a quarter's month is 1-3). */
export const SCHEDULE_KEYS: Record<Frequency, Partial<Record<ScheduleKey, Range>>> = {
  daily: {},
  monthly: { day: [1, 31] },
  quarterly: { month: [1, 3], day: [1, 31] },
  annual: { month: [1, 12], day: [1, 31], every_years: [1, 100] },
  irregular: {},
};

/** The range of `key` under `freq`, or null when the key does not apply to it. */
function rangeOf(freq: string | null, key: string): Range | null {
  if (!freq || !Object.hasOwn(SCHEDULE_KEYS, freq)) return null;
  const keys: Partial<Record<string, Range>> = SCHEDULE_KEYS[freq as Frequency];
  return (Object.hasOwn(keys, key) && keys[key]) || null;
}

/** An object, or its JSON text; anything else is null. */
function objectOf(v: unknown): Record<string, unknown> | null {
  let obj: unknown = v;
  if (typeof v === 'string') {
    try {
      obj = JSON.parse(v);
    } catch {
      obj = null;
    }
  }
  return obj && typeof obj === 'object' && !Array.isArray(obj) ? (obj as Record<string, unknown>) : null;
}

/** The schedule sent for `freq` (a checked update_frequency), or null when none or nothing valid. */
export function updateSchedule(
  freq: string | null,
  v: unknown,
  errors: FieldErrorLists,
): Record<string, number> | null {
  if (v === undefined || v === null || v === '') return null;
  const obj = objectOf(v);
  if (!obj) {
    pushError(errors, 'update_schedule', 'Must be an object');
    return null;
  }
  const out: Record<string, number> = {};
  for (const [k, raw] of Object.entries(obj)) {
    const range = rangeOf(freq, k);
    if (!range) {
      pushError(errors, 'update_schedule', `"${k}" does not apply to update_frequency ${freq ?? '(none)'}`);
      continue;
    }
    const n = digitsAsNumber(raw);
    const [lo, hi] = range;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < lo || n > hi) {
      pushError(errors, 'update_schedule', `${k} must be an integer from ${lo} to ${hi}`);
      continue;
    }
    out[k] = n;
  }
  return Object.keys(out).length ? out : null;
}
