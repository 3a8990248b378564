// SHACL validation of what Pasport publishes, against the vendored DCAT-AP 3.0.1 shapes.
import type { Services } from '../services.ts';
import type { PackageDict } from '../packages/dictize.ts';
import { mappingContext } from './context.ts';
import { catalogPageQuads } from '../rdf/mapping.ts';
import { validateQuads, type ShaclReport } from '../rdf/shacl.ts';

/** Validates one dataset as it appears in a catalogue page (with the catalogue node around it). */
export async function validateDataset(services: Services, pkg: PackageDict): Promise<ShaclReport> {
  const ctx = await mappingContext(services);
  const quads = catalogPageQuads(ctx, {
    page: 1,
    itemsPerPage: 1,
    totalItems: 1,
    pageUri: () => `${services.config.siteUrl}/catalog`,
    packages: [pkg],
  });
  return validateQuads(quads);
}
