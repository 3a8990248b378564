// Dereferencing the dictionary IRIs: organizations (agents and their contact points), spheres and
// the sphere scheme, structures and the structure scheme, the /vocab bundle, and Pasport's own
// vocabulary at its namespace document (default {SITE_URL}/ns, terms {SITE_URL}/ns#term).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Quad } from '@rdfjs/types';
import type { ModuleContext } from '../modules/types.ts';
import { mappingContext, dictionariesReadAt } from './context.ts';
import {
  organizationQuads,
  sphereQuads,
  sphereSchemeQuads,
  structureQuads,
  structureSchemeQuads,
} from '../rdf/mapping.ts';
import { pasportVocabularyQuads, vocabularyDocument } from '../rdf/vocabulary.ts';
import { makeUris } from '../rdf/uris.ts';
import type { MappingContext } from '../rdf/types.ts';
import { missingGroup, Unavailable } from './lookup.ts';
import { isRdfExt, normaliseExt, pick, wanted, type Want } from './negotiate.ts';
import { NOT_ACCEPTABLE, respond } from './respond.ts';
import { problem, sendProblem } from '../api/error-reply.ts';

type Build = (ctx: MappingContext) => Promise<{ subject: string; quads: Quad[] }> | { subject: string; quads: Quad[] };

export function dictionaryRoutes(app: FastifyInstance, m: ModuleContext): void {
  const { services } = m;
  const { config } = services;
  const uris = makeUris(config.siteUrl);

  const serve = async (req: FastifyRequest, reply: FastifyReply, want: Want, build: Build) => {
    if (!want) return problem(reply, 406, NOT_ACCEPTABLE);
    try {
      const ctx = await mappingContext(services);
      const doc = await build(ctx);
      return await respond(req, reply, config, want, {
        subject: doc.subject,
        quads: () => doc.quads,
        lastModified: dictionariesReadAt(ctx),
      });
    } catch (e) {
      return sendProblem(req, reply, e);
    }
  };
  /** `/x` and `/x.{ext}` for a whole document. */
  const document = (path: string, build: Build) => {
    app.get(path, (req, reply) => serve(req, reply, wanted(req), build));
    app.get<{ Params: { ext: string } }>(`${path}.:ext`, (req, reply) => {
      if (!isRdfExt(req.params.ext)) return problem(reply, 404, 'Not found');
      return serve(req, reply, normaliseExt(req.params.ext), build);
    });
  };

  app.get<{ Params: { ref: string } }>('/organization/:ref', (req, reply) => {
    const [ref, want] = pick(req.params.ref, req);
    return serve(req, reply, want, async (ctx) => {
      const org = ctx.organizations[ref] ?? Object.values(ctx.organizations).find((o) => o.name === ref);
      if (!org) throw await missingGroup(m, ref, 'organization');
      return { subject: uris.organization(org.id), quads: organizationQuads(org, ctx) };
    });
  });

  app.get<{ Params: { ref: string } }>('/sphere/:ref', (req, reply) => {
    const [ref, want] = pick(req.params.ref, req);
    return serve(req, reply, want, async (ctx) => {
      const sphere = ctx.spheres[ref];
      if (!sphere) throw await missingGroup(m, ref, 'sphere');
      return { subject: uris.sphere(sphere.name), quads: sphereQuads(sphere, ctx) };
    });
  });

  app.get<{ Params: { ref: string } }>('/structure/:ref', (req, reply) => {
    const [ref, want] = pick(req.params.ref, req);
    return serve(req, reply, want, (ctx) => {
      const s = ctx.structures[ref];
      if (!s) throw new Unavailable(404, `Not found: structure ${JSON.stringify(ref.slice(0, 200))}`);
      return { subject: uris.structure(s.code), quads: structureQuads(s, ctx) };
    });
  });

  document('/sphere', (ctx) => ({ subject: uris.sphereScheme(), quads: sphereSchemeQuads(ctx) }));
  document('/structure', (ctx) => ({ subject: uris.structureScheme(), quads: structureSchemeQuads(ctx) }));
  const ns = config.vocabNs;
  document('/vocab', (ctx) => ({
    subject: vocabularyDocument(ns),
    quads: [...pasportVocabularyQuads(ns), ...sphereSchemeQuads(ctx), ...structureSchemeQuads(ctx)],
  }));
  // The vocabulary is served at its namespace document when that is on this site.
  const doc = new URL(vocabularyDocument(ns));
  if (doc.origin === new URL(uris.base).origin && doc.pathname !== '/vocab') {
    document(doc.pathname.replace(/\/$/, '') || '/ns', () => ({
      subject: vocabularyDocument(ns),
      quads: pasportVocabularyQuads(ns),
    }));
  }
}
