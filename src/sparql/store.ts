// The local SPARQL store: Oxigraph (Rust compiled to WASM) inside worker threads (pool.ts), because its
// `query` is synchronous and a long query would otherwise stall the whole HTTP server.
//
// Graph visibility with one copy (issue 22). Every dataset lives in its own named graph, and a public
// query must never see a private one. Passing the public graphs to Oxigraph as `default_graph` /
// `named_graphs` made queries 100-1000x slower (10,000 datasets: Q1 61 ms -> 46.5 s, Q7 151 ms -> 160 s:
// Oxigraph then matches each pattern graph by graph), so visibility stays physical: a worker's Oxigraph
// store holds only public graphs, and private graphs wait beside it as deflated source, loaded for the
// length of one sysadmin query and dropped before the next message (worker.mjs). Whatever a public
// query says (GRAPH ?g, FROM NAMED, default-graph-uri, DESCRIBE), a private triple is not in its store.
// Before, a second pool held a full copy for sysadmins: at 100,000 passports that copy was ~1.5 GB.
// A sysadmin query now pays for loading the private part (proportional to it, ~0.5 s per 100,000
// private quads), which is what makes the second copy unnecessary.
//
// The main thread keeps a journal: each graph's source, deflated (about 1/5 of the N-Triples size). A
// worker started after a timeout kill replays it, and snapshot.ts writes it to disk for fast restarts.
import zlib from 'node:zlib';
import { promisify } from 'node:util';
import ox from 'oxigraph';
import { analyzeQuery, type QueryForm } from './analyze.ts';
import { MEDIA_TYPES, formatsFor, resolveFormat, type FormatName } from './formats.ts';
import { answer, engineError } from './answer.ts';
import { Pool, type ReplayEntry } from './pool.ts';
import { ResultCache, normaliseQuery } from './result-cache.ts';
import {
  SparqlEngineError,
  SparqlFederationRefused,
  SparqlMalformed,
  SparqlNotAcceptable,
  SparqlUpdateRefused,
} from './errors.ts';
import type {
  BulkEntry,
  GraphInputFormat,
  GraphOptions,
  Scope,
  SparqlStoreOptions,
  StoreQueryOptions,
  StoreQueryResult,
  StoreStats,
} from './types.ts';

export type {
  BulkEntry,
  GraphInputFormat,
  GraphOptions,
  Scope,
  SparqlStoreOptions,
  StoreQueryOptions,
  StoreQueryResult,
  StoreStats,
} from './types.ts';

const deflateRaw = promisify(zlib.deflateRaw);

/**
 * zlib hands out views into 16 KiB chunks: kept as-is, every 1.5 KB journal entry would pin 16 KiB,
 * and posting it to a worker would clone the whole chunk. Copy into an exactly sized buffer.
 */
function exact(b: Buffer): Buffer {
  const u = new Uint8Array(b);
  return Buffer.from(u.buffer, 0, u.length);
}

interface JournalEntry {
  bytes: Buffer;
  format: GraphInputFormat;
  public: boolean;
}

function checkIri(iri: string) {
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:[^<>"{}|^`\\\u0000-\u0020]*$/.test(iri))
    throw new SparqlMalformed(`not an absolute IRI: ${iri}`);
}

export class SparqlStore {
  private readonly journal = new Map<string, JournalEntry>();
  private readonly pool: Pool;
  private readonly allowAll: boolean;
  private readonly cache: ResultCache;
  private journalBytes = 0;
  /** Bumped by every change that reaches the workers: the result cache's answers belong to one version. */
  version = 0;
  readonly timeoutMs: number;
  readonly maxRows: number;

  private constructor(opts: SparqlStoreOptions) {
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.maxRows = opts.maxRows ?? 10_000;
    const size = opts.workers ?? opts.publicWorkers ?? 1;
    if (size < 1) throw new Error('workers must be at least 1');
    this.allowAll = opts.allWorkers !== 0;
    this.cache = new ResultCache(opts.cacheBytes ?? 32 << 20);
    this.pool = new Pool(
      {
        size,
        spares: opts.spareWorkers ?? 0,
        maxQueue: opts.maxQueue ?? 8,
        retryAfter: opts.retryAfterSeconds ?? 2,
        maxWaitMs: opts.maxWaitMs ?? 2 * this.timeoutMs,
        maxRssMb: opts.maxRssMb ?? 0,
      },
      () => this.entries(),
    );
  }

  /** Starts the workers (empty). Load data with loadBulk / replaceGraph / loadJournal. */
  static async start(opts: SparqlStoreOptions = {}): Promise<SparqlStore> {
    const s = new SparqlStore(opts);
    await s.pool.start();
    return s;
  }

  /** The journal as the workers (and snapshots) take it. */
  entries(): ReplayEntry[] {
    const out: ReplayEntry[] = [];
    for (const [g, e] of this.journal) out.push([g, e.bytes, e.format, e.public]);
    return out;
  }

  /** Called synchronously with every message that changes the workers' content (see ResultCache). */
  private changed() {
    this.version++;
    this.cache.clear();
  }

  private setJournal(graph: string, e: JournalEntry | undefined) {
    const old = this.journal.get(graph);
    if (old) this.journalBytes -= old.bytes.length;
    if (e) {
      this.journal.set(graph, e);
      this.journalBytes += e.bytes.length;
    } else this.journal.delete(graph);
  }

  private async post(msg: Record<string, unknown>): Promise<unknown[]> {
    this.changed();
    const r = await this.pool.broadcast(msg);
    this.changed();
    return r;
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
    this.setJournal(graph, { bytes, format, public: opts.public });
    await this.post({ op: 'replace', graph, bytes, format, public: opts.public, trusted: true });
  }

  /** Removes a graph everywhere. Unknown graphs are ignored. */
  async dropGraph(graph: string): Promise<void> {
    const old = this.journal.get(graph);
    this.setJournal(graph, undefined);
    if (!old) return;
    await this.post({ op: 'drop', graph });
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
      const packed: ReplayEntry[] = await Promise.all(
        cur.map(
          async (e) =>
            [
              e.graph,
              exact(await deflateRaw(e.data, { level: 1 })),
              e.format ?? 'application/n-triples',
              e.public,
            ] as ReplayEntry,
        ),
      );
      const bad = await this.place(packed);
      for (const [g, err] of bad) failed.push({ graph: g, error: err });
      loaded += cur.length - bad.size;
    };
    for await (const e of entries as AsyncIterable<BulkEntry>) {
      batch.push(e);
      if (batch.length >= batchSize) await flush();
    }
    await flush();
    return { loaded, failed };
  }

  /** Puts packed entries in the journal and the workers; returns the graphs that failed to parse. */
  private async place(packed: ReplayEntry[]): Promise<Map<string, string>> {
    for (const [g, bytes, format, isPublic] of packed) {
      checkIri(g);
      this.setJournal(g, { bytes, format: format as GraphInputFormat, public: isPublic });
    }
    const results = (await this.post({ op: 'replaceMany', entries: packed, drops: [] })) as Array<{
      failed: Array<[string, string]>;
    } | null>;
    // Workers parse; a graph that fails fails in every copy. Forget it in the journal too.
    const bad = new Map<string, string>();
    for (const r of results) for (const [g, err] of r?.failed ?? []) bad.set(g, err);
    for (const g of bad.keys()) this.setJournal(g, undefined);
    return bad;
  }

  /** Loads journal entries as they were saved (a snapshot): no mapping, no compression. */
  async loadJournal(entries: ReplayEntry[], batch = 5000): Promise<number> {
    let failed = 0;
    for (let i = 0; i < entries.length; i += batch) failed += (await this.place(entries.slice(i, i + batch))).size;
    return entries.length - failed;
  }

  hasGraph(graph: string): boolean {
    return this.journal.has(graph);
  }

  /** True when public queries see this graph. */
  hasPublicGraph(graph: string): boolean {
    return !!this.journal.get(graph)?.public;
  }

  /**
   * Takes a graph out of public sight at once; sysadmins still see it (the next sync replaces it). For
   * a dataset made private or draft, before the write that did it returns.
   */
  async unpublish(graph: string): Promise<void> {
    const e = this.journal.get(graph);
    if (!e?.public) return;
    this.setJournal(graph, { ...e, public: false });
    await this.post({ op: 'replace', graph, bytes: e.bytes, format: e.format, public: false, trusted: true });
  }

  graphs(): Array<{ graph: string; public: boolean }> {
    return [...this.journal].map(([graph, e]) => ({ graph, public: e.public }));
  }

  /** The format a query's answer comes in, or SparqlNotAcceptable. */
  private formatFor(form: QueryForm, asked: string | undefined): FormatName {
    if (!asked) return formatsFor(form)[0];
    const f = resolveFormat(asked, form);
    if (!f)
      throw new SparqlNotAcceptable(
        `format ${asked} is not available for ${form} queries (use ${formatsFor(form).join(', ')})`,
      );
    return f;
  }

  /**
   * Runs a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE). Throws SparqlUpdateRefused for updates,
   * SparqlMalformed with Oxigraph's "error at line:column" message, SparqlNotAcceptable for a format
   * the form cannot produce, SparqlSaturated when busy, SparqlTimeout when the limit is hit.
   * Public answers are served from the result cache when the store has not changed since.
   */
  async query(text: string, opts: StoreQueryOptions = {}): Promise<StoreQueryResult> {
    const info = analyzeQuery(text);
    if (info.isUpdate) throw new SparqlUpdateRefused();
    if (info.services.length)
      throw new SparqlFederationRefused('SERVICE needs the federation engine (Federation.query), not the local store');
    const scope: Scope = opts.scope ?? 'public';
    if (scope === 'all' && !this.allowAll) throw new SparqlEngineError("scope 'all' is disabled (allWorkers: 0)");
    // An unrecognised form still goes to the engine, which reports the syntax error with its position.
    const form: QueryForm = info.form ?? 'SELECT';
    const format = this.formatFor(form, opts.format);
    const graphs = opts.defaultGraphs?.length || opts.namedGraphs?.length;
    for (const g of [...(opts.defaultGraphs ?? []), ...(opts.namedGraphs ?? [])]) checkIri(g);
    const maxRows = opts.maxRows ?? this.maxRows;
    const contentType = MEDIA_TYPES[format] + (format === 'json' || format === 'jsonld' ? '' : '; charset=utf-8');
    // Only public answers are kept: a sysadmin's answer can never be handed to anyone else.
    const version = this.version;
    const key =
      scope === 'public' && this.cache.maxBytes > 0
        ? JSON.stringify([
            version,
            format,
            maxRows,
            opts.baseIri ?? '',
            opts.defaultGraphs ?? [],
            opts.namedGraphs ?? [],
            normaliseQuery(text),
          ])
        : null;
    const hit = key ? this.cache.get(key) : undefined;
    if (hit) return answer(hit.bytes, contentType, form, hit.truncated, 0, 'hit');
    let r: { bytes: Uint8Array; truncated: boolean; ms: number };
    try {
      r = await this.pool.submit(
        {
          op: 'query',
          text,
          form,
          scope,
          format: MEDIA_TYPES[format],
          maxRows,
          baseIri: opts.baseIri,
          hasDataset: info.hasDataset,
          defaultGraphs: graphs ? (opts.defaultGraphs ?? []) : undefined,
          namedGraphs: graphs ? (opts.namedGraphs ?? []) : undefined,
        },
        opts.timeoutMs ?? this.timeoutMs,
        opts.client,
      );
    } catch (e) {
      throw engineError(e, info.form);
    }
    const bytes = Buffer.from(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength);
    // Computed under an older version: a change reached the store meanwhile, so it is not kept.
    if (key && version === this.version) this.cache.set(key, { bytes, contentType, truncated: r.truncated, form });
    return answer(bytes, contentType, form, r.truncated, r.ms, key ? 'miss' : undefined);
  }

  /** Empties the result cache (bench/sparql.ts times cold queries this way). */
  clearCache() {
    this.cache.clear();
  }

  /** Re-serialises an RDF document (N-Triples by default) into another graph format, inside a worker. */
  async convert(data: string, format: FormatName, from: FormatName = 'ntriples'): Promise<string> {
    if (!formatsFor('CONSTRUCT').includes(format)) throw new SparqlNotAcceptable(`not a graph format: ${format}`);
    const slot = this.pool.slots.find((s) => s.ready) ?? this.pool.slots[0];
    return slot.send({ op: 'convert', data, format: MEDIA_TYPES[format], from: MEDIA_TYPES[from] }, 'mutation');
  }

  stats(): StoreStats {
    let pub = 0;
    for (const e of this.journal.values()) if (e.public) pub++;
    return {
      graphs: this.journal.size,
      publicGraphs: pub,
      journalBytes: this.journalBytes,
      pools: { public: this.pool.stats() },
    };
  }

  /** Memory per part (status_show): each worker's WASM memory (its copy), the journal, the result cache. */
  memory() {
    return {
      workers: this.pool.slots.map((s) => s.mem),
      journal_bytes: this.journalBytes,
      cache: this.cache.stats(),
    };
  }

  /** Per worker: quads held, private graphs kept aside, WASM memory (the store copy; it never shrinks). */
  async workerStats(): Promise<
    Array<{ scope: Scope; size: number; graphs: number; hidden: number; hiddenBytes: number; wasmBytes: number | null }>
  > {
    return Promise.all(
      this.pool.slots.map(async (s) => ({ scope: 'public' as Scope, ...(await s.send({ op: 'stats' }, 'mutation')) })),
    );
  }

  /** Resolves when every worker is started and loaded (e.g. after a timeout restart). */
  async idle(): Promise<void> {
    while (!this.pool.slots.every((s) => s.ready)) await new Promise((r) => setTimeout(r, 20));
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}
