// The log of typed searches, for the operator's analysis: the text, the filters, the language, how
// many results and how long it took. Nothing about who asked. Written off the request path.
import type { Services } from '../services.ts';

export interface SearchLogEntry {
  q: string;
  filters: Record<string, unknown>;
  lang: string;
  count: number;
  durationMs: number;
}

export function normaliseQuery(q: string): string {
  return q.trim().toLowerCase().replace(/\s+/g, ' ').slice(0, 500);
}

const pending = new Set<Promise<unknown>>();

export function logSearch(services: Services, e: SearchLogEntry): void {
  const p = services.db.insertInto('search_log').values({
    q: e.q.slice(0, 1000),
    q_norm: normaliseQuery(e.q),
    filters: JSON.stringify(e.filters),
    lang: e.lang,
    result_count: e.count,
    duration_ms: Math.round(e.durationMs * 1000) / 1000,
  }).execute().catch(() => { /* the log never fails a search */ });
  pending.add(p);
  void p.finally(() => pending.delete(p));
}

/** Waits for log writes in flight (shutdown, tests). */
export async function flushSearchLog(): Promise<void> {
  await Promise.all([...pending]);
}
