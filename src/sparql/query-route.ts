// The query itself: GET ?query= and POST (a form, or application/sparql-query) read into one
// ProtocolRequest, refused as an update or a bad request, run on the store or the federation engine,
// logged once, and answered with the scope's cache headers and Server-Timing.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { analyzeQuery } from './analyze.ts';
import { describe } from './description-route.ts';
import { errorAnswer, sendTextError } from '../api/error-reply.ts';
import { SparqlMalformed, SparqlMediaType, SparqlUpdateRefused } from './errors.ts';
import type { FormatName } from './formats.ts';
import type { RouteContext } from './plugin-types.ts';
import { chooseFormat, fromParams, nonUtf8, protocolProblem, urlParams, type ProtocolRequest } from './protocol.ts';
import type { Scope, StoreQueryResult } from './store.ts';

/** Runs the query on the federation engine or the store; throws SparqlError. */
async function execute(
  ctx: RouteContext,
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

/** One protocol request, from either method: a bare one is described, a query is run and answered. */
export async function handleQuery(ctx: RouteContext, req: FastifyRequest, reply: FastifyReply, p: ProtocolRequest) {
  const { opts } = ctx;
  const started = performance.now();
  const bad = protocolProblem(p);
  if (bad) return sendTextError(req, reply, bad);
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
    const status = errorAnswer(e).status;
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
    return sendTextError(req, reply, e);
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
export async function handlePost(ctx: RouteContext, req: FastifyRequest, reply: FastifyReply) {
  const ct = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (ct === 'application/sparql-update') return sendTextError(req, reply, new SparqlUpdateRefused());
  if (nonUtf8(req.headers['content-type']))
    return sendTextError(
      req,
      reply,
      new SparqlMediaType('SPARQL requests are UTF-8: send charset=utf-8 or no charset'),
    );
  if (ct === 'application/x-www-form-urlencoded') {
    const body = req.body as URLSearchParams;
    if (body.has('update')) return sendTextError(req, reply, new SparqlUpdateRefused());
    const p = fromParams(body);
    const u = fromParams(urlParams(req));
    return handleQuery(ctx, req, reply, {
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
      return sendTextError(
        req,
        reply,
        new SparqlMalformed('a query both in the URL and in the body: send exactly one'),
      );
    return handleQuery(ctx, req, reply, { ...u, query: String(req.body ?? ''), queryCount: 1 });
  }
  return sendTextError(
    req,
    reply,
    new SparqlMediaType('POST needs application/x-www-form-urlencoded or application/sparql-query'),
  );
}
