// The search subsystem: picks the engine, starts the outbox indexer, and registers the indexer's
// cursor with status_show so the index lag is visible.
import type { PasportModule } from '../modules/types.ts';
import { LAG_DETAILS, OUTBOX_CONSUMERS } from '../actions/site/status-show.ts';
import { registerChangeListener } from '../outbox.ts';
import { SearchWriteSync } from './write-sync.ts';
import { createEngine } from './engines/create.ts';
import { Indexer } from './indexer.ts';
import { PageBoundaries } from './page-boundaries.ts';
import { flushSearchLog } from './search-log.ts';
import type { SearchService } from './service.ts';

const searchModule: PasportModule = {
  name: 'search',
  async start({ app, services }) {
    const engine = createEngine(services);
    // An engine that is down at start is not fatal: the indexer retries until it answers.
    await engine
      .prepare()
      .catch((err: Error) =>
        app.log.warn({ err: err.message, engine: engine.name }, 'search engine not ready; indexing will retry'),
      );
    const indexer = new Indexer(services, engine, { log: app.log });
    // Read-your-writes: see write-sync.ts.
    const writeSync = new SearchWriteSync(services, engine, indexer, app.log);
    const service: SearchService = { engine, indexer, boundaries: new PageBoundaries(), writeSync };
    services.extensions.search = service;
    OUTBOX_CONSUMERS.add(indexer.consumer);
    const unregister = registerChangeListener(services, writeSync);
    // Writes of other processes on the same PostgreSQL, seen by packages/cache-sync.ts before a cached read.
    const dropCounts = () => (engine as { counts?: { invalidate(): void } }).counts?.invalidate();
    services.events.on('outbox-seen', dropCounts);
    LAG_DETAILS.set(indexer.consumer, (s) => ({
      write_sync: (s.extensions.search as SearchService | undefined)?.writeSync?.status() ?? null,
    }));
    await indexer.start();
    return {
      async stop() {
        unregister();
        services.events.off('outbox-seen', dropCounts);
        await indexer.stop();
        await flushSearchLog();
        await engine.close?.();
      },
    };
  },
};

export default searchModule;
