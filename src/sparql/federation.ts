// Federated queries (SERVICE clauses) run on Comunica; the local store is one of its sources.
// Oxigraph answers everything local, Comunica only orchestrates: it is 100x slower than Oxigraph on
// local joins (15 s vs 150 ms for a GROUP BY at 50,000 datasets), so it never scans local data itself.
//
// The local store is exposed to Comunica as a SPARQL endpoint at an internal URL that never reaches the
// network: Comunica's `fetch` is replaced by one that answers that URL from SparqlStore.query with the
// caller's scope. Comunica pushes whole sub-queries to SPARQL sources, so the local part still runs as one
// Oxigraph query, and a public caller cannot reach private graphs through federation either.
// Every other URL passes `allow(url)` first (SSRF guard), then goes to the real fetch.
import type { QueryEngine } from '@comunica/query-sparql';
import { loadComunica } from '../lazy.ts';
import { Store as N3Store } from 'n3';
import type { SparqlStore, Scope, StoreQueryResult } from './store.ts';
import { analyzeQuery, type QueryForm } from './analyze.ts';
import { MEDIA_TYPES, formatsFor, resolveFormat, type FormatName } from './formats.ts';
import {
  SparqlError,
  SparqlFederationRefused,
  SparqlMalformed,
  SparqlNotAcceptable,
  SparqlTimeout,
  SparqlUpdateRefused,
  SparqlUpstreamError,
} from './errors.ts';

export const LOCAL_SOURCE_URL = 'http://pasport.invalid/sparql-local';
const LOCAL_URL: Record<Scope, string> = { public: `${LOCAL_SOURCE_URL}/public`, all: `${LOCAL_SOURCE_URL}/all` };
const EMPTY_SOURCE = new N3Store();

export interface FederationOptions {
  store: SparqlStore;
  /** Which remote endpoints SERVICE may call. Required: there is no safe default. */
  allow: (url: URL) => boolean;
  timeoutMs?: number;
  maxRows?: number;
  /** PASPORT_SPARQL_DEBUG: log the local-source queries Comunica sends to stderr. */
  debug?: boolean;
}

export interface FederatedQueryOptions {
  scope?: Scope;
  format?: FormatName | string;
  timeoutMs?: number;
  maxRows?: number;
}

async function streamToString(s: NodeJS.ReadableStream): Promise<string> {
  const parts: string[] = [];
  for await (const chunk of s as AsyncIterable<Buffer | string>)
    parts.push(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
  return parts.join('');
}

export class Federation {
  private engine?: QueryEngine;
  readonly timeoutMs: number;
  readonly maxRows: number;

  constructor(private readonly opts: FederationOptions) {
    this.timeoutMs = opts.timeoutMs ?? opts.store.timeoutMs;
    this.maxRows = opts.maxRows ?? opts.store.maxRows;
  }

  /** True when the query calls SERVICE and so must run here rather than in the store. */
  static needsFederation(text: string): boolean {
    return analyzeQuery(text).services.length > 0;
  }

  // One fetch for all queries, holding no per-query state: Comunica caches sources (with the fetch they
  // were created with) across queries, so the scope is carried by the URL, never by a closure.
  private readonly fetch: typeof fetch = async (input, init) => {
    const req = new Request(input as any, init as any);
    const url = new URL(req.url);
    const local = url.origin + url.pathname;
    if (local === LOCAL_URL.public || local === LOCAL_URL.all) {
      const scope: Scope = local === LOCAL_URL.all ? 'all' : 'public';
      const timeoutMs = this.timeoutMs;
      let query = url.searchParams.get('query');
      if (!query && req.method === 'POST') {
        const body = await req.text();
        const ct = req.headers.get('content-type') ?? '';
        query = ct.includes('application/sparql-query') ? body : new URLSearchParams(body).get('query');
      }
      if (this.opts.debug) console.error('local source:', scope, query);
      const accept = req.headers.get('accept') ?? '';
      const info = analyzeQuery(query ?? '');
      const form = info.form ?? 'SELECT';
      // Comunica asks for the formats it parses; JSON results and N-Triples are the robust choices.
      const format: FormatName = formatsFor(form).includes('json')
        ? accept.includes('xml') && !accept.includes('json')
          ? 'xml'
          : 'json'
        : 'ntriples';
      try {
        const r = await this.opts.store.query(query ?? '', { scope, format, timeoutMs, maxRows: this.maxRows });
        return new Response(r.body, { status: 200, headers: { 'content-type': r.contentType } });
      } catch (e) {
        const status = e instanceof SparqlError ? e.status : 500;
        return new Response((e as Error).message, { status, headers: { 'content-type': 'text/plain' } });
      }
    }
    if (!this.opts.allow(url)) throw new SparqlFederationRefused(`SERVICE endpoint not allowed: ${url.href}`);
    return fetch(req);
  };

  async query(text: string, opts: FederatedQueryOptions = {}): Promise<StoreQueryResult> {
    const info = analyzeQuery(text);
    if (info.isUpdate) throw new SparqlUpdateRefused();
    const form: QueryForm = info.form ?? 'SELECT';
    for (const s of info.services) {
      if (s.startsWith('?')) throw new SparqlFederationRefused('SERVICE with a variable endpoint is not supported');
      let url: URL;
      try {
        url = new URL(s);
      } catch {
        continue; // a prefixed name; checked by the fetch guard once Comunica resolves it
      }
      if (!this.opts.allow(url)) throw new SparqlFederationRefused(`SERVICE endpoint not allowed: ${s}`);
    }
    let format: FormatName = formatsFor(form)[0];
    if (opts.format) {
      const f = resolveFormat(opts.format, form);
      if (!f) throw new SparqlNotAcceptable(`format ${opts.format} is not available for ${form} queries`);
      format = f;
    }
    const scope = opts.scope ?? 'public';
    const timeoutMs = opts.timeoutMs ?? this.timeoutMs;
    const maxRows = opts.maxRows ?? this.maxRows;
    const t0 = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const run = async (): Promise<StoreQueryResult> => {
      let result: any;
      try {
        this.engine ??= new (await loadComunica()).QueryEngine();
        result = await this.engine.query(text, {
          // With a single SPARQL source Comunica hands it the whole query, SERVICE included, which
          // Oxigraph cannot run. A second, empty source stops that; Comunica then prunes the empty
          // source's patterns and groups the rest into sub-queries for the local endpoint.
          sources: [{ type: 'sparql', value: LOCAL_URL[scope] }, EMPTY_SOURCE],
          fetch: this.fetch,
          // Comunica's own per-request timeout for remote endpoints.
          httpTimeout: timeoutMs,
        } as any);
      } catch (e) {
        if (e instanceof SparqlError) throw e;
        throw new SparqlMalformed((e as Error).message);
      }
      let truncated = false;
      if (result.resultType === 'bindings' || result.resultType === 'quads') {
        const execute = result.execute.bind(result);
        result.execute = async (o?: unknown) => {
          const it = await execute(o);
          let n = 0;
          return it.take(maxRows).map((x: unknown) => {
            if (++n >= maxRows) truncated = true;
            return x;
          });
        };
      }
      const mediaType = format === 'rdfxml' ? MEDIA_TYPES.ntriples : MEDIA_TYPES[format];
      const { data } = await this.engine!.resultToString(result, mediaType);
      let body = await streamToString(data as unknown as NodeJS.ReadableStream);
      if (format === 'rdfxml') body = await this.opts.store.convert(body, 'rdfxml');
      const contentType = MEDIA_TYPES[format] + (format === 'json' || format === 'jsonld' ? '' : '; charset=utf-8');
      return { contentType, body, form, truncated, engineMs: performance.now() - t0 };
    };
    try {
      return await Promise.race([
        run(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            reject(new SparqlTimeout(timeoutMs));
          }, timeoutMs);
        }),
      ]);
    } catch (e) {
      if (e instanceof SparqlError) throw e;
      // Comunica wraps fetch errors; surface our own refusal if it is the cause.
      const cause = (e as any)?.cause;
      if (cause instanceof SparqlError) throw cause;
      const msg = (e as Error).message;
      if (/not allowed/.test(msg)) throw new SparqlFederationRefused(msg);
      throw new SparqlUpstreamError(`federated query failed: ${msg}`);
    } finally {
      clearTimeout(timer);
    }
  }
}
