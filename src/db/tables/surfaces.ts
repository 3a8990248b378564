// What the search engine, the DataStore and the SPARQL endpoint keep beside the catalog.
// Part of the Database type (src/db/schema.ts), written beside migrations/.
import type { Generated, ColumnType } from 'kysely';
import type { Ts, Json } from './columns.ts';

export interface SearchDocTable {
  id: string;
  name: string;
  title_string: string;
  state: string;
  private: boolean;
  dataset_type: string;
  owner_org: string | null;
  organization: string | null;
  owner_label: string;
  creator_user_id: string | null;
  groups: string[];
  tags: string[];
  res_format: string[];
  license_id: string | null;
  author: string | null;
  maintainer: string | null;
  metadata_created: Ts;
  metadata_modified: Ts;
  passport_code: string | null;
  sphere: string | null;
  priority: string | null;
  relevance: string | null;
  ai_ready: boolean;
  provision: string | null;
  update_frequency: string | null;
  next_update_due: string | null;
  extras: Json<Record<string, string>>;
  title_text: string;
  notes_text: string;
  res_text: string;
  tsv: string;
  rank_tsv: string;
  dict: string;
  /** Digest of the text tsv is built from: an equal digest keeps the stored vectors (migration 0025). */
  text_hash: string | null;
}

/** The distinct words of titles: the vocabulary of typo correction (migration 0007). */
export interface SearchWordTable {
  word: string;
}

/** Per (facet, value, visibility class) document counts, kept by triggers on search_doc (migration 0006). */
export interface SearchFacetCountTable {
  facet: string;
  v: string;
  state: string;
  private: boolean;
  owner_label: string;
  n: number;
}

export interface SearchLogTable {
  id: Generated<number>;
  created: Generated<string>;
  q: string;
  q_norm: string;
  filters: Json<Record<string, unknown>>;
  lang: string | null;
  result_count: number;
  duration_ms: number;
}

export interface DatastoreResourceTable {
  resource_id: string;
  package_id: string;
  /** The table datastore."<resource_id>" exists. */
  active: Generated<boolean>;
  fields: Json<{ id: string; type: string; info?: Record<string, unknown> }[]>;
  primary_key: ColumnType<string[], string[] | undefined, string[]>;
  indexes: ColumnType<string[], string[] | undefined, string[]>;
  descriptor: Json<Record<string, unknown> | null>;
  api_uri: string | null;
  created: Generated<string>;
  modified: Generated<string>;
}

export interface SparqlLogTable {
  id: Generated<number>;
  created: Generated<string>;
  query: string;
  scope: string;
  format: string | null;
  status: number;
  duration_ms: number;
  bytes: number;
  truncated: boolean;
  federated: boolean;
  error: string | null;
}
