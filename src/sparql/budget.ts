// Memory as a setting (issue 22): PASPORT_MEMORY_BUDGET (MB, the resident size the process should keep
// to) sizes the SPARQL store's worker pool and result cache, and says when the catalog has outgrown an
// in-process store.
//
// What a store copy costs: Oxigraph keeps ~400 bytes of WebAssembly memory per quad, and never gives it
// back. Since the quality scores are published as DQV (about 23 measurements of 6 quads each) a
// dataset maps to ~140 quads, and one copy takes 58-62 MB per 1,000 datasets (bench/startup.ts at
// 10,000 passports: 580-624 MB; before DQV it was ~45 quads and 15-20 MB). The rest of the process
// (Fastify, caches, the journal at ~3.3 KB per dataset) took 480-510 MB. A budget therefore holds
// `(budget - BASE_MB - cache) / MB_PER_1000` thousand datasets per copy (~16,000 with the default
// 1,536 MB); past that, docs/OPERATIONS.md points to the external store (SPARQL_STORE_URL: Virtuoso),
// whose memory is outside this process.

export const BASE_MB = 500;
/** WASM memory of one store copy per 1,000 datasets (upper end of the measured range). */
export const MB_PER_1000 = 62;

export interface SparqlSizing {
  workers: number;
  cacheBytes: number;
  maxRssMb: number;
  /** Datasets one copy can hold within the budget (the threshold for the external store). */
  datasetsPerCopy: number;
}

/**
 * Sizes from the budget, unless set explicitly: one worker (one copy) below 3 GB, two from 3 GB (a
 * second copy buys parallel queries and fair shares, see pool.ts); the result cache 1/32 of the budget
 * within [8, 256] MB; queries cancelled over the budget (never below 1,200 MB, the former default).
 */
export function sparqlSizing(
  budgetMb: number,
  explicit: { workers?: number | null; cacheMb?: number | null; maxRssMb?: number | null } = {},
): SparqlSizing {
  const workers = explicit.workers ?? (budgetMb >= 3072 ? 2 : 1);
  const cacheMb = explicit.cacheMb ?? Math.min(256, Math.max(8, Math.floor(budgetMb / 32)));
  const datasetsPerCopy = Math.max(0, Math.floor(((budgetMb - BASE_MB - cacheMb) / workers / MB_PER_1000) * 1000));
  return {
    workers,
    cacheBytes: cacheMb * 1024 * 1024,
    maxRssMb: explicit.maxRssMb ?? Math.max(1200, budgetMb),
    datasetsPerCopy,
  };
}

/** Resident memory by part, for status_show (bytes). */
export function processMemory() {
  const m = process.memoryUsage();
  return { rss: m.rss, js_heap: m.heapUsed, external: m.external, array_buffers: m.arrayBuffers };
}
