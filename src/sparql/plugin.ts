// SPARQL 1.1 Protocol at /sparql: GET ?query=, POST form and POST application/sparql-query,
// default-graph-uri / named-graph-uri, content negotiation plus ?format=, a Service Description on a bare
// GET, the YASGUI page for browsers, CORS. Errors are plain text with the status the error class carries.
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { analyzeQuery } from './analyze.ts';
import { EXAMPLE_QUERIES, type ExampleQuery } from './examples.ts';
import { Federation } from './federation.ts';
import { GRAPH_FORMATS, MEDIA_TYPES, SOLUTION_FORMATS, formatByName, formatsFor, negotiate, resolveFormat, type FormatName } from './formats.ts';
import { SparqlError, SparqlMalformed, SparqlNotAcceptable, SparqlSaturated, SparqlUpdateRefused } from './errors.ts';
import { asset, pickLang, renderPage } from './page.ts';
import type { Scope, SparqlStore, StoreQueryResult } from './store.ts';

export interface SparqlLogEntry {
  query: string;
  scope: Scope;
  method: string;
  format: FormatName | null;
  status: number;
  durationMs: number;
  /** Result body size in bytes (0 on error). */
  bytes: number;
  truncated: boolean;
  federated: boolean;
  error?: string;
  ip: string;
}

export interface SparqlPluginOptions {
  store: SparqlStore;
  /** Who sees what: 'all' for sysadmins, 'public' otherwise. Default: always 'public'. */
  scopeFor?: (request: FastifyRequest) => Scope | Promise<Scope>;
  /** Called once per query (not for the page, assets or service description). */
  log?: (entry: SparqlLogEntry) => void;
  examples?: ExampleQuery[];
  /** Route path. Default '/sparql'. */
  path?: string;
  /** Absolute endpoint URL for the service description; default derived from the request. */
  endpointUrl?: string;
  /** Largest accepted request body (query text or form). Default 64 KiB. */
  maxBodyBytes?: number;
  /** Override the store's limits per request (the store's own defaults otherwise). */
  timeoutMs?: number;
  maxRows?: number;
  /** SERVICE support. Off unless given: calling out is an SSRF risk, so the allow-list is mandatory. */
  federation?: { allow: (url: URL) => boolean; timeoutMs?: number };
  /** CORS for browser clients on other origins. Default true (the endpoint is public and read-only). */
  cors?: boolean;
}

interface ProtocolRequest {
  query: string | null;
  defaultGraphs: string[];
  namedGraphs: string[];
  format: string | null;
  lang: string | null;
}

function fromParams(p: URLSearchParams): ProtocolRequest {
  return {
    query: p.get('query'),
    defaultGraphs: p.getAll('default-graph-uri'),
    namedGraphs: p.getAll('named-graph-uri'),
    format: p.get('format') ?? p.get('output') ?? p.get('results'),
    lang: p.get('lang'),
  };
}

function urlParams(req: FastifyRequest): URLSearchParams {
  const i = req.url.indexOf('?');
  return new URLSearchParams(i < 0 ? '' : req.url.slice(i + 1));
}

/** The browser case: text/html ranked above every RDF / results type. */
function wantsHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  let html = -1;
  let other = -1;
  for (const part of accept.split(',')) {
    const [t, ...ps] = part.trim().split(';');
    const qp = ps.map((s) => s.trim()).find((s) => s.startsWith('q='));
    const q = qp ? Number(qp.slice(2)) : 1;
    const type = t.trim().toLowerCase();
    if (type === 'text/html' || type === 'application/xhtml+xml') html = Math.max(html, q);
    else if (formatByName(type)) other = Math.max(other, q);
  }
  return html > 0 && html >= other;
}

function serviceDescription(endpoint: string): string {
  const results = [...SOLUTION_FORMATS, ...GRAPH_FORMATS];
  const formatIri: Record<FormatName, string> = {
    json: 'http://www.w3.org/ns/formats/SPARQL_Results_JSON',
    xml: 'http://www.w3.org/ns/formats/SPARQL_Results_XML',
    csv: 'http://www.w3.org/ns/formats/SPARQL_Results_CSV',
    tsv: 'http://www.w3.org/ns/formats/SPARQL_Results_TSV',
    turtle: 'http://www.w3.org/ns/formats/Turtle',
    ntriples: 'http://www.w3.org/ns/formats/N-Triples',
    rdfxml: 'http://www.w3.org/ns/formats/RDF_XML',
    jsonld: 'http://www.w3.org/ns/formats/JSON-LD',
  };
  return `@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix dct: <http://purl.org/dc/terms/> .

<${endpoint}#service> a sd:Service ;
  sd:endpoint <${endpoint}> ;
  dct:title "Pasport SPARQL endpoint"@en , "Паспорт SPARQL"@ru ;
  sd:supportedLanguage sd:SPARQL11Query ;
  sd:feature sd:UnionDefaultGraph , sd:BasicFederatedQuery ;
  sd:resultFormat ${results.map((f) => `<${formatIri[f]}>`).join(' , ')} ;
  sd:defaultDataset [
    a sd:Dataset ;
    sd:defaultGraph [ a sd:Graph ]
  ] .
`;
}

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'Content-Type, Accept, Authorization',
  'access-control-max-age': '86400',
};

export const sparqlPlugin: FastifyPluginAsync<SparqlPluginOptions> = async (app: FastifyInstance, opts: SparqlPluginOptions) => {
  const path = opts.path ?? '/sparql';
  // Links in the page and the service description need the full path, registration prefix included.
  const fullPath = `${app.prefix}${path}`;
  const assetsPath = `${path}/assets`;
  const examples = opts.examples ?? EXAMPLE_QUERIES;
  const cors = opts.cors ?? true;
  const bodyLimit = opts.maxBodyBytes ?? 64 * 1024;
  const federation = opts.federation
    ? new Federation({ store: opts.store, allow: opts.federation.allow, timeoutMs: opts.federation.timeoutMs ?? opts.timeoutMs })
    : null;

  // Parsers live in this encapsulated context only; bodies stay strings (the limits apply before parsing).
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit }, (_req, body, done) => {
    done(null, new URLSearchParams(body as string));
  });
  for (const ct of ['application/sparql-query', 'application/sparql-update']) {
    app.addContentTypeParser(ct, { parseAs: 'string', bodyLimit }, (_req, body, done) => done(null, body));
  }

  if (cors) {
    // Set up front (error replies keep them too); a plain callback hook, no promise per request.
    app.addHook('onRequest', (_req, reply, done) => {
      reply.headers(CORS_HEADERS);
      done();
    });
  }

  const sendError = (reply: FastifyReply, e: unknown) => {
    const err = e instanceof SparqlError ? e : null;
    const status = err?.status ?? 500;
    if (e instanceof SparqlSaturated) reply.header('retry-after', String(e.retryAfter));
    return reply.code(status).type('text/plain; charset=utf-8').send(err ? err.message : 'Internal error');
  };

  const endpointFor = (req: FastifyRequest) => opts.endpointUrl ?? `${req.protocol}://${req.host}${fullPath}`;

  async function handle(req: FastifyRequest, reply: FastifyReply, p: ProtocolRequest) {
    const started = performance.now();
    if (p.query === null) {
      // Bare GET: the page for browsers, the service description for everyone else.
      if (wantsHtml(req.headers.accept) && !p.format) {
        const lang = pickLang(p.lang ?? undefined, req.headers['accept-language']);
        return reply
          .type('text/html; charset=utf-8')
          .header('vary', 'Accept, Accept-Language')
          .send(renderPage({ endpointPath: fullPath, assetsPath: `${fullPath}/assets`, examples, lang }));
      }
      const sd = serviceDescription(endpointFor(req));
      const f = p.format ? formatByName(p.format) : negotiate(req.headers.accept, 'CONSTRUCT');
      if (!f || !GRAPH_FORMATS.includes(f)) return reply.code(406).type('text/plain').send('Service description: use Turtle, N-Triples, RDF/XML or JSON-LD');
      const body = f === 'turtle' ? sd : await opts.store.convert(sd, f, 'turtle');
      return reply.type(MEDIA_TYPES[f] + (f === 'jsonld' ? '' : '; charset=utf-8')).header('vary', 'Accept').send(body);
    }

    const scope: Scope = opts.scopeFor ? await opts.scopeFor(req) : 'public';
    const info = analyzeQuery(p.query);
    const federated = info.services.length > 0;
    let format: FormatName | null = null;
    let result: StoreQueryResult | null = null;
    let status = 200;
    let error: string | undefined;
    try {
      if (info.isUpdate) throw new SparqlUpdateRefused();
      const form = info.form ?? 'SELECT';
      if (p.format) {
        format = resolveFormat(p.format, form) ?? null;
        if (!format) {
          throw new SparqlNotAcceptable(`format=${p.format} is not available for ${form} queries (use ${formatsFor(form).join(', ')})`);
        }
      } else {
        format = negotiate(req.headers.accept, form);
        if (!format) throw new SparqlNotAcceptable(`none of the accepted types can hold a ${form} result (available: ${formatsFor(form).map((f) => MEDIA_TYPES[f]).join(', ')})`);
      }
      if (federated) {
        if (!federation) throw new SparqlMalformed('SERVICE (federated query) is not enabled on this endpoint');
        if (p.defaultGraphs.length || p.namedGraphs.length) throw new SparqlMalformed('default-graph-uri / named-graph-uri are not supported with SERVICE');
        result = await federation.query(p.query, { scope, format, timeoutMs: opts.timeoutMs, maxRows: opts.maxRows });
      } else {
        result = await opts.store.query(p.query, {
          scope,
          format,
          timeoutMs: opts.timeoutMs,
          maxRows: opts.maxRows,
          defaultGraphs: p.defaultGraphs,
          namedGraphs: p.namedGraphs,
        });
      }
    } catch (e) {
      status = e instanceof SparqlError ? e.status : 500;
      error = (e as Error).message;
      opts.log?.({
        query: p.query, scope, method: req.method, format, status, durationMs: performance.now() - started,
        bytes: 0, truncated: false, federated, error, ip: req.ip,
      });
      if (!(e instanceof SparqlError)) req.log.error({ err: e }, 'sparql query failed');
      return sendError(reply, e);
    }
    const bytes = result.bytes?.length ?? Buffer.byteLength(result.body);
    const durationMs = performance.now() - started;
    opts.log?.({ query: p.query, scope, method: req.method, format, status, durationMs, bytes, truncated: result.truncated, federated, ip: req.ip });
    if (result.truncated) reply.header('x-pasport-truncated', 'true');
    // Results depend on the caller's scope; never let a shared cache hand a sysadmin's answer out.
    reply.header('cache-control', scope === 'public' ? 'public, max-age=0' : 'private, no-store');
    reply.header('vary', 'Accept, Authorization');
    // Engine time (inside Oxigraph, the external store or Comunica) against the whole handler, so an
    // operator (or bench/sparql.ts) can tell a slow query from a slow path around it.
    reply.header('server-timing', `engine;dur=${result.engineMs.toFixed(3)}, total;dur=${durationMs.toFixed(3)}`);
    // The local store's bytes go to the socket as they are (a string would be encoded here, on the
    // event loop: ~10 ms per 2.6 MB).
    return reply.type(result.contentType).send(result.bytes ?? result.body);
  }

  app.get(path, async (req, reply) => handle(req, reply, fromParams(urlParams(req))));

  app.post(path, { bodyLimit }, async (req, reply) => {
    const ct = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (ct === 'application/sparql-update') return sendError(reply, new SparqlUpdateRefused());
    if (ct === 'application/x-www-form-urlencoded') {
      const body = req.body as URLSearchParams;
      if (body.has('update')) return sendError(reply, new SparqlUpdateRefused());
      const p = fromParams(body);
      // format / graphs may also come in the URL
      const u = fromParams(urlParams(req));
      return handle(req, reply, {
        query: p.query ?? '',
        defaultGraphs: p.defaultGraphs.length ? p.defaultGraphs : u.defaultGraphs,
        namedGraphs: p.namedGraphs.length ? p.namedGraphs : u.namedGraphs,
        format: p.format ?? u.format,
        lang: null,
      });
    }
    if (ct === 'application/sparql-query') {
      const u = fromParams(urlParams(req));
      return handle(req, reply, { ...u, query: String(req.body ?? '') });
    }
    return reply.code(415).type('text/plain').send('POST needs application/x-www-form-urlencoded or application/sparql-query');
  });

  app.options(path, async (_req, reply) => reply.code(204).send());

  app.get(`${assetsPath}/:name`, async (req, reply) => {
    const a = asset((req.params as { name: string }).name);
    if (!a) return reply.code(404).type('text/plain').send('Not found');
    return reply.type(a.contentType).header('cache-control', 'public, max-age=86400').send(a.body);
  });
};

// Fastify would otherwise encapsulate the plugin; that is what we want (parsers and hooks stay local),
// so no fastify-plugin wrapper. Mount with: app.register(sparqlPlugin, { store, scopeFor, log }).
export default sparqlPlugin;
