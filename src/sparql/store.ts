// The local SPARQL store: Oxigraph (Rust compiled to WASM) inside worker threads, because its `query`
// is synchronous and a long query would otherwise stall the whole HTTP server.
//
// Graph visibility. Every dataset lives in its own named graph, and a public query must never see a
// private one. Measured on this machine (10,000 datasets, 456k quads, 9,000 of 10,001 graphs public):
// passing the public graphs to Oxigraph as `default_graph`/`named_graphs` made the bench queries
// 100-1000x slower (Q1 61 ms -> 46.5 s, Q7 151 ms -> 160 s), because Oxigraph then matches each pattern
// graph by graph. So visibility is physical instead: workers of the *public* pool only ever receive
// public graphs, and workers of the *all* pool (sysadmin scope) receive everything. Whatever a public
// query says (GRAPH ?g, FROM NAMED, default-graph-uri, DESCRIBE), a private triple is not in its store.
// The price is memory: one extra copy for the all pool (see `SparqlStore.stats` and bench/sparql.ts).
//
// Timeouts. A running Oxigraph query cannot be interrupted, so on timeout the worker is terminated and
// a fresh one is started. To make that possible, the main thread keeps a journal: each graph's source
// document, deflated (about 1/5 of the N-Triples size). A new worker replays the journal (~2 s per
// 10,000 datasets) and meanwhile the remaining workers of the pool keep answering.
import { Worker } from 'node:worker_threads';
import zlib from 'node:zlib';
import { promisify } from 'node:util';
import ox from 'oxigraph';
import { analyzeQuery, type QueryForm } from './analyze.ts';
import { MEDIA_TYPES, formatsFor, resolveFormat, type FormatName } from './formats.ts';
import { isMemoryFailure, watchMemory } from './memory-guard.ts';
import {
  SparqlEngineError,
  SparqlError,
  SparqlFederationRefused,
  SparqlMalformed,
  SparqlNotAcceptable,
  SparqlSaturated,
  SparqlTimeout,
  SparqlMemoryLimit,
  SparqlUpdateRefused,
} from './errors.ts';

const deflateRaw = promisify(zlib.deflateRaw);

/**
 * zlib hands out views into 16 KiB chunks: kept as-is, every 1.5 KB journal entry would pin 16 KiB,
 * and posting it to a worker would clone the whole chunk. Copy into an exactly sized buffer.
 */
function exact(b: Buffer): Buffer {
  const u = new Uint8Array(b);
  return Buffer.from(u.buffer, 0, u.length);
}

export type Scope = 'public' | 'all';

/** Input formats accepted for a graph document. */
export type GraphInputFormat = 'application/n-triples' | 'text/turtle' | 'application/rdf+xml';

export interface SparqlStoreOptions {
  /** Workers holding only public graphs; each is a full copy of the public data. Default 2. */
  publicWorkers?: number;
  /** Workers holding every graph, for scope 'all'. 0 disables scope 'all'. Default 1. */
  allWorkers?: number;
  /**
   * Extra loaded public workers beyond publicWorkers. At most publicWorkers queries run at once, so
   * after a timeout kill a spare takes over at once while the killed worker replays the journal
   * (that replay takes ~10-60 s at 50,000 datasets). Costs one store copy each. Default 0.
   */
  spareWorkers?: number;
  /** Default query time limit. Default 10,000 ms. */
  timeoutMs?: number;
  /** Default cap on result rows (solutions or triples). Default 10,000. */
  maxRows?: number;
  /** Queries that may wait per pool when all its workers are busy; beyond that: SparqlSaturated. Default 8. */
  maxQueue?: number;
  /** Retry-After seconds suggested with SparqlSaturated. Default 2. */
  retryAfterSeconds?: number;
  /** Process resident size (MB) over which running queries are cancelled (memory-guard.ts). 0: no cap. */
  maxRssMb?: number;
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
  /** Time spent inside Oxigraph (ms). */
  engineMs: number;
}

export interface StoreStats {
  graphs: number;
  publicGraphs: number;
  journalBytes: number;
  pools: Record<Scope, { workers: number; ready: number; busy: number; queued: number; restarts: number }>;
}

interface JournalEntry {
  bytes: Buffer;
  format: GraphInputFormat;
  public: boolean;
}

type Reply = { id: number; ok: true; result: any } | { id: number; ok: false; error: string; name?: string };

interface Pending {
  resolve: (v: any) => void;
  reject: (e: Error) => void;
  /** Queries die with the worker; mutations are covered by the journal replay. */
  kind: 'query' | 'mutation';
}

interface Job {
  msg: Record<string, unknown>;
  resolve: (v: any) => void;
  reject: (e: Error) => void;
  timeoutMs: number;
  timer?: NodeJS.Timeout;
  slot?: Slot;
  done: boolean;
  unwatch?: () => void;
}

const WORKER_URL = new URL('./worker.mjs', import.meta.url);

class Slot {
  worker!: Worker;
  ready = false;
  job: Job | null = null;
  private nextId = 1;
  private pending = new Map<number, Pending>();

  constructor(
    private readonly pool: Pool,
    private readonly replay: () => Array<[string, Buffer, string]>,
  ) {}

  /** Starts (or restarts) the worker and replays the journal into it. */
  start(): Promise<void> {
    this.ready = false;
    // execArgv: [] keeps the TypeScript loader out of the worker: worker.mjs is plain JavaScript.
    // The worker's JS heap (results being serialised) is capped too; the WASM store is watched by memory-guard.ts.
    this.worker = new Worker(WORKER_URL, { execArgv: [], resourceLimits: { maxOldGenerationSizeMb: 512 } });
    const w = this.worker;
    w.on('message', (m: Reply) => this.onReply(m));
    w.on('error', (e) => this.onDeath(w, e));
    w.on('exit', (code) => this.onDeath(w, new Error(`worker exited with code ${code}`)));
    return this.send({ op: 'replay', entries: this.replay() }, 'mutation').then(() => {
      if (this.worker === w) {
        this.ready = true;
        this.pool.dispatch();
      }
    });
  }

  send(msg: Record<string, unknown>, kind: Pending['kind']): Promise<any> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, kind });
      this.worker.postMessage({ ...msg, id });
    });
  }

  private onReply(m: Reply) {
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (m.ok) p.resolve(m.result);
    else p.reject(Object.assign(new Error(m.error), { engineName: m.name }));
  }

  private deaths = new WeakSet<Worker>();

  private onDeath(w: Worker, e: Error) {
    if (this.worker !== w || this.deaths.has(w)) return;
    this.deaths.add(w);
    this.failPending(e);
    if (!this.pool.closed) this.restart();
  }

  private failPending(e: Error) {
    for (const p of this.pending.values()) {
      if (p.kind === 'mutation') p.resolve(null);
      else p.reject(e);
    }
    this.pending.clear();
  }

  /** Kills the worker (its running query is lost) and starts a fresh copy from the journal. */
  kill(reason: Error) {
    const w = this.worker;
    this.deaths.add(w);
    this.failPending(reason);
    this.job = null;
    void w.terminate();
    this.pool.restarts++;
    this.restart();
  }

  private restart() {
    this.ready = false;
    this.job = null;
    this.start().catch(() => {
      /* onDeath handles a failing replacement */
    });
  }

  terminate() {
    this.deaths.add(this.worker);
    this.failPending(new SparqlEngineError('store closed'));
    return this.worker.terminate();
  }
}

class Pool {
  slots: Slot[] = [];
  queue: Job[] = [];
  restarts = 0;
  closed = false;

  constructor(
    readonly scope: Scope,
    /** Queries running at once. */
    private readonly size: number,
    spares: number,
    replay: () => Array<[string, Buffer, string]>,
    private readonly maxQueue: number,
    private readonly retryAfter: number,
  ) {
    for (let i = 0; i < size + spares; i++) this.slots.push(new Slot(this, replay));
  }

  /** See SparqlStoreOptions.maxRssMb. */
  maxRssMb = 0;

  start() {
    return Promise.all(this.slots.map((s) => s.start()));
  }

  /** Sends a mutation to every worker; resolves when all live workers applied it. */
  broadcast(msg: Record<string, unknown>): Promise<unknown[]> {
    return Promise.all(this.slots.map((s) => s.send(msg, 'mutation')));
  }

  submit(msg: Record<string, unknown>, timeoutMs: number): Promise<any> {
    const running = this.slots.filter((s) => s.job).length;
    if (running + this.queue.length >= this.size + this.maxQueue) {
      return Promise.reject(new SparqlSaturated(this.retryAfter));
    }
    return new Promise((resolve, reject) => {
      const job: Job = { msg, resolve, reject, timeoutMs, done: false };
      // The limit counts from submission: time spent waiting for a free worker is part of it.
      job.timer = setTimeout(() => this.expire(job), timeoutMs);
      this.queue.push(job);
      this.dispatch();
    });
  }

  private expire(job: Job) {
    this.cancel(job, new SparqlTimeout(job.timeoutMs));
  }

  /** Ends a job early: its worker (if it has one) is replaced, the caller gets `err`. */
  private cancel(job: Job, err: Error) {
    if (job.done) return;
    job.done = true;
    clearTimeout(job.timer);
    job.unwatch?.();
    if (job.slot) job.slot.kill(err);
    else this.queue.splice(this.queue.indexOf(job), 1);
    job.reject(err);
    this.dispatch();
  }

  dispatch() {
    while (this.queue.length) {
      if (this.slots.filter((s) => s.job).length >= this.size) return;
      const slot = this.slots.find((s) => s.ready && !s.job);
      if (!slot) return;
      const job = this.queue.shift()!;
      job.slot = slot;
      job.unwatch = watchMemory(this.maxRssMb, () => this.cancel(job, new SparqlMemoryLimit(this.maxRssMb)));
      slot.job = job;
      slot.send(job.msg, 'query').then(
        (r) => this.finish(slot, job, null, r),
        (e) => this.finish(slot, job, e, null),
      );
    }
  }

  private finish(slot: Slot, job: Job, err: (Error & { engineName?: string }) | null, result: unknown) {
    if (slot.job === job) slot.job = null;
    if (!job.done) {
      job.done = true;
      clearTimeout(job.timer);
      job.unwatch?.();
      if (err) job.reject(isMemoryFailure(err) ? new SparqlMemoryLimit(this.maxRssMb || null) : err);
      else job.resolve(result);
    }
    // A WASM trap (RuntimeError: unreachable, out of memory) may leave the instance unusable.
    if (err?.engineName === 'RuntimeError' && slot.ready) slot.kill(err);
    this.dispatch();
  }

  close() {
    this.closed = true;
    for (const j of this.queue) {
      clearTimeout(j.timer);
      j.done = true;
      j.reject(new SparqlEngineError('store closed'));
    }
    this.queue = [];
    return Promise.all(this.slots.map((s) => s.terminate()));
  }
}

function checkIri(iri: string) {
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:[^<>"{}|^`\\\u0000-\u0020]*$/.test(iri)) throw new SparqlMalformed(`not an absolute IRI: ${iri}`);
}

export class SparqlStore {
  private readonly journal = new Map<string, JournalEntry>();
  private readonly pools: Record<Scope, Pool | null>;
  private journalBytes = 0;
  readonly timeoutMs: number;
  readonly maxRows: number;

  private constructor(opts: SparqlStoreOptions) {
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.maxRows = opts.maxRows ?? 10_000;
    const maxQueue = opts.maxQueue ?? 8;
    const retry = opts.retryAfterSeconds ?? 2;
    const pub = opts.publicWorkers ?? 2;
    const all = opts.allWorkers ?? 1;
    if (pub < 1) throw new Error('publicWorkers must be at least 1');
    this.pools = {
      public: new Pool('public', pub, opts.spareWorkers ?? 0, () => this.replayEntries(true), maxQueue, retry),
      all: all > 0 ? new Pool('all', all, 0, () => this.replayEntries(false), maxQueue, retry) : null,
    };
    for (const p of Object.values(this.pools)) if (p) p.maxRssMb = opts.maxRssMb ?? 0;
  }

  /** Starts the workers (empty). Load data with loadBulk / replaceGraph. */
  static async start(opts: SparqlStoreOptions = {}): Promise<SparqlStore> {
    const s = new SparqlStore(opts);
    await Promise.all([s.pools.public!.start(), s.pools.all?.start()]);
    return s;
  }

  private replayEntries(publicOnly: boolean): Array<[string, Buffer, string]> {
    const out: Array<[string, Buffer, string]> = [];
    for (const [g, e] of this.journal) if (!publicOnly || e.public) out.push([g, e.bytes, e.format]);
    return out;
  }

  private poolsFor(isPublic: boolean): Pool[] {
    const out: Pool[] = [];
    if (isPublic) out.push(this.pools.public!);
    if (this.pools.all) out.push(this.pools.all);
    return out;
  }

  private setJournal(graph: string, e: JournalEntry | undefined) {
    const old = this.journal.get(graph);
    if (old) this.journalBytes -= old.bytes.length;
    if (e) {
      this.journal.set(graph, e);
      this.journalBytes += e.bytes.length;
    } else this.journal.delete(graph);
  }

  /**
   * Replaces one named graph atomically (queries see the old or the new version, never a mix).
   * `data` is N-Triples by default; Turtle and RDF/XML are accepted via `format`. A document that does
   * not parse is rejected (SparqlMalformed) and the old graph stays.
   */
  async replaceGraph(graph: string, data: string, opts: GraphOptions): Promise<void> {
    checkIri(graph);
    const format = opts.format ?? 'application/n-triples';
    try {
      // Validated once here (a dataset graph parses in well under a millisecond); workers trust it.
      ox.parse(data, { format, to_graph_name: ox.namedNode(graph) });
    } catch (e) {
      throw new SparqlMalformed(`graph <${graph}>: ${(e as Error).message}`);
    }
    const bytes = exact(zlib.deflateRawSync(data, { level: 1 }));
    const wasPublic = this.journal.get(graph)?.public;
    this.setJournal(graph, { bytes, format, public: opts.public });
    const msg = { op: 'replace', graph, bytes, format, trusted: true };
    const jobs = this.poolsFor(opts.public).map((p) => p.broadcast(msg));
    // Turned private: remove it from the public copies.
    if (wasPublic && !opts.public) jobs.push(this.pools.public!.broadcast({ op: 'drop', graph }));
    await Promise.all(jobs);
  }

  /** Removes a graph everywhere. Unknown graphs are ignored. */
  async dropGraph(graph: string): Promise<void> {
    const old = this.journal.get(graph);
    this.setJournal(graph, undefined);
    if (!old) return;
    await Promise.all(this.poolsFor(old.public).map((p) => p.broadcast({ op: 'drop', graph })));
  }

  /**
   * Loads many graphs (startup, reindex). Each entry replaces its graph. Entries that do not parse are
   * skipped and returned; the rest load. Compression runs on the libuv pool, parsing in the workers.
   * Parsing is lenient (syntax is checked, IRIs and language tags are not: the input is our own
   * serialiser's output); replaceGraph validates strictly.
   */
  async loadBulk(
    entries: Iterable<BulkEntry> | AsyncIterable<BulkEntry>,
    opts: { batch?: number } = {},
  ): Promise<{ loaded: number; failed: Array<{ graph: string; error: string }> }> {
    const batchSize = opts.batch ?? 2000;
    const failed: Array<{ graph: string; error: string }> = [];
    let loaded = 0;
    let batch: BulkEntry[] = [];
    const flush = async () => {
      if (!batch.length) return;
      const cur = batch;
      batch = [];
      const packed = await Promise.all(
        cur.map(async (e) => [e.graph, exact(await deflateRaw(e.data, { level: 1 })), e.format ?? 'application/n-triples', e.public] as const),
      );
      const pubEntries: Array<[string, Buffer, string]> = [];
      const allEntries: Array<[string, Buffer, string]> = [];
      const demoted: string[] = [];
      for (const [g, bytes, format, isPublic] of packed) {
        checkIri(g);
        if (this.journal.get(g)?.public && !isPublic) demoted.push(g);
        this.setJournal(g, { bytes, format: format as GraphInputFormat, public: isPublic });
        if (isPublic) pubEntries.push([g, bytes, format]);
        allEntries.push([g, bytes, format]);
      }
      const results = await Promise.all([
        this.pools.public!.broadcast({ op: 'replaceMany', entries: pubEntries, drops: demoted }),
        this.pools.all ? this.pools.all.broadcast({ op: 'replaceMany', entries: allEntries, drops: [] }) : Promise.resolve([]),
      ]);
      // Workers parse strictly; a graph that fails fails in every copy. Forget it in the journal too.
      const bad = new Map<string, string>();
      for (const perPool of results) for (const r of perPool as Array<{ failed: Array<[string, string]> } | null>) {
        for (const [g, err] of r?.failed ?? []) bad.set(g, err);
      }
      for (const [g, err] of bad) {
        this.setJournal(g, undefined);
        failed.push({ graph: g, error: err });
      }
      loaded += cur.length - bad.size;
    };
    for await (const e of entries as AsyncIterable<BulkEntry>) {
      batch.push(e);
      if (batch.length >= batchSize) await flush();
    }
    await flush();
    return { loaded, failed };
  }

  hasGraph(graph: string): boolean {
    return this.journal.has(graph);
  }

  /** True when public queries see this graph. */
  hasPublicGraph(graph: string): boolean {
    return !!this.journal.get(graph)?.public;
  }

  /**
   * Takes a graph out of the public copies at once; the sysadmins' copy keeps it (the next sync
   * replaces it there). For a dataset made private or draft before the write that did it returns.
   */
  async unpublish(graph: string): Promise<void> {
    const e = this.journal.get(graph);
    if (!e?.public) return;
    this.setJournal(graph, { ...e, public: false });
    await this.pools.public!.broadcast({ op: 'drop', graph });
  }

  graphs(): Array<{ graph: string; public: boolean }> {
    return [...this.journal].map(([graph, e]) => ({ graph, public: e.public }));
  }

  /**
   * Runs a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE). Throws SparqlUpdateRefused for updates,
   * SparqlMalformed with Oxigraph's "error at line:column" message, SparqlNotAcceptable for a format
   * the form cannot produce, SparqlSaturated when busy, SparqlTimeout when the limit is hit.
   */
  async query(text: string, opts: StoreQueryOptions = {}): Promise<StoreQueryResult> {
    const info = analyzeQuery(text);
    if (info.isUpdate) throw new SparqlUpdateRefused();
    if (info.services.length) throw new SparqlFederationRefused('SERVICE needs the federation engine (Federation.query), not the local store');
    const scope = opts.scope ?? 'public';
    const pool = this.pools[scope];
    if (!pool) throw new SparqlEngineError("scope 'all' is disabled (allWorkers: 0)");
    // An unrecognised form still goes to the engine, which reports the syntax error with its position.
    const form: QueryForm = info.form ?? 'SELECT';
    let format: FormatName;
    if (opts.format) {
      const f = resolveFormat(opts.format, form);
      if (!f) {
        throw new SparqlNotAcceptable(`format ${opts.format} is not available for ${form} queries (use ${formatsFor(form).join(', ')})`);
      }
      format = f;
    } else format = formatsFor(form)[0];
    for (const g of [...(opts.defaultGraphs ?? []), ...(opts.namedGraphs ?? [])]) checkIri(g);
    const timeoutMs = opts.timeoutMs ?? this.timeoutMs;
    const maxRows = opts.maxRows ?? this.maxRows;
    try {
      const r = await pool.submit(
        {
          op: 'query',
          text,
          form,
          format: MEDIA_TYPES[format],
          maxRows,
          baseIri: opts.baseIri,
          hasDataset: info.hasDataset,
          defaultGraphs: opts.defaultGraphs?.length || opts.namedGraphs?.length ? opts.defaultGraphs ?? [] : undefined,
          namedGraphs: opts.defaultGraphs?.length || opts.namedGraphs?.length ? opts.namedGraphs ?? [] : undefined,
        },
        timeoutMs,
      );
      const contentType = MEDIA_TYPES[format] + (format === 'json' || format === 'jsonld' ? '' : '; charset=utf-8');
      const u8 = r.bytes as Uint8Array;
      const bytes = Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength);
      let body: string | undefined;
      return {
        contentType,
        get body() {
          return (body ??= bytes.toString('utf8'));
        },
        bytes,
        form,
        truncated: r.truncated,
        engineMs: r.ms,
      };
    } catch (e) {
      if (e instanceof SparqlError) throw e;
      if (isMemoryFailure(e)) throw new SparqlMemoryLimit();
      const msg = (e as Error).message;
      if (/^error at \d+:\d+/.test(msg) || /^Parse error|expected/i.test(msg)) throw new SparqlMalformed(msg);
      if (info.form === null) throw new SparqlMalformed(msg);
      throw new SparqlEngineError(msg);
    }
  }

  /** Re-serialises an RDF document (N-Triples by default) into another graph format, inside a worker. */
  async convert(data: string, format: FormatName, from: FormatName = 'ntriples'): Promise<string> {
    if (!formatsFor('CONSTRUCT').includes(format)) throw new SparqlNotAcceptable(`not a graph format: ${format}`);
    const slot = this.pools.public!.slots.find((s) => s.ready) ?? this.pools.public!.slots[0];
    return slot.send({ op: 'convert', data, format: MEDIA_TYPES[format], from: MEDIA_TYPES[from] }, 'mutation');
  }

  stats(): StoreStats {
    const p = (pool: Pool | null) => ({
      workers: pool?.slots.length ?? 0,
      ready: pool?.slots.filter((s) => s.ready).length ?? 0,
      busy: pool?.slots.filter((s) => s.job).length ?? 0,
      queued: pool?.queue.length ?? 0,
      restarts: pool?.restarts ?? 0,
    });
    let pub = 0;
    for (const e of this.journal.values()) if (e.public) pub++;
    return {
      graphs: this.journal.size,
      publicGraphs: pub,
      journalBytes: this.journalBytes,
      pools: { public: p(this.pools.public), all: p(this.pools.all) },
    };
  }

  /** Per worker: quads held, WASM memory (the store copy; it never shrinks), JS heap of the worker. */
  async workerStats(): Promise<Array<{ scope: Scope; size: number; graphs: number; wasmBytes: number | null }>> {
    const out: Array<{ scope: Scope; size: number; graphs: number; wasmBytes: number | null }> = [];
    for (const pool of [this.pools.public, this.pools.all]) {
      if (!pool) continue;
      for (const s of pool.slots) out.push({ scope: pool.scope, ...(await s.send({ op: 'stats' }, 'mutation')) });
    }
    return out;
  }

  /** Resolves when every worker is started and loaded (e.g. after a timeout restart). */
  async idle(): Promise<void> {
    for (;;) {
      const all = [this.pools.public!, ...(this.pools.all ? [this.pools.all] : [])];
      if (all.every((p) => p.slots.every((s) => s.ready))) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.pools.public!.close(), this.pools.all?.close()]);
  }
}
