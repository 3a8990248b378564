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
// Entries wait here a moment and go in one multi-row insert: one INSERT per search was a database
// write on every package_search, the largest cost left on a cached page (bench/api.ts).
const FLUSH_MS = 200;
const FLUSH_AT = 500;
const buffers = new Map<Services, { rows: SearchLogEntry[]; timer: NodeJS.Timeout | null }>();

export function logSearch(services: Services, e: SearchLogEntry): void {
  let b = buffers.get(services);
  if (!b) buffers.set(services, (b = { rows: [], timer: null }));
  b.rows.push(e);
  if (b.rows.length >= FLUSH_AT) write(services);
  else if (!b.timer) {
    b.timer = setTimeout(() => write(services), FLUSH_MS);
    b.timer.unref();
  }
}

function write(services: Services): void {
  const b = buffers.get(services);
  if (!b) return;
  if (b.timer) clearTimeout(b.timer);
  buffers.delete(services);
  if (!b.rows.length) return;
  const p = services.db
    .insertInto('search_log')
    .values(
      b.rows.map((e) => ({
        q: e.q.slice(0, 1000),
        q_norm: normaliseQuery(e.q),
        filters: JSON.stringify(e.filters),
        lang: e.lang,
        result_count: e.count,
        duration_ms: Math.round(e.durationMs * 1000) / 1000,
      })),
    )
    .execute()
    .catch(() => {
      /* the log never fails a search */
    });
  pending.add(p);
  void p.finally(() => pending.delete(p));
}

/** Writes what is buffered and waits for log writes in flight (shutdown, tests). */
export async function flushSearchLog(): Promise<void> {
  for (const services of [...buffers.keys()]) write(services);
  await Promise.all([...pending]);
}
