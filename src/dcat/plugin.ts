// The DCAT-AP surface: every route, in registration order. The catalogue pages are catalog.ts, the full
// export catalog-export.ts; every other IRI the mapping mints dereferences through documents.ts,
// dictionaries.ts and showcases.ts. Everything is read as an anonymous reader, so private and deleted
// datasets cannot appear, and carries validators (ETag, Last-Modified, 304) so harvesters re-download
// only what changed. Errors are problem documents (src/api/error-reply.ts, `problem`, `sendProblem`).
import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '../modules/types.ts';
import { catalogRoutes } from './catalog.ts';
import { exportRoutes } from './catalog-export.ts';
import { documentRoutes } from './documents.ts';
import { dictionaryRoutes } from './dictionaries.ts';
import { showcaseRoutes } from './showcases.ts';

export async function dcatRoutes(app: FastifyInstance, m: ModuleContext): Promise<void> {
  catalogRoutes(app, m);
  exportRoutes(app, m);
  documentRoutes(app, m);
  dictionaryRoutes(app, m);
  showcaseRoutes(app, m);
}
