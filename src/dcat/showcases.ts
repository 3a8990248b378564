// Showcases (src/content) are named in datasets' DCAT descriptions as related resources
// (src/rdf/related.ts mints {site}/showcase/{id}); this makes that IRI dereferenceable with the same
// content negotiation, validators and HTML page as a dataset IRI. The document gives the showcase's
// titles and descriptions per language, its page, and the public datasets it is built on. A draft
// showcase is 403, one that does not exist 404 (a deleted showcase row is gone), like datasets.
import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '../modules/types.ts';
import { latest, toDate } from '../api/conditional.ts';
import { isUuid } from '../db/ref.ts';
import { dcat, dct, foaf } from '../rdf/namespaces.ts';
import { httpIri, iri, QuadBuilder } from '../rdf/terms.ts';
import { makeUris } from '../rdf/uris.ts';
import { pick } from './negotiate.ts';
import { NOT_ACCEPTABLE, respond } from './respond.ts';
import { portalDay } from './state.ts';
import { problem } from '../api/error-reply.ts';

export function showcaseRoutes(app: FastifyInstance, m: ModuleContext): void {
  const { services } = m;
  const { config } = services;
  const uris = makeUris(config.siteUrl);

  app.get<{ Params: { ref: string } }>('/showcase/:ref', async (req, reply) => {
    const [ref, want] = pick(req.params.ref, req);
    if (!want) return problem(reply, 406, NOT_ACCEPTABLE);
    const db = services.db;
    const quoted = JSON.stringify(ref.slice(0, 200));
    // The id wins over a name, as everywhere (db/ref.ts).
    const row =
      (isUuid(ref)
        ? await db.selectFrom('showcase').selectAll().where('id', '=', ref).executeTakeFirst()
        : undefined) ?? (await db.selectFrom('showcase').selectAll().where('name', '=', ref).executeTakeFirst());
    if (!row) return problem(reply, 404, `Not found: showcase ${quoted}`);
    if (row.state !== 'active') return problem(reply, 403, `Access denied: showcase ${quoted}`);
    const datasets = await db
      .selectFrom('showcase_package')
      .innerJoin('package', 'package.id', 'showcase_package.package_id')
      .select(['package.id', 'package.metadata_modified'])
      .where('showcase_package.showcase_id', '=', row.id)
      .where('package.state', '=', 'active')
      .where('package.private', '=', false)
      .where('package.type', '=', 'dataset')
      .orderBy('package.id')
      .execute();
    const subject = `${uris.base}/showcase/${encodeURIComponent(row.id)}`;
    const quads = () => {
      const b = new QuadBuilder();
      const s = iri(subject);
      b.type(s, dcat('Resource'));
      b.text(s, dct('title'), row.title_translated as Record<string, string>, row.name, config.languages);
      b.translated(s, dct('description'), row.notes_translated as Record<string, string>, config.languages);
      const page = httpIri(row.url);
      if (page) b.iri(s, foaf('page'), page);
      const image = httpIri(row.image_url);
      if (image) b.iri(s, foaf('depiction'), image);
      for (const d of datasets) b.iri(s, dct('relation'), uris.dataset(d.id));
      return b.quads;
    };
    const lastModified = latest(
      toDate(row.metadata_modified),
      ...datasets.map((d) => toDate(d.metadata_modified)),
      portalDay(services).since,
    );
    return respond(req, reply, config, want, { subject, quads, lastModified });
  });
}
