// A bare GET of the endpoint (no query): the YASGUI page for browsers, the SPARQL Service Description
// (with ETag, Last-Modified and 304) for everyone else.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { checkNotModified, strongEtag } from '../api/conditional.ts';
import { exampleQueries } from './examples.ts';
import { MEDIA_TYPES, type FormatName } from './formats.ts';
import { pickLang, renderPage } from './page.ts';
import type { RouteContext } from './plugin-types.ts';
import { chooseFormat, wantsHtml, type ProtocolRequest } from './protocol.ts';
import { serviceDescription } from './service-description.ts';
import { sendTextError } from '../api/error-reply.ts';
import { SparqlNotAcceptable } from './errors.ts';

export async function describe(ctx: RouteContext, req: FastifyRequest, reply: FastifyReply, p: ProtocolRequest) {
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
    return sendTextError(
      req,
      reply,
      new SparqlNotAcceptable('Service description: use Turtle, N-Triples, RDF/XML or JSON-LD'),
    );
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
