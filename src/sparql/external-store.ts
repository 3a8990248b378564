// An external SPARQL 1.1 store (Virtuoso, Fuseki, GraphDB, Oxigraph server, ...) in place of the local
// Oxigraph workers, for scale-out. Same surface as SparqlStore, as far as SparqlSync, sparqlPlugin and
// Federation use it: graphs are written with the SPARQL 1.1 Graph Store HTTP Protocol (PUT / DELETE
// `?graph=`), or with SPARQL 1.1 Update when no GSP endpoint is configured; queries go to the store's
// SPARQL protocol endpoint. The HTTP with its credentials is external-http.ts; making the store's
// answers into the endpoint's (formats, row cap, ASK) is external-results.ts.
//
// Graph visibility. The local store keeps private graphs physically apart (see store.ts). An external
// store has one dataset, and every client of its own endpoint, plus every query we forward, sees all of
// it. Restricting public queries with FROM / FROM NAMED (or default-graph-uri / named-graph-uri) to the
// public graphs does not work: a query may name its own dataset, and engines slow down sharply when
// handed thousands of graphs (measured for Oxigraph in store.ts). Writing private graphs to a separate
// graph namespace would still leave them readable through the store's own endpoint. So the only safe
// rule is the simplest: ONLY PUBLIC GRAPHS ARE WRITTEN to the external store. A dataset turned private
// is deleted from it. Sysadmin ('all') queries are answered from the same public data: in external mode
// private and draft datasets are not queryable over SPARQL (they stay visible in the Action API).
import ox from 'oxigraph';
import { analyzeQuery, type QueryForm } from './analyze.ts';
import { MEDIA_TYPES, formatsFor, isGraphForm, resolveFormat, type FormatName } from './formats.ts';
import {
  SparqlEngineError,
  SparqlFederationRefused,
  SparqlMalformed,
  SparqlNotAcceptable,
  SparqlTimeout,
  SparqlUpdateRefused,
} from './errors.ts';
import { ExternalHttp } from './external-http.ts';
import { shapeResult } from './external-results.ts';
import type { BulkEntry, GraphOptions, StoreQueryOptions, StoreQueryResult, StoreStats } from './store.ts';

export interface ExternalStoreOptions {
  /** SPARQL protocol query endpoint (SPARQL_STORE_URL). */
  queryUrl: string;
  /** SPARQL Update endpoint; default: queryUrl. Used only when gspUrl is not set. */
  updateUrl?: string | null;
  /** Graph Store Protocol endpoint (e.g. Virtuoso `/sparql-graph-crud[-auth]`, Fuseki `/ds/data`). */
  gspUrl?: string | null;
  /** Credentials for writes and queries: HTTP Basic, or Digest when the server asks for it. */
  user?: string | null;
  password?: string | null;
  /** Graphs Pasport owns start with this (the site URL); found at start for hasGraph and pruneStale. */
  graphPrefix?: string;
  timeoutMs?: number;
  maxRows?: number;
  /** Parallel writes during loadBulk. Default 4. */
  concurrency?: number;
  /** Time limit per write request. Default 60,000 ms. */
  writeTimeoutMs?: number;
}

function checkIri(iri: string) {
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:[^<>"{}|^`\\\u0000-\u0020]*$/.test(iri))
    throw new SparqlMalformed(`not an absolute IRI: ${iri}`);
}

export class ExternalSparqlStore {
  readonly timeoutMs: number;
  readonly maxRows: number;
  /** Graphs present in the external store, as far as we know (found at start, then our writes). */
  private readonly known = new Set<string>();
  /** Graphs written since start; pruneStale drops the other known ones. */
  private readonly touched = new Set<string>();
  /** Every request to the store goes through it (credentials, Digest, the count of requests under way). */
  private readonly http: ExternalHttp;

  private constructor(private readonly opts: ExternalStoreOptions) {
    this.http = new ExternalHttp(opts);
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.maxRows = opts.maxRows ?? 10_000;
  }

  /** Connects (one query, which fails loudly when the store is unreachable) and lists Pasport's graphs. */
  static async start(opts: ExternalStoreOptions): Promise<ExternalSparqlStore> {
    const s = new ExternalSparqlStore(opts);
    const prefix = opts.graphPrefix ?? '';
    const q = `SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), ${JSON.stringify(prefix)})) }`;
    const r = await s.http.request(
      opts.queryUrl,
      'POST',
      new URLSearchParams({ query: q }).toString(),
      {
        'content-type': 'application/x-www-form-urlencoded',
        accept: MEDIA_TYPES.json,
      },
      s.timeoutMs * 3,
    );
    if (!r.ok) throw new Error(`SPARQL_STORE_URL ${opts.queryUrl}: ${r.status} ${(await r.text()).slice(0, 300)}`);
    const json = (await r.json()) as { results: { bindings: { g: { value: string } }[] } };
    for (const b of json.results.bindings) s.known.add(b.g.value);
    return s;
  }

  private async write(method: 'PUT' | 'DELETE', graph: string, data?: string): Promise<void> {
    const wt = this.opts.writeTimeoutMs ?? 60_000;
    let r: Response;
    if (this.opts.gspUrl) {
      const u = new URL(this.opts.gspUrl);
      u.searchParams.set('graph', graph);
      r = await this.http.request(
        u.toString(),
        method,
        data,
        method === 'PUT' ? { 'content-type': 'application/n-triples' } : {},
        wt,
      );
      // GSP: DELETE of an absent graph is 404; that is what we wanted anyway.
      if (method === 'DELETE' && r.status === 404) return void (await r.body?.cancel());
    } else {
      // N-Triples lines are valid triples inside INSERT DATA.
      const update =
        method === 'PUT'
          ? `DROP SILENT GRAPH <${graph}> ;\nINSERT DATA { GRAPH <${graph}> {\n${data}\n} }`
          : `DROP SILENT GRAPH <${graph}>`;
      r = await this.http.request(
        this.opts.updateUrl ?? this.opts.queryUrl,
        'POST',
        new URLSearchParams({ update }).toString(),
        { 'content-type': 'application/x-www-form-urlencoded' },
        wt,
      );
    }
    if (!r.ok)
      throw new SparqlEngineError(
        `external store: ${method} <${graph}>: ${r.status} ${(await r.text()).slice(0, 300)}`,
      );
    await r.body?.cancel();
  }

  private validate(graph: string, data: string, format: string) {
    checkIri(graph);
    try {
      ox.parse(data, { format, to_graph_name: ox.namedNode(graph) });
    } catch (e) {
      throw new SparqlMalformed(`graph <${graph}>: ${(e as Error).message}`);
    }
  }

  /** Turtle / RDF/XML input is converted to N-Triples, the one format every GSP server takes. */
  private toNTriples(data: string, format: string): string {
    if (format === 'application/n-triples') return data;
    const scratch = new ox.Store();
    scratch.load(data, { format });
    return scratch.dump({ format: 'application/n-triples', from_graph_name: ox.defaultGraph() });
  }

  /** Writes a public graph (PUT replaces it); a non-public one is deleted from the store instead. */
  async replaceGraph(graph: string, data: string, opts: GraphOptions): Promise<void> {
    const format = opts.format ?? 'application/n-triples';
    this.validate(graph, data, format);
    this.touched.add(graph);
    if (!opts.public) return this.dropGraph(graph);
    await this.write('PUT', graph, this.toNTriples(data, format));
    this.known.add(graph);
  }

  async dropGraph(graph: string): Promise<void> {
    this.touched.add(graph);
    if (!this.known.has(graph)) return;
    await this.write('DELETE', graph);
    this.known.delete(graph);
  }

  async loadBulk(
    entries: Iterable<BulkEntry> | AsyncIterable<BulkEntry>,
  ): Promise<{ loaded: number; failed: Array<{ graph: string; error: string }> }> {
    const failed: Array<{ graph: string; error: string }> = [];
    let loaded = 0;
    const running = new Set<Promise<void>>();
    const limit = this.opts.concurrency ?? 4;
    for await (const e of entries as AsyncIterable<BulkEntry>) {
      const p: Promise<void> = this.replaceGraph(e.graph, e.data, { public: e.public, format: e.format })
        .then(
          () => void loaded++,
          (err: Error) => void failed.push({ graph: e.graph, error: err.message }),
        )
        .finally(() => running.delete(p));
      running.add(p);
      if (running.size >= limit) await Promise.race(running);
    }
    await Promise.all(running);
    return { loaded, failed };
  }

  /** Drops the graphs under graphPrefix found at start that nothing wrote since (datasets gone meanwhile). */
  async pruneStale(): Promise<number> {
    let n = 0;
    for (const g of [...this.known])
      if (!this.touched.has(g)) {
        await this.write('DELETE', g);
        this.known.delete(g);
        n++;
      }
    return n;
  }

  hasGraph(graph: string): boolean {
    return this.known.has(graph);
  }

  /** Every graph here is public. */
  hasPublicGraph(graph: string): boolean {
    return this.known.has(graph);
  }

  /** The store holds public graphs only: unpublishing is dropping. */
  async unpublish(graph: string): Promise<void> {
    await this.dropGraph(graph);
  }

  graphs(): Array<{ graph: string; public: boolean }> {
    return [...this.known].map((graph) => ({ graph, public: true }));
  }

  /**
   * Forwards a query. Scope is ignored: the store holds public graphs only (see the top of the file).
   * Graph results are fetched as Turtle and re-serialised here, so every format and the row cap work
   * whatever the store supports; JSON solutions are capped here too; XML/CSV/TSV solutions pass
   * through as the store sends them (its own row limit applies).
   */
  async query(text: string, opts: StoreQueryOptions = {}): Promise<StoreQueryResult> {
    const info = analyzeQuery(text);
    if (info.isUpdate) throw new SparqlUpdateRefused();
    if (info.services.length)
      throw new SparqlFederationRefused('SERVICE needs the federation engine (Federation.query), not the store');
    const form: QueryForm = info.form ?? 'SELECT';
    let format: FormatName;
    if (opts.format) {
      const f = resolveFormat(opts.format, form);
      if (!f)
        throw new SparqlNotAcceptable(
          `format ${opts.format} is not available for ${form} queries (use ${formatsFor(form).join(', ')})`,
        );
      format = f;
    } else format = formatsFor(form)[0];
    for (const g of [...(opts.defaultGraphs ?? []), ...(opts.namedGraphs ?? [])]) checkIri(g);
    const timeoutMs = opts.timeoutMs ?? this.timeoutMs;
    const maxRows = opts.maxRows ?? this.maxRows;
    const graph = isGraphForm(form);
    const params = new URLSearchParams({ query: text });
    for (const g of opts.defaultGraphs ?? []) params.append('default-graph-uri', g);
    for (const g of opts.namedGraphs ?? []) params.append('named-graph-uri', g);
    const t0 = performance.now();
    let r: Response;
    try {
      r = await this.http.request(
        this.opts.queryUrl,
        'POST',
        params.toString(),
        {
          'content-type': 'application/x-www-form-urlencoded',
          // ASK always as JSON: some stores (Virtuoso 7.2) answer ASK as a one-row SELECT; normalised below.
          accept: graph ? 'text/turtle' : form === 'ASK' ? MEDIA_TYPES.json : MEDIA_TYPES[format],
        },
        timeoutMs,
      );
    } catch (e) {
      if ((e as Error).name === 'TimeoutError') throw new SparqlTimeout(timeoutMs);
      throw new SparqlEngineError(`external store unreachable: ${(e as Error).message}`);
    }
    let body: string;
    try {
      body = await r.text();
    } catch (e) {
      if ((e as Error).name === 'TimeoutError') throw new SparqlTimeout(timeoutMs);
      throw new SparqlEngineError((e as Error).message);
    }
    const engineMs = performance.now() - t0;
    if (!r.ok) {
      const msg = body.trim().slice(0, 1000) || `external store answered ${r.status}`;
      if (r.status === 400) throw new SparqlMalformed(msg);
      throw new SparqlEngineError(msg);
    }
    const { body: shaped, truncated } = shapeResult(body, form, format, maxRows);
    const contentType = MEDIA_TYPES[format] + (format === 'json' || format === 'jsonld' ? '' : '; charset=utf-8');
    return { contentType, body: shaped, form, truncated, engineMs };
  }

  /** Re-serialises an RDF document locally (service description, federation results). */
  async convert(data: string, format: FormatName, from: FormatName = 'ntriples'): Promise<string> {
    if (!formatsFor('CONSTRUCT').includes(format)) throw new SparqlNotAcceptable(`not a graph format: ${format}`);
    const scratch = new ox.Store();
    scratch.load(data, { format: MEDIA_TYPES[from], lenient: true });
    return scratch.dump({ format: MEDIA_TYPES[format], from_graph_name: ox.defaultGraph() });
  }

  stats(): StoreStats {
    const pool = { workers: 0, ready: 0, busy: this.http.inflight, queued: 0, restarts: 0 };
    return {
      graphs: this.known.size,
      publicGraphs: this.known.size,
      journalBytes: 0,
      pools: { public: pool, all: pool },
    };
  }

  async idle(): Promise<void> {}

  async close(): Promise<void> {
    while (this.http.inflight > 0) await new Promise((r) => setTimeout(r, 20));
  }
}
