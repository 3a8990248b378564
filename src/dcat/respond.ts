// One answer path for every dereferenceable IRI: 406 when nothing fits, 303 to the portal or a
// generated HTML page for people, an RDF serialisation otherwise; strong ETag (a hash of the body),
// Last-Modified, Cache-Control and 304 on every one of them.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Quad } from '@rdfjs/types';
import type { Config } from '../config.ts';
import { checkNotModified, strongEtag } from '../api/conditional.ts';
import { contentType, prefixesFor, serialize } from '../rdf/serialize.ts';
import { renderHtml } from './html.ts';
import { pageLanguage, type Want } from './negotiate.ts';
import { problem } from '../api/error-reply.ts';

export interface Described {
  /** The IRI the document is about. */
  subject: string;
  lastModified: Date | null;
  quads: () => Quad[] | Promise<Quad[]>;
}

export const NOT_ACCEPTABLE =
  'Not acceptable: ask for text/html, text/turtle, application/n-triples, application/rdf+xml or application/ld+json';

/** The portal page for an IRI: the template's `{path}` / `{iri}` filled, or the path appended. */
export function portalLocation(template: string, subject: string): string {
  const u = new URL(subject);
  const path = u.pathname + u.search;
  if (template.includes('{path}') || template.includes('{iri}')) {
    return template.replaceAll('{path}', path.replace(/^\//, '')).replaceAll('{iri}', encodeURIComponent(subject));
  }
  return template.replace(/\/+$/, '') + path;
}

/** This document in another format: the path without a format suffix, its parameters kept (page, q). */
function formatHref(req: FastifyRequest) {
  const u = new URL(req.url, 'http://x');
  const path = u.pathname.replace(/\.(ttl|nt|rdf|xml|jsonld|n3)$/, '');
  u.searchParams.delete('lang');
  return (ext: string) => {
    u.searchParams.set('format', ext);
    return `${path}?${u.searchParams}`;
  };
}

/** The body of a document in the wanted format (an HTML page in the request's language, or RDF). */
export async function render(
  req: FastifyRequest,
  config: Config,
  want: Exclude<Want, null>,
  quads: Quad[],
  subject: string,
) {
  if (want === 'html') {
    const lang = pageLanguage(req, config.languages);
    const body = renderHtml({
      quads,
      subject,
      lang,
      formatHref: formatHref(req),
      sparqlPath: '/sparql',
      catalogPath: '/catalog',
    });
    return { type: 'text/html; charset=utf-8', body };
  }
  return { type: contentType(want), body: await serialize(quads, want, prefixesFor(config.vocabNs)) };
}

export async function respond(req: FastifyRequest, reply: FastifyReply, config: Config, want: Want, doc: Described) {
  if (!want) return problem(reply, 406, NOT_ACCEPTABLE);
  reply.header('vary', 'Accept, Accept-Language');
  if (want === 'html' && config.portalUrl) {
    return reply
      .code(303)
      .header('location', portalLocation(config.portalUrl, doc.subject))
      .header('cache-control', config.dcatCacheControl)
      .send();
  }
  const { type, body } = await render(req, config, want, await doc.quads(), doc.subject);
  if (
    checkNotModified(
      req,
      reply,
      { etag: strongEtag(type, body), lastModified: doc.lastModified },
      config.dcatCacheControl,
    )
  )
    return reply;
  return reply.type(type).send(body);
}
