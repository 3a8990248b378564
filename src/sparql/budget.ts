// Memory as a setting (issue 22): PASPORT_MEMORY_BUDGET (MB, the resident size the process should keep
// to) sizes the SPARQL store's worker pool and result cache, and says when the catalog has outgrown an
// in-process store.
//
// What a store copy costs: Oxigraph keeps ~312-520 MB of WebAssembly memory per million quads (issue 22,
// bench/sparql.ts), and a dataset maps to ~45 quads, so one copy takes ~15-25 MB per 1,000 datasets and
// never shrinks. The rest of the process (Fastify, caches, the journal at ~1.5 KB per dataset) takes
// ~300-450 MB. A budget therefore holds `(budget - BASE_MB) / MB_PER_1000` thousand datasets per copy;
// past that, docs/OPERATIONS.md points to the external store (SPARQL_STORE_URL: Virtuoso), whose memory
// is outside this process.

export const BASE_MB = 400;
/** WASM memory of one store copy per 1,000 datasets (upper end of the measured range). */
export const MB_PER_1000 = 20;

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
