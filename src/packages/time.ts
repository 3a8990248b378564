// CKAN's timestamp format: naive UTC, ISO-8601, microseconds, no 'Z'. ckanext-harvest compares these
// as strings, so every timestamp we produce has exactly this shape and strictly increases.
let last = '';
let seq = 0;

/** `clock`: the service's Clock where the time is part of behaviour (a passport's creation day starts its deadlines). */
export function nowIso(clock?: { now(): Date }): string {
  const base = (clock ? clock.now() : new Date()).toISOString().slice(0, 23); // 2024-05-01T09:12:33.123
  // Microseconds are not observable from Date; a counter within the millisecond keeps successive
  // writes strictly ordered.
  if (base === last) seq = Math.min(seq + 1, 999);
  else {
    last = base;
    seq = 0;
  }
  return `${base}${String(seq).padStart(3, '0')}`;
}

/** A moment in CKAN's form (naive UTC, six fraction digits), without nowIso's strictly-increasing counter:
 * for instants computed from the clock (deadlines, leases, read marks). */
export function naiveUtc(d: Date): string {
  return `${d.toISOString().slice(0, 23)}000`;
}

/** Accepts ISO dates with or without zone/fraction and returns the naive UTC form, or null. */
export function parseIso(value: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?)(\.\d{1,6})?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(
    value.trim(),
  );
  if (!m) return null;
  const d = new Date(`${m[1]}T${m[2] ?? '00:00:00'}${m[4] ?? 'Z'}`);
  if (Number.isNaN(d.getTime())) return null;
  const iso = d.toISOString().slice(0, 19);
  const frac = m[3] ? m[3].slice(1).padEnd(6, '0') : '';
  return frac && !m[4] ? `${iso}.${frac}` : iso;
}
