// The DCAT-AP surface: /catalog (paged with Hydra) and the streaming full export here; every other
// IRI the mapping mints dereferences through documents.ts and dictionaries.ts. Everything is read as an
// anonymous reader, so private and deleted datasets cannot appear, and carries validators (ETag,
// Last-Modified, 304) so harvesters re-download only what changed.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleContext } from '../modules/types.ts';
import { ActionError } from '../api/errors.ts';
import { checkNotModified, latest, strongEtag } from '../api/conditional.ts';
import { mappingContext } from './context.ts';
import { catalogPageQuads, isPublishable, exportQuads } from '../rdf/mapping.ts';
import { contentType, prefixesFor, serializeReadable } from '../rdf/serialize.ts';
import { makeUris } from '../rdf/uris.ts';
import { parseIso } from '../packages/time.ts';
import { publicPackages } from './export.ts';
import { purposeParam } from '../downloads-purpose/purposes.ts';
import { countDownload } from '../tracking/hits.ts';
import { catalogState, portalDay } from './state.ts';
import { isRdfExt, normaliseExt, pageLanguage, wanted, type Want } from './negotiate.ts';
import { NOT_ACCEPTABLE, portalLocation, problem, render } from './respond.ts';
import { documentRoutes } from './documents.ts';
import { dictionaryRoutes } from './dictionaries.ts';
import { showcaseRoutes } from './showcases.ts';

export async function dcatRoutes(app: FastifyInstance, m: ModuleContext): Promise<void> {
  const { services, runner } = m;
  const { config } = services;
  const pageSize = config.dcatPageSize;
  const catalogIri = makeUris(config.siteUrl).catalog();

  const catalog = async (req: FastifyRequest, reply: FastifyReply, want: Want) => {
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
    let result: { count: number; results: Record<string, any>[] };
    try {
      result = (await runner.result(
        'package_search',
        {
          q: typeof qs.q === 'string' && qs.q ? qs.q : '*:*',
          ...(typeof qs.fq === 'string' && qs.fq ? { fq: qs.fq } : {}),
          fq_list: fqList,
          rows: pageSize,
          start: (page - 1) * pageSize,
          sort: 'metadata_modified desc, id asc',
        },
        { user: null },
      )) as typeof result;
    } catch (e) {
      if (e instanceof ActionError)
        return problem(
          reply.removeHeader('etag').removeHeader('last-modified'),
          e.status === 400 ? 400 : 409,
          e.message,
        );
      throw e;
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
      packages: result.results.filter((p) => isPublishable(p as never)) as never,
    });
    const { type, body } = await render(req, config, want, quads, catalogIri);
    return reply.type(type).send(body);
  };

  app.get('/catalog', (req, reply) => catalog(req, reply, wanted(req)));
  app.get<{ Params: { ext: string } }>('/catalog.:ext', (req, reply) => {
    const ext = req.params.ext;
    if (!isRdfExt(ext)) return problem(reply, 404, 'Not found');
    return catalog(req, reply, normaliseExt(ext));
  });

  app.get(
    '/catalog/export.:ext',
    async (req: FastifyRequest<{ Params: { ext: string }; Querystring: { purpose?: string } }>, reply) => {
      const ext = req.params.ext === 'ttl' || req.params.ext === 'nt' ? req.params.ext : null;
      if (!ext) return problem(reply, 404, 'The full export is offered as export.nt and export.ttl');
      // A download of the whole catalogue: counted under no dataset, with its purpose (a 304 counts too).
      const purpose = await purposeParam(services.db, req.query.purpose).catch(() => null);
      if (purpose === null) return problem(reply, 409, 'Unknown download purpose: see download_purpose_list');
      await countDownload(services, { packageId: '', channel: 'catalog_export', purpose });
      // The export reads the database, not the index: the newest write and the date determine it.
      const state = await catalogState(services);
      const day = portalDay(services);
      const validators = {
        etag: strongEtag('export', state.lastWrite, day.day, ext),
        lastModified: latest(state.lastWriteAt, day.since),
      };
      if (checkNotModified(req, reply, validators, config.dcatCacheControl)) return reply;
      const ctx = await mappingContext(services);
      const stream = serializeReadable(
        exportQuads(publicPackages(services) as AsyncIterable<never>, ctx),
        ext,
        prefixesFor(config.vocabNs),
      );
      return reply.type(contentType(ext)).send(stream);
    },
  );

  documentRoutes(app, m);
  dictionaryRoutes(app, m);
  showcaseRoutes(app, m);
}
