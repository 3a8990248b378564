// The database as a TypeScript type, written beside migrations/: Kysely checks every query against it.
import type { ColumnType, Generated } from 'kysely';

type Ts = ColumnType<string, string | undefined, string>;
type Json<T> = ColumnType<T, string | undefined, string>;

export interface UserTable {
  id: string;
  name: string;
  fullname: string | null;
  email: string | null;
  about: string | null;
  image_url: string | null;
  sysadmin: Generated<boolean>;
  operator: Generated<boolean>;
  oidc_sub: string | null;
  state: Generated<string>;
  created: Generated<string>;
  last_active: string | null;
}

export interface ApiTokenTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created: Generated<string>;
  last_access: string | null;
  expires_at: string | null;
  revoked_at: string | null;
}

export interface StructureTable {
  id: string;
  code: string;
  name_translated: Json<Record<string, string>>;
  state: Generated<string>;
  created: Generated<string>;
}

export interface GroupTable {
  id: string;
  name: string;
  title: string | null;
  description: string | null;
  image_url: string | null;
  type: string;
  is_organization: boolean;
  state: Generated<string>;
  approval_status: Generated<string>;
  created: Generated<string>;
  title_translated: Json<Record<string, string>>;
  description_translated: Json<Record<string, string>>;
  extras: Json<{ key: string; value: string }[]>;
  code: string | null;
  structure_code: string | null;
  email: string | null;
  phone: string | null;
  website: string | null;
  active: Generated<boolean>;
  next_passport_seq: Generated<number>;
  icon_url: string | null;
  eu_theme: string | null;
}

export interface MemberTable {
  id: string;
  group_id: string;
  table_name: 'user' | 'package';
  table_id: string;
  capacity: string;
  state: Generated<string>;
  created: Generated<string>;
}

export interface PackageTable {
  id: string;
  name: string;
  title: string | null;
  notes: string | null;
  url: string | null;
  version: string | null;
  author: string | null;
  author_email: string | null;
  maintainer: string | null;
  maintainer_email: string | null;
  license_id: string | null;
  state: string;
  private: boolean;
  type: string;
  owner_org: string | null;
  creator_user_id: string | null;
  metadata_created: Ts;
  metadata_modified: Ts;
  extras: Json<{ key: string; value: string }[]>;
  passport_code: string | null;
  title_translated: Json<Record<string, string>>;
  notes_translated: Json<Record<string, string>>;
  sphere: string | null;
  priority: string | null;
  relevance: string | null;
  ai_ready: boolean;
  provision: string;
  external_api: string | null;
  update_frequency: string | null;
  update_schedule: Json<Record<string, number> | null>;
  passport: Json<Record<string, unknown>>;
  last_data_update: string | null;
  deleted_reason: string | null;
  deleted_by: string | null;
  deleted_at: string | null;
}

export interface ResourceTable {
  id: string;
  package_id: string;
  position: number;
  state: Generated<string>;
  url: string;
  name: string | null;
  description: string | null;
  format: string | null;
  hash: string | null;
  mimetype: string | null;
  mimetype_inner: string | null;
  size: number | null;
  resource_type: string | null;
  url_type: string | null;
  created: Ts;
  last_modified: string | null;
  metadata_modified: Ts;
  cache_url: string | null;
  cache_last_updated: string | null;
  datastore_active: Generated<boolean>;
  extras: Json<Record<string, unknown>>;
}

export interface TagTable {
  id: string;
  name: string;
  vocabulary_id: string | null;
}

export interface PackageTagTable {
  package_id: string;
  tag_id: string;
}

export interface UploadTable {
  resource_id: string;
  filename: string;
  mimetype: string | null;
  size: number;
  content: Buffer;
  created: Generated<string>;
}

export interface OutboxTable {
  id: Generated<number>;
  topic: string;
  entity_id: string;
  op: string;
  created: Generated<string>;
  /** Applied to the search index in the write's own transaction (migrations/0009). */
  search_indexed: Generated<boolean>;
}

export interface OutboxCursorTable {
  consumer: string;
  last_id: number;
  updated: Generated<string>;
  last_error: string | null;
  failures: Generated<number>;
}

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

export interface Database {
  user: UserTable;
  api_token: ApiTokenTable;
  structure: StructureTable;
  group: GroupTable;
  member: MemberTable;
  package: PackageTable;
  resource: ResourceTable;
  tag: TagTable;
  package_tag: PackageTagTable;
  upload: UploadTable;
  outbox: OutboxTable;
  outbox_cursor: OutboxCursorTable;
  sparql_log: SparqlLogTable;
  search_doc: SearchDocTable;
  search_word: SearchWordTable;
  search_facet_count: SearchFacetCountTable;
  search_log: SearchLogTable;
  datastore_resource: DatastoreResourceTable;
}
