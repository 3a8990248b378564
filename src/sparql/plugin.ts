// SPARQL 1.1 Protocol at /sparql: GET ?query=, POST form and POST application/sparql-query,
// default-graph-uri / named-graph-uri, content negotiation plus ?format=, a Service Description on a bare
// GET, the YASGUI page for browsers, CORS. Errors are plain text with the status the error class carries.
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { analyzeQuery } from './analyze.ts';
import { exampleQueries, type ExampleQuery } from './examples.ts';
import { Federation } from './federation.ts';
import { MEDIA_TYPES, formatByName, formatsFor, negotiate, resolveFormat, type FormatName } from './formats.ts';
import type { QueryForm } from './analyze.ts';
import { serviceDescription } from './service-description.ts';
import { checkNotModified, strongEtag } from '../api/conditional.ts';
import {
  SparqlError,
  SparqlLoading,
  SparqlMalformed,
  SparqlNotAcceptable,
  SparqlSaturated,
  SparqlUpdateRefused,
} from './errors.ts';
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
  /** Who asks, for the fair queue (pool.ts): a user id, else the IP. Default: the IP. */
  clientFor?: (request: FastifyRequest) => string | Promise<string>;
  /** Called once per query (not for the page, assets or service description). */
  log?: (entry: SparqlLogEntry) => void;
  examples?: ExampleQuery[];
  /** Pasport's vocabulary namespace, for the examples' `pas:` prefix. Default `{origin}/ns#`. */
  vocabNs?: string;
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
  federation?: { allow: (url: URL) => boolean; timeoutMs?: number; debug?: boolean };
  /** CORS for browser clients on other origins. Default true (the endpoint is public and read-only). */
  cors?: boolean;
  /** Cache-Control of the service description. Default `public, max-age=0, must-revalidate`. */
  descriptionCacheControl?: string;
  /**
   * Why queries cannot run yet (the store is still loading), or null once they can. While it returns an
   * error, queries answer it (503 with Retry-After); the page and the service description are still served.
   */
  unavailable?: () => SparqlLoading | null;
}

interface ProtocolRequest {
  query: string | null;
  /** Every `query` / `update` parameter given: more than one query, or any update, is a bad request. */
  queryCount?: number;
  updateCount?: number;
  defaultGraphs: string[];
  namedGraphs: string[];
  format: string | null;
  lang: string | null;
}

function fromParams(p: URLSearchParams): ProtocolRequest {
  return {
    query: p.get('query'),
    queryCount: p.getAll('query').length,
    updateCount: p.getAll('update').length,
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

/**
 * The result format: a usable `format` parameter, else the Accept header. An unknown `format` value
 * (e.g. a client's own name for a format) gives way to a usable Accept; a known one that cannot hold
 * this form's result is refused (406), as is an unknown one with nothing usable in Accept.
 */
function chooseFormat(p: ProtocolRequest, accept: string | undefined, form: QueryForm): FormatName {
  const usableAccept = () =>
    accept && accept.trim() && !/^\s*\*\/\*\s*(;.*)?$/.test(accept) ? negotiate(accept, form) : null;
  if (p.format) {
    const f = resolveFormat(p.format, form);
    if (f) return f;
    if (!formatByName(p.format)) {
      const a = usableAccept();
      if (a) return a;
    }
    throw new SparqlNotAcceptable(
      `format=${p.format} is not available for ${form} queries (use ${formatsFor(form).join(', ')})`,
    );
  }
  const f = negotiate(accept, form);
  if (!f)
    throw new SparqlNotAcceptable(
      `none of the accepted types can hold a ${form} result (available: ${formatsFor(form)
        .map((x) => MEDIA_TYPES[x])
        .join(', ')})`,
    );
  return f;
}

/** Protocol errors a request can carry before any query runs (W3C protocol tests bad_*). */
function protocolProblem(p: ProtocolRequest): SparqlError | null {
  if ((p.updateCount ?? 0) > 0)
    return new SparqlMalformed(
      'update is not a query operation: this endpoint is read-only and takes updates on no method',
    );
  if ((p.queryCount ?? 0) > 1) return new SparqlMalformed('more than one query parameter: send exactly one');
  return null;
}

/** Only UTF-8 bodies are SPARQL (the protocol fixes the encoding); a declared other charset is refused. */
function nonUtf8(contentType: string | undefined): boolean {
  const m = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '');
  return !!m && !/^utf-?8$/i.test(m[1]);
}

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'Content-Type, Accept, Authorization',
  'access-control-max-age': '86400',
};

/** What the routes share: the options, the paths, the federation engine. */
interface Ctx {
  opts: SparqlPluginOptions;
  path: string;
  fullPath: string;
  bodyLimit: number;
  federation: Federation | null;
  describedSince: Date;
  sdCache: string;
  endpointFor(req: FastifyRequest): string;
}

function sendError(reply: FastifyReply, e: unknown) {
  const err = e instanceof SparqlError ? e : null;
  const status = err?.status ?? 500;
  if (e instanceof SparqlSaturated || e instanceof SparqlLoading) reply.header('retry-after', String(e.retryAfter));
  return reply
    .code(status)
    .type('text/plain; charset=utf-8')
    .send(err ? err.message : 'Internal error');
}

/** A bare GET: the page for browsers, the service description for everyone else. */
async function describe(ctx: Ctx, req: FastifyRequest, reply: FastifyReply, p: ProtocolRequest) {
  const { opts, fullPath } = ctx;
  if (wantsHtml(req.headers.accept) && !p.format) {
    const lang = pickLang(p.lang ?? undefined, req.headers['accept-language']);
    const examples = opts.examples ?? exampleQueries(opts.vocabNs ?? new URL('/ns#', ctx.endpointFor(req)).href);
    return reply
      .type('text/html; charset=utf-8')
      .header('vary', 'Accept, Accept-Language')
      .send(renderPage({ endpointPath: fullPath, assetsPath: `${fullPath}/assets`, examples, lang }));
  }
  const endpoint = ctx.endpointFor(req);
  let f: FormatName;
  try {
    f = chooseFormat(p, req.headers.accept, 'CONSTRUCT');
  } catch {
    return reply.code(406).type('text/plain').send('Service description: use Turtle, N-Triples, RDF/XML or JSON-LD');
  }
  reply.header('vary', 'Accept');
  if (
    checkNotModified(
      req,
      reply,
      { etag: strongEtag('sd', endpoint, f, ctx.federation ? 'federated' : 'local'), lastModified: ctx.describedSince },
      ctx.sdCache,
    )
  )
    return reply;
  const sd = serviceDescription(endpoint, { federation: !!ctx.federation });
  const body = f === 'turtle' ? sd : await opts.store.convert(sd, f, 'turtle');
  return reply.type(MEDIA_TYPES[f] + (f === 'jsonld' ? '' : '; charset=utf-8')).send(body);
}

/** Runs the query on the federation engine or the store; throws SparqlError. */
async function execute(
  ctx: Ctx,
  req: FastifyRequest,
  p: ProtocolRequest,
  scope: Scope,
  format: FormatName,
  federated: boolean,
): Promise<StoreQueryResult> {
  const { opts } = ctx;
  // A partly loaded store would answer wrong counts without saying so: refuse until it is whole.
  const loading = opts.unavailable?.();
  if (loading) throw loading;
  if (federated) {
    if (!ctx.federation) throw new SparqlMalformed('SERVICE (federated query) is not enabled on this endpoint');
    if (p.defaultGraphs.length || p.namedGraphs.length)
      throw new SparqlMalformed('default-graph-uri / named-graph-uri are not supported with SERVICE');
    return ctx.federation.query(p.query!, { scope, format, timeoutMs: opts.timeoutMs, maxRows: opts.maxRows });
  }
  return opts.store.query(p.query!, {
    scope,
    format,
    timeoutMs: opts.timeoutMs,
    maxRows: opts.maxRows,
    defaultGraphs: p.defaultGraphs,
    namedGraphs: p.namedGraphs,
    // Relative IRIs in a query without BASE resolve against the endpoint's own URL (protocol §2.1.4).
    baseIri: ctx.endpointFor(req),
    client: opts.clientFor ? await opts.clientFor(req) : req.ip,
  });
}

async function handle(ctx: Ctx, req: FastifyRequest, reply: FastifyReply, p: ProtocolRequest) {
  const { opts } = ctx;
  const started = performance.now();
  const bad = protocolProblem(p);
  if (bad) return sendError(reply, bad);
  if (p.query === null) return describe(ctx, req, reply, p);

  const scope: Scope = opts.scopeFor ? await opts.scopeFor(req) : 'public';
  const info = analyzeQuery(p.query);
  const federated = info.services.length > 0;
  let format: FormatName | null = null;
  let result: StoreQueryResult;
  try {
    if (info.isUpdate) throw new SparqlUpdateRefused();
    format = chooseFormat(p, req.headers.accept, info.form ?? 'SELECT');
    result = await execute(ctx, req, p, scope, format, federated);
  } catch (e) {
    const status = e instanceof SparqlError ? e.status : 500;
    opts.log?.({
      query: p.query,
      scope,
      method: req.method,
      format,
      status,
      durationMs: performance.now() - started,
      bytes: 0,
      truncated: false,
      federated,
      error: (e as Error).message,
      ip: req.ip,
    });
    if (!(e instanceof SparqlError)) req.log.error({ err: e }, 'sparql query failed');
    return sendError(reply, e);
  }
  const bytes = result.bytes?.length ?? Buffer.byteLength(result.body);
  const durationMs = performance.now() - started;
  opts.log?.({
    query: p.query,
    scope,
    method: req.method,
    format,
    status: 200,
    durationMs,
    bytes,
    truncated: result.truncated,
    federated,
    ip: req.ip,
  });
  if (result.truncated) reply.header('x-pasport-truncated', 'true');
  // Results depend on the caller's scope; never let a shared cache hand a sysadmin's answer out.
  reply.header('cache-control', scope === 'public' ? 'public, max-age=0' : 'private, no-store');
  reply.header('vary', 'Accept, Authorization');
  // Engine time (inside Oxigraph, the external store or Comunica) against the whole handler, so an
  // operator (or bench/sparql.ts) can tell a slow query from a slow path around it;
  // `cache;desc=hit`: the answer came from the result cache (result-cache.ts), `miss`: computed now.
  const cache = result.cache ? `, cache;desc=${result.cache}` : '';
  reply.header('server-timing', `engine;dur=${result.engineMs.toFixed(3)}, total;dur=${durationMs.toFixed(3)}${cache}`);
  // The local store's bytes go to the socket as they are (a string would be encoded here, on the
  // event loop: ~10 ms per 2.6 MB).
  return reply.type(result.contentType).send(result.bytes ?? result.body);
}

/** POST: a form (query and dataset in the body, format and dataset may come in the URL) or a direct query. */
async function handlePost(ctx: Ctx, req: FastifyRequest, reply: FastifyReply) {
  const ct = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (ct === 'application/sparql-update') return sendError(reply, new SparqlUpdateRefused());
  if (nonUtf8(req.headers['content-type']))
    return reply.code(415).type('text/plain').send('SPARQL requests are UTF-8: send charset=utf-8 or no charset');
  if (ct === 'application/x-www-form-urlencoded') {
    const body = req.body as URLSearchParams;
    if (body.has('update')) return sendError(reply, new SparqlUpdateRefused());
    const p = fromParams(body);
    const u = fromParams(urlParams(req));
    return handle(ctx, req, reply, {
      query: p.query ?? '',
      queryCount: (p.queryCount ?? 0) + (u.queryCount ?? 0),
      updateCount: u.updateCount,
      defaultGraphs: p.defaultGraphs.length ? p.defaultGraphs : u.defaultGraphs,
      namedGraphs: p.namedGraphs.length ? p.namedGraphs : u.namedGraphs,
      format: p.format ?? u.format,
      lang: null,
    });
  }
  if (ct === 'application/sparql-query') {
    const u = fromParams(urlParams(req));
    if (u.query !== null)
      return sendError(reply, new SparqlMalformed('a query both in the URL and in the body: send exactly one'));
    return handle(ctx, req, reply, { ...u, query: String(req.body ?? ''), queryCount: 1 });
  }
  return reply
    .code(415)
    .type('text/plain')
    .send('POST needs application/x-www-form-urlencoded or application/sparql-query');
}

/** Parsers live in this encapsulated context only; bodies stay strings (the limits apply before parsing). */
function registerParsers(app: FastifyInstance, bodyLimit: number, cors: boolean) {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit },
    (_req, body, done) => {
      done(null, new URLSearchParams(body as string));
    },
  );
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
}

export const sparqlPlugin: FastifyPluginAsync<SparqlPluginOptions> = async (
  app: FastifyInstance,
  opts: SparqlPluginOptions,
) => {
  const path = opts.path ?? '/sparql';
  // Links in the page and the service description need the full path, registration prefix included.
  const fullPath = `${app.prefix}${path}`;
  const ctx: Ctx = {
    opts,
    path,
    fullPath,
    bodyLimit: opts.maxBodyBytes ?? 64 * 1024,
    federation: opts.federation
      ? new Federation({
          store: opts.store,
          allow: opts.federation.allow,
          timeoutMs: opts.federation.timeoutMs ?? opts.timeoutMs,
          debug: opts.federation.debug,
        })
      : null,
    // The description changes only with the configuration, i.e. on a restart: that is its Last-Modified.
    describedSince: new Date(),
    sdCache: opts.descriptionCacheControl ?? 'public, max-age=0, must-revalidate',
    endpointFor: (req) => opts.endpointUrl ?? `${req.protocol}://${req.host}${fullPath}`,
  };
  registerParsers(app, ctx.bodyLimit, opts.cors ?? true);

  app.get(path, async (req, reply) => handle(ctx, req, reply, fromParams(urlParams(req))));
  app.post(path, { bodyLimit: ctx.bodyLimit }, async (req, reply) => handlePost(ctx, req, reply));
  app.options(path, async (_req, reply) => reply.code(204).send());
  // Any other method on the endpoint is a 405 that names the ones it takes (W3C bad_query_method).
  app.route({
    method: ['PUT', 'DELETE', 'PATCH'],
    url: path,
    handler: async (_req, reply) =>
      reply
        .code(405)
        .header('allow', 'GET, POST, OPTIONS')
        .type('text/plain')
        .send('Method not allowed: use GET or POST'),
  });
  app.get(`${path}/assets/:name`, async (req, reply) => {
    const a = asset((req.params as { name: string }).name);
    if (!a) return reply.code(404).type('text/plain').send('Not found');
    return reply.type(a.contentType).header('cache-control', 'public, max-age=86400').send(a.body);
  });
};

// Fastify would otherwise encapsulate the plugin; that is what we want (parsers and hooks stay local),
// so no fastify-plugin wrapper. Mount with: app.register(sparqlPlugin, { store, scopeFor, log }).
export default sparqlPlugin;
