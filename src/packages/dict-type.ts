// The package dict (what package_show returns, docs/ARCHITECTURE.md "The package dict"), typed once:
// dictize.ts produces it; search, activity, quality and the RDF mapping (src/rdf) read it. A leaf file
// of types only, so any layer may import it without an import cycle.
import type { Frequency, Priority, Provision, Relevance } from './passport.ts';
import type { QualitySummary } from '../quality/summary.ts';

/** A text per language (BCP 47 tag -> text). */
export type Translated = Record<string, string | null | undefined>;

/** The passport's `responsible` and `owner` contacts. */
export interface ContactDict {
  fullname_translated?: Translated | null;
  phone?: string | null;
  email?: string | null;
}

/** Monthly `{day}`, quarterly `{month (1-3), day}`, annual `{month, day, every_years}`. */
interface UpdateSchedule {
  day?: number | null;
  month?: number | null;
  every_years?: number | null;
}

/** CKAN's resource dict; the resource's custom keys are flattened into it. */
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
  mimetype_inner?: string | null;
  size?: number | string | null;
  hash?: string | null;
  hash_algorithm?: string | null;
  license_id?: string | null;
  position?: number;
  resource_type?: string | null;
  datastore_active?: boolean | null;
  created?: string | null;
  last_modified?: string | null;
  metadata_modified?: string | null;
  cache_url?: string | null;
  cache_last_updated?: string | null;
  state?: string | null;
  [key: string]: unknown;
}

/** The owning organization as the package dict embeds it (a type, not an interface, so that it
 * fits the mapping's open OrganizationDict, src/rdf/types.ts). */
export type OrganizationSummary = {
  id: string;
  name: string;
  title: string;
  type: 'organization';
  description: string;
  image_url: string;
  created: string;
  is_organization: true;
  approval_status: string;
  state: string;
  code: string | null;
  structure: string | null;
  title_translated: Record<string, string>;
};

interface TagDict {
  id: string;
  name: string;
  display_name: string;
  state: string;
  vocabulary_id: string | null;
}

interface GroupSummary {
  id: string;
  name: string;
  title: string;
  display_name: string;
  description: string;
  image_display_url: string;
}

/** An active showcase (src/content) built on the dataset. */
interface ShowcaseRef {
  id: string;
  name: string;
  title_translated: Record<string, string>;
  url: string | null;
}

/** The passport's keys: top-level keys of the package dict. */
export interface PassportKeys {
  passport_code: string | null;
  title_translated: Record<string, string>;
  notes_translated: Record<string, string>;
  sphere: string | null;
  priority: Priority | null;
  relevance: Relevance | null;
  ai_ready: boolean;
  provision: Provision;
  external_api: string | null;
  update_frequency: Frequency | null;
  update_schedule: UpdateSchedule | null;
  keywords_translated: Record<string, string[] | null | undefined> | null;
  responsible: ContactDict | null;
  owner: ContactDict | null;
  spatial_uri: string | null;
  temporal_start: string | null;
  temporal_end: string | null;
  last_data_update: string | null;
  next_update_due: string | null;
  overdue_days: number | null;
  /** Present on a deleted dataset only. */
  deleted_reason?: string | null;
  deleted_by?: string | null;
  deleted_at?: string | null;
}

/** CKAN 2.11's package dict plus Pasport's own keys (the passport, showcases, quality). */
export interface PackageDict extends PassportKeys {
  // An open JSON object: what reads it by key (package_revise's match, search's `fl`) gets unknown.
  [key: string]: unknown;
  id: string;
  name: string;
  title: string;
  notes: string | null;
  url: string | null;
  version: string | null;
  author: string | null;
  author_email: string | null;
  maintainer: string | null;
  maintainer_email: string | null;
  license_id: string | null;
  license_title: string | null;
  license_url?: string;
  isopen: boolean;
  state: string;
  private: boolean;
  type: string;
  owner_org: string | null;
  creator_user_id: string | null;
  metadata_created: string;
  metadata_modified: string;
  organization: OrganizationSummary | null;
  groups: GroupSummary[];
  tags: TagDict[];
  extras: { key: string; value: string }[];
  resources: ResourceDict[];
  num_resources: number;
  num_tags: number;
  relationships_as_subject: unknown[];
  relationships_as_object: unknown[];
  showcases: ShowcaseRef[];
  quality: QualitySummary | null;
}
