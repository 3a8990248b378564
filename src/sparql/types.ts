// The shapes the local store (store.ts), the external store and the plugin share.
import type { QueryForm } from './analyze.ts';
import type { FormatName } from './formats.ts';

export type Scope = 'public' | 'all';

/** Input formats accepted for a graph document. */
export type GraphInputFormat = 'application/n-triples' | 'text/turtle' | 'application/rdf+xml';

export interface SparqlStoreOptions {
  /** Queries running at once; each worker holds one copy of the catalog. Default 1. */
  workers?: number;
  /** Former name of `workers` (when there were public-only copies). */
  publicWorkers?: number;
  /** 0 disables scope 'all' (sysadmin queries). Any other value: enabled; no extra copy either way. */
  allWorkers?: number;
  /**
   * Extra loaded workers beyond `workers`. At most `workers` queries run at once, so after a timeout
   * kill a spare takes over at once while the killed worker replays the journal. Costs one copy each.
   */
  spareWorkers?: number;
  /** Default query time limit, counted from when the query starts running. Default 10,000 ms. */
  timeoutMs?: number;
  /** Longest wait for a worker before a query is refused (503). Default: twice timeoutMs. */
  maxWaitMs?: number;
  /** Default cap on result rows (solutions or triples). Default 10,000. */
  maxRows?: number;
  /** Queries that may wait when all workers are busy; beyond that: SparqlSaturated. Default 8. */
  maxQueue?: number;
  /** Retry-After seconds suggested with SparqlSaturated. Default 2. */
  retryAfterSeconds?: number;
  /** Process resident size (MB) over which running queries are cancelled (memory-guard.ts). 0: no cap. */
  maxRssMb?: number;
  /** Bytes of public answers kept (result-cache.ts). Default 32 MiB; 0 turns the cache off. */
  cacheBytes?: number;
}

export interface GraphOptions {
  public: boolean;
  format?: GraphInputFormat;
}

export interface BulkEntry {
  graph: string;
  data: string;
  public: boolean;
  format?: GraphInputFormat;
}

export interface StoreQueryOptions {
  scope?: Scope;
  /** A format name (json, xml, csv, tsv, turtle, ntriples, rdfxml, jsonld) or its media type. Default json / turtle. */
  format?: FormatName | string;
  timeoutMs?: number;
  maxRows?: number;
  /** Protocol dataset (default-graph-uri / named-graph-uri); overrides FROM / FROM NAMED of the query. */
  defaultGraphs?: string[];
  namedGraphs?: string[];
  baseIri?: string;
  /** Who asks (a user id, else an IP): the queue serves clients in turn (pool.ts). */
  client?: string;
}

export interface StoreQueryResult {
  contentType: string;
  /** The serialised result. */
  body: string;
  /**
   * The same as UTF-8 bytes, when the store has them (the local store does: its workers hand results
   * over as bytes, and `body` is only decoded when read). What the HTTP layer sends.
   */
  bytes?: Buffer;
  form: QueryForm;
  /** True when rows beyond maxRows were cut. */
  truncated: boolean;
  /** Time spent inside Oxigraph (ms); 0 for an answer from the cache. */
  engineMs: number;
  /** 'hit' when the answer came from the result cache, 'miss' when it was computed and may be kept. */
  cache?: 'hit' | 'miss';
}

export interface PoolStats {
  workers: number;
  ready: number;
  busy: number;
  queued: number;
  restarts: number;
  clients?: number;
}

export interface StoreStats {
  graphs: number;
  publicGraphs: number;
  journalBytes: number;
  /** One pool serves every scope since issue 22; `all` is kept for the external store's shape. */
  pools: { public: PoolStats; all?: PoolStats };
}
