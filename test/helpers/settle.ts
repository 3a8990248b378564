// Waits until every background consumer of a server (search indexer, SPARQL store, quality scorer) has
// applied every change so far. For tests that are not about what a client sees at once, and for
// benchmarks, which measure the steady state rather than the catch-up after a bulk load.
import type { Services } from '../../src/services.ts';

/** `timeoutMs` per consumer; each has its own default. */
export async function settleBackground(services: Services, timeoutMs?: number): Promise<void> {
  for (const ext of Object.values(services.extensions) as any[]) {
    const target = ext?.indexer?.settle ? ext.indexer : ext;
    if (typeof target?.settle === 'function') await target.settle(timeoutMs);
  }
}
