// Wires the SPARQL endpoint into Pasport: the store, its sync from the outbox, the protocol plugin
// with sysadmin scope for sysadmin tokens, and the query log.
import type { PasportModule } from '../modules/types.ts';
import { SparqlStore } from './store.ts';
import { ExternalSparqlStore } from './external-store.ts';
import { sparqlPlugin, type SparqlLogEntry, type SparqlPluginOptions } from './plugin.ts';
import { SparqlSync, SPARQL_CONSUMER, type DatasetGraphSource } from './sync.ts';
import { LAG_DETAILS, OUTBOX_CONSUMERS } from '../actions/site/status-show.ts';
import { startStoreLoad } from './startup.ts';
import { recordsGraphSource } from '../datastore/rdf-source.ts';
import { registerChangeListener } from '../outbox.ts';
import { SparqlSaturated, type SparqlLoading } from './errors.ts';
import { sparqlQueries, sparqlSaturated, sparqlTimeouts } from '../metrics/registry.ts';
import { processMemory, sparqlSizing } from './budget.ts';
import { StorePersistence } from './persist.ts';
import type { SparqlSizing } from './budget.ts';
import type { Services } from '../services.ts';
import type { FastifyBaseLogger } from 'fastify';

const SATURATED = new SparqlSaturated().message;

/** Graphs published beside each dataset's own: its DataStore records. */
const datasetGraphSources: DatasetGraphSource[] = [recordsGraphSource];

const extra: DatasetGraphSource = {
  async extraGraphs(s, pkg) {
    return (await Promise.all(datasetGraphSources.map((x) => x.extraGraphs?.(s, pkg) ?? []))).flat();
  },
  async extraGraphIris(s, pkg) {
    return (await Promise.all(datasetGraphSources.map((x) => x.extraGraphIris?.(s, pkg) ?? []))).flat();
  },
};

type Log = FastifyBaseLogger;

/** The query log: metrics, and a `sparql_log` row written without holding the answer back. */
function queryLogger(services: Services, log: Log) {
  return (e: SparqlLogEntry) => {
    sparqlQueries.inc({ scope: e.scope, status: String(e.status) });
    if (e.status === 503) (e.error === SATURATED ? sparqlSaturated : sparqlTimeouts).inc();
    services.db
      .insertInto('sparql_log')
      .values({
        query: e.query.slice(0, 20000),
        scope: e.scope,
        format: e.format,
        status: e.status,
        duration_ms: e.durationMs,
        bytes: e.bytes,
        truncated: e.truncated,
        federated: e.federated,
        error: e.error ?? null,
      })
      .execute()
      .catch((err) => log.warn({ err: (err as Error).message }, 'sparql log write failed'));
  };
}

/** After the load: snapshot right away after a rebuild, then on a timer; warn past the memory budget. */
function whenReady(
  persist: StorePersistence | null,
  local: SparqlStore | null,
  size: SparqlSizing,
  services: Services,
  log: Log,
) {
  return (from: 'snapshot' | 'rebuild') => {
    if (!persist || !local) return;
    if (from === 'rebuild') void persist.write();
    persist.every(services.config.sparql.snapshotIntervalMs);
    const graphs = local.stats().graphs;
    if (graphs > size.datasetsPerCopy) {
      log.warn(
        { graphs, datasetsPerCopy: size.datasetsPerCopy, budgetMb: services.config.sparql.memoryBudgetMb },
        'sparql: the catalog exceeds what PASPORT_MEMORY_BUDGET holds in-process; see docs/OPERATIONS.md (external SPARQL store)',
      );
    }
  };
}

function statusOf(
  sync: SparqlSync,
  persist: StorePersistence | null,
  local: SparqlStore | null,
  size: SparqlSizing,
  budgetMb: number,
) {
  return {
    position: sync.position,
    ...(persist ? { snapshot: persist.state } : {}),
    memory: {
      budget_mb: budgetMb,
      process: processMemory(),
      ...(local ? { store: local.memory(), datasets_per_copy: size.datasetsPerCopy } : { store: 'external' }),
    },
  };
}

function pluginOptions(
  services: Services,
  store: SparqlStore,
  unavailable: () => SparqlLoading | null,
  log: Log,
): SparqlPluginOptions {
  const allow = new Set(services.config.sparql.federationAllow.map((o) => new URL(o).origin));
  return {
    store,
    log: queryLogger(services, log),
    vocabNs: services.config.vocabNs,
    descriptionCacheControl: services.config.dcatCacheControl,
    unavailable,
    scopeFor: async (req) => {
      const user = await req.caller();
      return user?.sysadmin ? 'all' : 'public';
    },
    // Fair shares (pool.ts): a signed-in caller is one client wherever it comes from; others by IP.
    clientFor: async (req) => {
      const user = await req.caller();
      return user ? `user:${user.id}` : `ip:${req.ip}`;
    },
    ...(allow.size
      ? { federation: { allow: (url: URL) => allow.has(url.origin), debug: services.config.sparql.debug } }
      : {}),
  };
}

/** The store: the external one when SPARQL_STORE_URL is set, else the local workers sized by the budget. */
async function openStore(services: Services) {
  const cfg = services.config.sparql;
  // SPARQL_STORE_URL: an external SPARQL 1.1 store holding the public graphs only (external-store.ts
  // explains why); it offers the surface SparqlSync and the plugin use, hence the cast.
  const ext = cfg.external;
  const external = ext
    ? await ExternalSparqlStore.start({
        ...ext,
        graphPrefix: services.config.siteUrl,
        timeoutMs: cfg.timeoutMs,
        maxRows: cfg.maxRows,
      })
    : null;
  const size = sparqlSizing(cfg.memoryBudgetMb, {
    workers: cfg.workers,
    cacheMb: cfg.cacheMb,
    maxRssMb: cfg.maxRssMb,
  });
  const local = external
    ? null
    : await SparqlStore.start({
        workers: size.workers,
        timeoutMs: cfg.timeoutMs,
        maxRows: cfg.maxRows,
        maxRssMb: size.maxRssMb,
        cacheBytes: size.cacheBytes,
      });
  const store = local ?? (external as unknown as SparqlStore);
  return { external, local, store, size };
}

/**
 * Removals before the write returns (a dataset made private, draft or deleted); every other RDF
 * change follows through the outbox within one drain (status_show: index_lag.sparql). Returns the unregister.
 */
function removeBeforeReturn(services: Services, sync: SparqlSync, log: Log) {
  return registerChangeListener(services, {
    name: 'sparql',
    async afterCommit(_s, batch) {
      const ids = batch.changes.filter((c) => c.topic === 'package').map((c) => c.entity_id);
      if (!ids.length) return;
      await sync
        .removeNow(ids)
        .catch((err: Error) =>
          log.error({ err: err.message, ids }, 'sparql: immediate removal failed; the drain retries'),
        );
    },
  });
}

/** status_show's index_lag.sparql: how each kind of change reaches the store. */
function registerLagDetails() {
  LAG_DETAILS.set(SPARQL_CONSUMER, (s) => {
    const mine = (s.extensions.sparql as { sync?: SparqlSync } | undefined)?.sync;
    return {
      removals: 'before the write returns',
      other_changes: 'eventual: outbox drain woken at each commit, polled every 2 s',
      removed_before_return: mine?.removedNow ?? 0,
    };
  });
}

const sparql: PasportModule = {
  name: 'sparql',
  async start({ app, services, hooks }) {
    const cfg = services.config.sparql;
    if (!cfg.enabled) return;
    const { external, local, store, size } = await openStore(services);
    const sync = new SparqlSync(services, store, extra, app.log);
    // Only the local store has a snapshot: the external one keeps its own data across restarts.
    const persist =
      local && cfg.snapshotFile ? new StorePersistence(services, local, sync, cfg.snapshotFile, app.log) : null;
    // The store fills in the background (startup.ts): the rest of the service must not wait for it.
    const load = startStoreLoad({
      sync,
      log: app.log,
      ...hooks?.sparqlLoad,
      restore: persist ? (p) => persist.restore(p) : undefined,
      afterReady: whenReady(persist, local, size, services, app.log),
      finish: external
        ? async () => {
            const pruned = await external.pruneStale();
            if (pruned) app.log.info({ pruned }, 'sparql: stale graphs dropped from the external store');
          }
        : undefined,
    });
    OUTBOX_CONSUMERS.add(SPARQL_CONSUMER);
    const unregister = removeBeforeReturn(services, sync, app.log);
    services.extensions.sparql = {
      store,
      sync,
      /** status_show's `components.sparql`: the load, this instance's outbox position, memory by part. */
      status: () => ({ ...load.status(), ...statusOf(sync, persist, local, size, cfg.memoryBudgetMb) }),
      /** Waits for the load, then for the consumer to apply every write made so far. */
      settle: async (ms?: number) => {
        await load.done;
        await sync.settle(ms);
      },
    };
    registerLagDetails();

    await app.register(
      sparqlPlugin,
      pluginOptions(services, store, () => load.unavailable(), app.log),
    );
    return {
      async stop() {
        unregister();
        await sync.stop(); // also ends a load still running, at its next batch
        await load.done;
        persist?.stop();
        // On shutdown, so the next start replays only what comes after (only a whole store is written).
        if (persist && load.status().state === 'ready') await persist.write();
        await store.close();
      },
    };
  },
};

export default sparql;
