// THE mapping of Pasport's dicts to DCAT-AP 3.0.1 quads (RDF/JS, n3 DataFactory). One entry
// module; the pieces live in small files named for what they map.
export { datasetQuads, catalogRecordQuads, passportConcept, DCAT_AP_STANDARD } from './dataset.ts';
export { catalogQuads, type CatalogOptions } from './catalog.ts';
export { organizationQuads, sphereQuads, structureQuads } from './agents.ts';
export { sphereSchemeQuads, structureSchemeQuads } from './schemes.ts';
export { hydraPagingQuads, pageLinks, type PagingInfo, type PageLinks } from './hydra.ts';
export {
  catalogPageQuads,
  datasetDocumentQuads,
  exportQuads,
  inGraph,
  type CatalogPageInput,
  type ExportStats,
} from './page.ts';
export { isPublishable, assertPublishable, NotPublishableError } from './publishable.ts';
export type { MapOptions } from './context.ts';
export type * from './types.ts';
