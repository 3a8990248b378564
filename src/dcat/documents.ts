// Dereferencing the IRIs minted for a dataset: the dataset itself (and its hash IRIs: contacts,
// schedule, coverage, external API), each distribution, the catalogue record, and the DataStore
// records, fields and record class published beside it. 404 never existed, 410 deleted, 403 private.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Parser } from 'n3';
import type { Quad } from '@rdfjs/types';
import type { ModuleContext } from '../modules/types.ts';
import { latest, toDate } from '../api/conditional.ts';
import { mappingContext, dictionariesReadAt } from './context.ts';
import { catalogRecordQuads, datasetDocumentQuads } from '../rdf/mapping.ts';
import { makeUris } from '../rdf/uris.ts';
import type { MappingContext, PackageDict } from '../rdf/types.ts';
import { recordsGraphSource } from '../datastore/rdf-source.ts';
import { publicDataset, publicResource, Unavailable } from './lookup.ts';
import { pick, wanted, type Want } from './negotiate.ts';
import { NOT_ACCEPTABLE, respond } from './respond.ts';
import { describe, describes } from './describe.ts';
import { portalDay } from './state.ts';
import { problem, sendProblem } from '../api/error-reply.ts';

type Build = (
  pkg: PackageDict,
  ctx: MappingContext,
) => Promise<{ subject: string; quads: () => Quad[] | Promise<Quad[]> }>;

export function documentRoutes(app: FastifyInstance, m: ModuleContext): void {
  const { services } = m;
  const { config } = services;
  const uris = makeUris(config.siteUrl);

  /** Looks the dataset up, then answers the document `build` makes of it. */
  const serve = async (req: FastifyRequest, reply: FastifyReply, ref: string, want: Want, build: Build) => {
    if (!want) return problem(reply, 406, NOT_ACCEPTABLE);
    try {
      const pkg = await publicDataset(m, ref);
      const ctx = await mappingContext(services);
      const doc = await build(pkg, ctx);
      // Derived fields (overdue_days, next_update_due) change at midnight in the portal's zone.
      const lastModified = latest(toDate(pkg.metadata_modified), dictionariesReadAt(ctx), portalDay(services).since);
      return await respond(req, reply, config, want, { ...doc, lastModified });
    } catch (e) {
      return sendProblem(req, reply, e);
    }
  };

  app.get<{ Params: { ref: string } }>('/dataset/:ref', (req, reply) => {
    const [ref, want] = pick(req.params.ref, req);
    return serve(req, reply, ref, want, async (pkg, ctx) => ({
      subject: uris.dataset(pkg.id),
      quads: () => datasetDocumentQuads(pkg, ctx),
    }));
  });

  app.get<{ Params: { ref: string; rid: string } }>('/dataset/:ref/resource/:rid', (req, reply) => {
    const [rid, want] = pick(req.params.rid, req);
    return serve(req, reply, req.params.ref, want, async (pkg, ctx) => {
      const res = await publicResource(m, pkg, rid);
      const subject = uris.distribution(pkg.id, res.id);
      return { subject, quads: () => describe(datasetDocumentQuads(pkg, ctx), subject, uris.base) };
    });
  });

  app.get<{ Params: { ref: string } }>('/catalog/record/:ref', (req, reply) => {
    const [ref, want] = pick(req.params.ref, req);
    return serve(req, reply, ref, want, async (pkg, ctx) => ({
      subject: uris.catalogRecord(pkg.id),
      quads: () => catalogRecordQuads(pkg, ctx),
    }));
  });

  // DataStore records as linked data (src/datastore/rdf-source.ts mints these IRIs).
  const recordsOf = async (pkg: PackageDict): Promise<Quad[]> => {
    const graphs = (await recordsGraphSource.extraGraphs?.(services, pkg)) ?? [];
    return graphs.flatMap((g) => new Parser({ format: 'application/n-triples' }).parse(g.data));
  };
  const recordDoc =
    (suffix: (req: FastifyRequest) => string | null) =>
    (req: FastifyRequest<{ Params: { ref: string } }>, reply: FastifyReply) => {
      const tail = suffix(req);
      const m2 = tail ? /^(.*?)(?:\.(ttl|nt|rdf|xml|jsonld|n3))?$/.exec(tail) : null;
      const want = m2?.[2] ? pick(`x.${m2[2]}`, req)[1] : wanted(req);
      return serve(req, reply, req.params.ref, want, async (pkg) => {
        const subject = `${uris.dataset(pkg.id)}${m2 ? m2[1] : '/records'}`;
        const quads = await recordsOf(pkg);
        // The graph IRI names all of them; every other IRI must be described in it, else it never existed.
        const own = subject.endsWith('/records') ? quads : describe(quads, subject, uris.base);
        if (!subject.endsWith('/records') && !describes(own, subject))
          throw new Unavailable(404, 'Not found: no such record, field or class in this dataset');
        return { subject, quads: () => own };
      });
    };
  app.get<{ Params: { ref: string; key: string } }>(
    '/dataset/:ref/record/:key',
    recordDoc((req) => `/record/${encodeURIComponent((req.params as { key: string }).key)}`),
  );
  app.get<{ Params: { ref: string } }>(
    '/dataset/:ref/records',
    recordDoc(() => null),
  );
  app.get<{ Params: { ref: string } }>(
    '/dataset/:ref/class/Record',
    recordDoc(() => '/class/Record'),
  );
  app.get<{ Params: { ref: string; '*': string } }>(
    '/dataset/:ref/field/*',
    recordDoc((req) => `/field/${(req.params as { '*': string })['*']}`),
  );
}
