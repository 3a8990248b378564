// What the mapping reads: the package dict (typed once, in src/packages/dict-type.ts) and the
// dictionaries and settings of the MappingContext.

import type { Translated } from '../packages/dict-type.ts';

export type { ContactDict, PackageDict, ResourceDict, Translated } from '../packages/dict-type.ts';

export interface OrganizationDict {
  id: string;
  name: string;
  title?: string | null;
  description?: string | null;
  code?: string | null;
  structure?: string | null;
  title_translated?: Translated | null;
  description_translated?: Translated | null;
  email?: string | null;
  phone?: string | null;
  website?: string | null;
  active?: boolean | null;
  /** ADMS publisher type local name (e.g. `NationalAuthority`); defaults to the catalog's. */
  publisher_type?: string | null;
  [key: string]: unknown;
}

export interface SphereDict {
  id?: string;
  name: string;
  title?: string | null;
  title_translated?: Translated | null;
  description_translated?: Translated | null;
  icon_url?: string | null;
  eu_theme?: string | null;
  [key: string]: unknown;
}

export interface StructureDict {
  id?: string;
  code: string;
  name_translated?: Translated | null;
}

export interface CatalogInfo {
  title_translated: Translated;
  description_translated: Translated;
  publisher: { name_translated: Translated; email?: string | null; uri?: string | null; type?: string | null };
  homepage: string;
  /** EU licence code or licence IRI for the catalogue metadata itself (e.g. `CC_BY_4_0`). */
  license?: string | null;
  /** EU country code (`UZB`) or a place IRI. */
  spatial?: string | null;
  /** When the catalogue was first published (date or dict timestamp). */
  issued?: string | null;
}

export interface MappingContext {
  baseUri: string;
  /** BCP 47 tags of the portal languages; the first is the default. */
  languages: string[];
  catalog: CatalogInfo;
  organizations: Record<string, OrganizationDict>;
  spheres: Record<string, SphereDict>;
  /** Structures keyed by their `code` (what an organization's `structure` holds). */
  structures: Record<string, StructureDict>;
  /** Namespace of Pasport's own vocabulary (config `vocabNs`); default `{baseUri}/ns#`. */
  vocabNs?: string;
}
