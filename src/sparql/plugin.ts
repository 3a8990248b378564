// SPARQL 1.1 Protocol at /sparql: GET ?query=, POST form and POST application/sparql-query,
// default-graph-uri / named-graph-uri, content negotiation plus ?format=, a Service Description on a bare
// GET, the YASGUI page for browsers, CORS. Errors are plain text with the status the error class carries
// (errors.ts, rendered by src/api/error-reply.ts). This file registers the routes; each route's work is in its own file:
// query-route.ts (the query, GET and POST), description-route.ts (bare GET), protocol.ts (reading requests).
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { Federation } from './federation.ts';
import { asset } from './page.ts';
import type { RouteContext, SparqlPluginOptions } from './plugin-types.ts';
import { fromParams, urlParams } from './protocol.ts';
import { handlePost, handleQuery } from './query-route.ts';
import { sendTextError } from '../api/error-reply.ts';
import { SparqlMethod, SparqlNotFound } from './errors.ts';

export type { SparqlLogEntry, SparqlPluginOptions } from './plugin-types.ts';

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'Content-Type, Accept, Authorization',
  'access-control-max-age': '86400',
};

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

function routeContext(app: FastifyInstance, opts: SparqlPluginOptions): RouteContext {
  const path = opts.path ?? '/sparql';
  // Links in the page and the service description need the full path, registration prefix included.
  const fullPath = `${app.prefix}${path}`;
  return {
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
}

export const sparqlPlugin: FastifyPluginAsync<SparqlPluginOptions> = async (
  app: FastifyInstance,
  opts: SparqlPluginOptions,
) => {
  const ctx = routeContext(app, opts);
  const { path } = ctx;
  registerParsers(app, ctx.bodyLimit, opts.cors ?? true);

  app.get(path, async (req, reply) => handleQuery(ctx, req, reply, fromParams(urlParams(req))));
  app.post(path, { bodyLimit: ctx.bodyLimit }, async (req, reply) => handlePost(ctx, req, reply));
  app.options(path, async (_req, reply) => reply.code(204).send());
  // Any other method on the endpoint is a 405 that names the ones it takes (W3C bad_query_method).
  app.route({
    method: ['PUT', 'DELETE', 'PATCH'],
    url: path,
    handler: async (req, reply) =>
      sendTextError(
        req,
        reply.header('allow', 'GET, POST, OPTIONS'),
        new SparqlMethod('Method not allowed: use GET or POST'),
      ),
  });
  app.get(`${path}/assets/:name`, async (req, reply) => {
    const a = asset((req.params as { name: string }).name);
    if (!a) return sendTextError(req, reply, new SparqlNotFound('Not found'));
    return reply.type(a.contentType).header('cache-control', 'public, max-age=86400').send(a.body);
  });
};

// Fastify would otherwise encapsulate the plugin; that is what we want (parsers and hooks stay local),
// so no fastify-plugin wrapper. Mount with: app.register(sparqlPlugin, { store, scopeFor, log }).
export default sparqlPlugin;
