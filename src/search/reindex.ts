// `pasport reindex`: builds a complete new index beside the live one from the database, swaps it in
// atomically, then rewinds the indexer's cursor to where it stood when the build began so changes made
// during the build are replayed onto the new index (upserts are idempotent).
import { sql } from 'kysely';
import cliProgress from 'cli-progress';
import pino from 'pino';
import type { Services } from '../services.ts';
import { loadPackages } from '../packages/dictize.ts';
import { toSearchDoc, type SearchDoc } from './document.ts';
import { createEngine } from './engines/create.ts';
import { SEARCH_CONSUMER } from './indexer.ts';
import type { SearchService } from './service.ts';
import type { SearchEngine } from './engine.ts';
import { affectedPackages } from './affected.ts';

export interface ReindexProgress {
  done: number;
  total: number;
}
export interface ReindexOptions {
  onProgress?: (p: ReindexProgress) => void;
  batchSize?: number;
  /** Batches loaded and written side by side. */
  concurrency?: number;
}

/** A progress bar on a terminal, JSON log lines otherwise. */
export function defaultProgress(): { onProgress(p: ReindexProgress): void; finish(): void } {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: 'reindex [{bar}] {percentage}% {value}/{total} datasets, eta {eta_formatted}', stream: process.stderr },
      cliProgress.Presets.shades_classic,
    );
    let begun = false;
    return {
      onProgress(p) {
        if (!begun) {
          bar.start(p.total, p.done);
          begun = true;
        } else bar.update(p.done);
      },
      finish: () => bar.stop(),
    };
  }
  const log = pino({ name: 'reindex' });
  let last = 0;
  return {
    onProgress(p) {
      if (Date.now() - last > 2000 || p.done === p.total) {
        last = Date.now();
        log.info({ done: p.done, total: p.total }, 'reindex progress');
      }
    },
    finish() {},
  };
}

/**
 * Writes made during the build put their documents into the old table in their own transaction and
 * marked their entries done, so the indexer's replay skips them: they are applied onto the new table
 * here. Any write after the swap writes into the new table itself (the swap waited for every
 * transaction that had written to the old one).
 */
async function replayIndexed(services: Services, engine: SearchEngine, from: number): Promise<void> {
  let after = from;
  for (;;) {
    const entries = await services.db
      .selectFrom('outbox')
      .select(['id', 'topic', 'entity_id'])
      .where('id', '>', after)
      .where('search_indexed', '=', true)
      .orderBy('id')
      .limit(1000)
      .execute();
    if (!entries.length) return;
    const ids = await affectedPackages(services.db, entries);
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const dicts = await loadPackages(services.db, chunk, services.config);
      await engine.upsert([...dicts.values()].map(toSearchDoc));
      await engine.remove(chunk.filter((id) => !dicts.has(id)));
    }
    after = Number(entries[entries.length - 1].id);
  }
}

export async function reindex(services: Services, opts: ReindexOptions = {}): Promise<{ count: number; ms: number }> {
  const began = performance.now();
  const svc = services.extensions.search as SearchService | undefined;
  const engine = svc?.engine ?? createEngine(services);
  const db = services.db;
  const batchSize = opts.batchSize ?? 1000;
  const concurrency = opts.concurrency ?? (services.dbKind === 'pglite' ? 1 : 4);
  const reporter = opts.onProgress ? null : defaultProgress();
  const onProgress = opts.onProgress ?? reporter!.onProgress;

  await db
    .insertInto('outbox_cursor')
    .values({ consumer: SEARCH_CONSUMER, last_id: 0, failures: 0, last_error: null })
    .onConflict((oc) => oc.column('consumer').doNothing())
    .execute();
  const startCursor = Number(
    (
      await db
        .selectFrom('outbox_cursor')
        .select('last_id')
        .where('consumer', '=', SEARCH_CONSUMER)
        .executeTakeFirstOrThrow()
    ).last_id,
  );
  const total = Number(
    (
      await db
        .selectFrom('package')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  let done = 0;
  let paused = false;
  onProgress({ done, total });

  await engine
    .rebuild(
      async (sink) => {
        let after: string | null = null;
        const inFlight = new Set<Promise<void>>();
        for (;;) {
          let q = db.selectFrom('package').select('id').orderBy('id').limit(batchSize);
          if (after) q = q.where('id', '>', after);
          const ids = (await q.execute()).map((r) => r.id);
          if (!ids.length) break;
          after = ids[ids.length - 1];
          const job = (async () => {
            const dicts = await loadPackages(db, ids, services.config);
            const docs: SearchDoc[] = [...dicts.values()].map(toSearchDoc);
            await sink(docs);
            done += ids.length;
            onProgress({ done, total });
          })();
          inFlight.add(job);
          void job.finally(() => inFlight.delete(job)).catch(() => {});
          if (inFlight.size >= concurrency) await Promise.race(inFlight);
        }
        await Promise.all(inFlight);
      },
      async () => {
        await svc?.indexer.pause();
        paused = true;
      },
    )
    .then(async () => {
      await sql`UPDATE outbox_cursor SET last_id = LEAST(last_id, ${startCursor}) WHERE consumer = ${SEARCH_CONSUMER}`.execute(
        db,
      );
      await replayIndexed(services, engine, startCursor);
    })
    .finally(() => {
      reporter?.finish();
      if (paused) svc?.indexer.resume();
      svc?.boundaries.clear();
    });
  return { count: done, ms: performance.now() - began };
}
