// The full export, /catalog/export.{nt,ttl}: every public dataset streamed from the database, counted
// as a download of the whole catalogue, with validators from the newest write and the portal's day.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ModuleContext } from '../modules/types.ts';
import { checkNotModified, latest, strongEtag } from '../api/conditional.ts';
import { mappingContext } from './context.ts';
import { exportQuads } from '../rdf/mapping.ts';
import { contentType, prefixesFor, serializeReadable } from '../rdf/serialize.ts';
import { publicPackages } from './export.ts';
import { purposeParam } from '../downloads-purpose/purposes.ts';
import { countDownload } from '../tracking/hits.ts';
import { catalogState, portalDay } from './state.ts';
import { problem } from '../api/error-reply.ts';

export function exportRoutes(app: FastifyInstance, m: ModuleContext): void {
  const { services } = m;
  const { config } = services;
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
      const stream = serializeReadable(exportQuads(publicPackages(services), ctx), ext, prefixesFor(config.vocabNs));
      return reply.type(contentType(ext)).send(stream);
    },
  );
}
