// The catalogue pages: /catalog and /catalog.{ttl,nt,rdf,jsonld,...}, paged with Hydra, filtered by
// q / fq / modified_since like CKAN's dcat extension. A conditional GET is answered from the catalogue
// state alone, before any search or mapping.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleContext } from '../modules/types.ts';
import type { PackageDict } from '../packages/dict-type.ts';
import { checkNotModified, latest, strongEtag } from '../api/conditional.ts';
import { mappingContext } from './context.ts';
import { catalogPageQuads, isPublishable } from '../rdf/mapping.ts';
import { makeUris } from '../rdf/uris.ts';
import { parseIso } from '../packages/time.ts';
import { catalogState, portalDay } from './state.ts';
import { isRdfExt, normaliseExt, pageLanguage, wanted, type Want } from './negotiate.ts';
import { NOT_ACCEPTABLE, portalLocation, render } from './respond.ts';
import { problem, sendProblem } from '../api/error-reply.ts';

interface Catalog {
  m: ModuleContext;
  pageSize: number;
  catalogIri: string;
}

/** One page of the anonymous reader's search, newest change first (harvest sources left out). */
async function searchPage(c: Catalog, qs: Record<string, unknown>, fqList: string[], page: number) {
  return (await c.m.runner.result(
    'package_search',
    {
      q: typeof qs.q === 'string' && qs.q ? qs.q : '*:*',
      ...(typeof qs.fq === 'string' && qs.fq ? { fq: qs.fq } : {}),
      fq_list: fqList,
      rows: c.pageSize,
      start: (page - 1) * c.pageSize,
      sort: 'metadata_modified desc, id asc',
    },
    { user: null },
  )) as { count: number; results: PackageDict[] };
}

async function catalogPage(c: Catalog, req: FastifyRequest, reply: FastifyReply, want: Want) {
  const { services } = c.m;
  const { config } = services;
  const { pageSize, catalogIri } = c;
  if (!want) return problem(reply, 406, NOT_ACCEPTABLE);
  const qs = req.query as Record<string, unknown>;
  const pageRaw = qs.page ?? '1';
  if (typeof pageRaw !== 'string' || !/^\d+$/.test(pageRaw) || Number(pageRaw) < 1)
    return problem(reply, 409, 'Page param must be a positive integer starting in 1');
  const page = Number(pageRaw);
  const fqList: string[] = ['-dataset_type:harvest'];
  if (qs.modified_since !== undefined) {
    const since = typeof qs.modified_since === 'string' ? parseIso(qs.modified_since) : null;
    if (!since) return problem(reply, 409, 'Wrong modified date format. Use ISO-8601 format');
    fqList.push(`metadata_modified:[${since}Z TO NOW]`);
  }
  reply.header('vary', 'Accept, Accept-Language');
  if (want === 'html' && config.portalUrl)
    return reply.code(303).header('location', portalLocation(config.portalUrl, catalogIri)).send();
  // Validators from the state alone, before any search or mapping: an unchanged page costs one query.
  const state = await catalogState(services);
  const day = portalDay(services);
  const lang = want === 'html' ? pageLanguage(req, config.languages) : '';
  const etag = strongEtag('catalog', state.lastWrite, state.indexed, day.day, req.url, want, lang);
  const lastModified = latest(state.lastWriteAt, state.indexedAt, day.since);
  if (checkNotModified(req, reply, { etag, lastModified }, config.dcatCacheControl)) return reply;
  let result: { count: number; results: PackageDict[] };
  try {
    result = await searchPage(c, qs, fqList, page);
  } catch (e) {
    return sendProblem(req, reply.removeHeader('etag').removeHeader('last-modified'), e);
  }
  const ctx = await mappingContext(services);
  const here = new URL(req.url, config.siteUrl);
  here.searchParams.delete('page');
  const quads = catalogPageQuads(ctx, {
    page,
    itemsPerPage: pageSize,
    totalItems: result.count,
    pageUri: (n: number) => {
      const u = new URL(here);
      u.searchParams.set('page', String(n));
      return u.toString();
    },
    packages: result.results.filter(isPublishable),
  });
  const { type, body } = await render(req, config, want, quads, catalogIri);
  return reply.type(type).send(body);
}

export function catalogRoutes(app: FastifyInstance, m: ModuleContext): void {
  const { config } = m.services;
  const c: Catalog = { m, pageSize: config.dcatPageSize, catalogIri: makeUris(config.siteUrl).catalog() };
  app.get('/catalog', (req, reply) => catalogPage(c, req, reply, wanted(req)));
  app.get<{ Params: { ext: string } }>('/catalog.:ext', (req, reply) => {
    const ext = req.params.ext;
    if (!isRdfExt(ext)) return problem(reply, 404, 'Not found');
    return catalogPage(c, req, reply, normaliseExt(ext));
  });
}
