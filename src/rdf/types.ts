// The dict shapes the mapping reads (docs/ARCHITECTURE.md, "The package dict"). Only the keys the
// RDF mapping uses are typed; everything else passes through untouched.

export type Translated = Record<string, string | null | undefined>;

export interface ContactDict {
  fullname_translated?: Translated | null;
  phone?: string | null;
  email?: string | null;
}

export interface ResourceDict {
  id: string;
  package_id?: string;
  name?: string | null;
  name_translated?: Translated | null;
  description?: string | null;
  description_translated?: Translated | null;
  url?: string | null;
  url_type?: string | null;
  format?: string | null;
  mimetype?: string | null;
  size?: number | string | null;
  hash?: string | null;
  hash_algorithm?: string | null;
  license_id?: string | null;
  resource_type?: string | null;
  datastore_active?: boolean | null;
  created?: string | null;
  last_modified?: string | null;
  metadata_modified?: string | null;
  state?: string | null;
  [key: string]: unknown;
}

export interface UpdateSchedule {
  day?: number | null;
  month?: number | null;
  every_years?: number | null;
}

export interface PackageDict {
  id: string;
  name: string;
  title?: string | null;
  notes?: string | null;
  url?: string | null;
  version?: string | null;
  license_id?: string | null;
  license_title?: string | null;
  license_url?: string | null;
  state: string;
  private: boolean;
  type?: string | null;
  owner_org?: string | null;
  metadata_created?: string | null;
  metadata_modified?: string | null;
  organization?: OrganizationDict | null;
  tags?: Array<{ name: string; display_name?: string }> | null;
  resources?: ResourceDict[] | null;
  passport_code?: string | null;
  title_translated?: Translated | null;
  notes_translated?: Translated | null;
  sphere?: string | null;
  priority?: 'high' | 'medium' | 'low' | null;
  relevance?: 'high' | 'medium' | 'low' | null;
  ai_ready?: boolean | null;
  provision?: 'manual' | 'automatic' | 'external' | null;
  external_api?: string | null;
  update_frequency?: 'daily' | 'monthly' | 'quarterly' | 'annual' | 'irregular' | null;
  update_schedule?: UpdateSchedule | null;
  keywords_translated?: Record<string, string[] | null | undefined> | null;
  responsible?: ContactDict | null;
  owner?: ContactDict | null;
  spatial_uri?: string | null;
  temporal_start?: string | null;
  temporal_end?: string | null;
  last_data_update?: string | null;
  next_update_due?: string | null;
  overdue_days?: number | null;
  deleted_at?: string | null;
  [key: string]: unknown;
}

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
