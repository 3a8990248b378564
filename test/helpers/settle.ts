// Waits until every background consumer of a server (search indexer, SPARQL store, quality scorer) has
// applied every change so far. For tests that are not about what a client sees at once, and for
// benchmarks, which measure the steady state rather than the catch-up after a bulk load.
import type { Services } from '../../src/services.ts';

export async function lastOutboxId(services: Services): Promise<number> {
  const row = await services.db
    .selectFrom('outbox')
    .select((eb) => eb.fn.max('id').as('m'))
    .executeTakeFirst();
  return Number(row?.m ?? 0);
}

/**
 * `timeoutMs` per consumer; each has its own default. Consumers write too (the quality scorer records
 * the datasets whose score changed), so the rounds repeat until one adds nothing to the outbox.
 */
export async function settleBackground(services: Services, timeoutMs?: number): Promise<void> {
  for (let round = 0; round < 10; round++) {
    const before = await lastOutboxId(services);
    for (const ext of Object.values(services.extensions) as any[]) {
      const target = ext?.indexer?.settle ? ext.indexer : ext;
      if (typeof target?.settle === 'function') await target.settle(timeoutMs);
    }
    if ((await lastOutboxId(services)) === before) return;
  }
}
