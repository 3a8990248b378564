// The DCAT-AP surface: /catalog (paged with Hydra), /dataset/{id}, organizations, spheres, the
// vocabulary, and a streaming full export — every one through the single mapping in src/rdf/, and
// every one as an anonymous reader, so private and deleted datasets cannot appear.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleContext } from '../modules.ts';
import { ActionError } from '../api/errors.ts';
import { mappingContext } from './context.ts';
import { catalogPageQuads, datasetDocumentQuads, organizationQuads, sphereQuads, sphereSchemeQuads, structureSchemeQuads, isPublishable } from '../rdf/mapping.ts';
import { contentType, isFormatExt, negotiate, serialize, serializeReadable, type FormatExt } from '../rdf/serialize.ts';
import { pasportVocabularyQuads } from '../rdf/vocabulary.ts';
import { parseIso } from '../packages/time.ts';
import { publicPackages } from './export.ts';
import { exportQuads } from '../rdf/mapping.ts';

const EXT = /^(.*)\.(ttl|nt|rdf|xml|jsonld|n3)$/;
const normaliseExt = (ext: string): FormatExt => (ext === 'xml' ? 'rdf' : ext === 'n3' ? 'ttl' : (ext as FormatExt));

/** `/x.ttl` -> ['x', 'ttl']; `/x` -> ['x', format from Accept] or null for 406. */
function pick(ref: string, req: FastifyRequest): [string, FormatExt | null] {
  const m = EXT.exec(ref);
  if (m) return [m[1], normaliseExt(m[2])];
  const q = (req.query as Record<string, string | undefined>).format;
  if (q && isFormatExt(normaliseExt(q))) return [ref, normaliseExt(q)];
  const f = negotiate(req.headers.accept, { html: false });
  return [ref, f === 'html' ? 'ttl' : f];
}

function problem(reply: FastifyReply, status: number, message: string) {
  return reply.code(status).type('application/json;charset=utf-8').send(JSON.stringify({ success: false, error: { message } }));
}

async function send(reply: FastifyReply, quads: Parameters<typeof serialize>[0], ext: FormatExt) {
  return reply.type(contentType(ext)).header('Vary', 'Accept').send(await serialize(quads, ext));
}

export async function dcatRoutes(app: FastifyInstance, { services, runner }: ModuleContext): Promise<void> {
  const pageSize = services.config.dcatPageSize;

  const catalog = async (req: FastifyRequest, reply: FastifyReply, ext: FormatExt | null) => {
    if (!ext) return problem(reply, 406, 'Not acceptable: ask for text/turtle, application/n-triples, application/rdf+xml or application/ld+json');
    const qs = req.query as Record<string, unknown>;
    const pageRaw = qs.page ?? '1';
    if (typeof pageRaw !== 'string' || !/^\d+$/.test(pageRaw) || Number(pageRaw) < 1) return problem(reply, 409, 'Page param must be a positive integer starting in 1');
    const page = Number(pageRaw);
    const fqList: string[] = ['-dataset_type:harvest'];
    if (qs.modified_since !== undefined) {
      const since = typeof qs.modified_since === 'string' ? parseIso(qs.modified_since) : null;
      if (!since) return problem(reply, 409, 'Wrong modified date format. Use ISO-8601 format');
      fqList.push(`metadata_modified:[${since}Z TO NOW]`);
    }
    let result: { count: number; results: Record<string, any>[] };
    try {
      result = (await runner.result('package_search', {
        q: typeof qs.q === 'string' && qs.q ? qs.q : '*:*',
        ...(typeof qs.fq === 'string' && qs.fq ? { fq: qs.fq } : {}),
        fq_list: fqList, rows: pageSize, start: (page - 1) * pageSize, sort: 'metadata_modified desc, id asc',
      }, { user: null })) as typeof result;
    } catch (e) {
      if (e instanceof ActionError) return problem(reply, e.status === 400 ? 400 : 409, e.message);
      throw e;
    }
    const ctx = await mappingContext(services);
    const here = new URL(req.url, services.config.siteUrl);
    here.searchParams.delete('page');
    const quads = catalogPageQuads(ctx, {
      page, itemsPerPage: pageSize, totalItems: result.count,
      pageUri: (n: number) => { const u = new URL(here); u.searchParams.set('page', String(n)); return u.toString(); },
      packages: result.results.filter((p) => isPublishable(p as never)) as never,
    });
    return send(reply, quads, ext);
  };

  app.get('/catalog', (req, reply) => catalog(req, reply, pick('catalog', req)[1]));
  app.get<{ Params: { ext: string } }>('/catalog.:ext', (req, reply) => {
    const ext = req.params.ext;
    if (!EXT.test(`x.${ext}`)) return problem(reply, 404, 'Not found');
    return catalog(req, reply, normaliseExt(ext));
  });

  app.get('/catalog/export.:ext', async (req: FastifyRequest<{ Params: { ext: string } }>, reply) => {
    const ext = req.params.ext === 'ttl' || req.params.ext === 'nt' ? req.params.ext : null;
    if (!ext) return problem(reply, 404, 'The full export is offered as export.nt and export.ttl');
    const ctx = await mappingContext(services);
    const stream = serializeReadable(exportQuads(publicPackages(services) as AsyncIterable<never>, ctx), ext);
    return reply.type(contentType(ext)).send(stream);
  });

  app.get<{ Params: { ref: string } }>('/dataset/:ref', async (req, reply) => {
    const [ref, ext] = pick(req.params.ref, req);
    if (!ext) return problem(reply, 406, 'Not acceptable');
    let pkg: Record<string, any>;
    try {
      pkg = await runner.result<Record<string, any>>('package_show', { id: ref }, { user: null });
    } catch (e) {
      if (e instanceof ActionError) return problem(reply, e.status, e.message);
      throw e;
    }
    if (!isPublishable(pkg as never)) return problem(reply, 403, 'Access denied');
    return send(reply, datasetDocumentQuads(pkg as never, await mappingContext(services)), ext);
  });

  app.get<{ Params: { ref: string } }>('/organization/:ref', async (req, reply) => {
    const [ref, ext] = pick(req.params.ref, req);
    if (!ext) return problem(reply, 406, 'Not acceptable');
    const ctx = await mappingContext(services);
    const org = ctx.organizations[ref] ?? Object.values(ctx.organizations).find((o) => o.name === ref);
    if (!org) return problem(reply, 404, 'Not found');
    return send(reply, organizationQuads(org, ctx), ext);
  });

  app.get<{ Params: { ref: string } }>('/sphere/:ref', async (req, reply) => {
    const [ref, ext] = pick(req.params.ref, req);
    if (!ext) return problem(reply, 406, 'Not acceptable');
    const ctx = await mappingContext(services);
    const sphere = ctx.spheres[ref];
    if (!sphere) return problem(reply, 404, 'Not found');
    return send(reply, sphereQuads(sphere, ctx), ext);
  });

  const vocab = async (req: FastifyRequest, reply: FastifyReply, ext: FormatExt | null) => {
    if (!ext) return problem(reply, 406, 'Not acceptable');
    const ctx = await mappingContext(services);
    return send(reply, [...pasportVocabularyQuads(), ...sphereSchemeQuads(ctx), ...structureSchemeQuads(ctx)], ext);
  };
  app.get('/vocab', (req, reply) => vocab(req, reply, pick('vocab', req)[1]));
  app.get<{ Params: { ext: string } }>('/vocab.:ext', (req, reply) => {
    if (!EXT.test(`x.${req.params.ext}`)) return problem(reply, 404, 'Not found');
    return vocab(req, reply, normaliseExt(req.params.ext));
  });
}
