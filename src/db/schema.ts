// The database as a TypeScript type, written beside migrations/: Kysely checks every query against it.
import type { ColumnType, Generated } from 'kysely';
import type { IdentityTables } from '../ratelimit/tables.ts';

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
  /** HMAC of the national id from sign-in claims (migration 0018); never returned. */
  national_id_hash?: string | null;
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
  /** Space-separated token scopes (migration 0018); null: every scope. */
  scopes?: string | null;
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
  /** Id in the government register (migration 0018). */
  external_id?: string | null;
}

export interface MemberTable {
  id: string;
  group_id: string;
  table_name: 'user' | 'package';
  table_id: string;
  capacity: string;
  /** Identity provider that made the membership (migration 0018); null: made by hand. */
  synced_from?: string | null;
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

/** Site content of every type (migration 0013); `fields` holds the type's own fields (src/content/defs.ts). */
export interface ContentItemTable {
  id: string;
  type: string;
  name: string;
  title_translated: Json<Record<string, string>>;
  summary_translated: Json<Record<string, string>>;
  body_format: string;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  fields: Json<Record<string, unknown>>;
  image_url: string | null;
  published: string;
  active: boolean;
  position: number;
  creator_user_id: string | null;
  created: Generated<string>;
  modified: string;
}

/** The heavy half of a content item: bodies and the text searched (kept out of the list path). */
export interface ContentBodyTable {
  id: string;
  body_translated: Json<Record<string, string>>;
  body_html_translated: Json<Record<string, string>>;
  /** Lower-case words (letters and digits only) of every searchable field; `search` is its tsvector. */
  search_text: string;
  search: ColumnType<string, never, never>;
}

export interface ShowcaseTable {
  id: string;
  name: string;
  title_translated: Json<Record<string, string>>;
  notes_translated: Json<Record<string, string>>;
  url: string | null;
  image_url: string | null;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  state: string;
  creator_user_id: string | null;
  metadata_created: string;
  metadata_modified: string;
}

export interface ShowcasePackageTable {
  showcase_id: string;
  package_id: string;
  created: Generated<string>;
}

/** An uploaded image or file: metadata here, bytes in the upload store under storage_key. */
export interface ContentFileTable {
  id: string;
  storage_key: string;
  filename: string;
  mimetype: string;
  size: number;
  sha256: string;
  owner_kind: string;
  owner_id: string | null;
  created: Generated<string>;
}

/** The scheduler's queue (migration 0012): claimed with FOR UPDATE SKIP LOCKED. */
export interface JobTable {
  id: Generated<number>;
  kind: string;
  payload: Json<Record<string, unknown>>;
  run_at: string;
  state: Generated<string>;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  dedupe_key: string | null;
  locked_by: string | null;
  locked_until: string | null;
  last_error: string | null;
  created: Generated<string>;
  finished: string | null;
}

export interface JobScheduleTable {
  name: string;
  next_run_at: string;
  last_run_at: string | null;
}

export interface NotificationTable {
  id: string;
  user_id: string;
  kind: string;
  package_id: string | null;
  organization_id: string | null;
  language: string;
  subject: string;
  body: string;
  expected: string | null;
  due_date: string | null;
  data: Json<Record<string, unknown>>;
  dedupe_key: string | null;
  created: string;
  read_at: string | null;
}

export interface NotificationPreferenceTable {
  user_id: string;
  language: string | null;
  email: Generated<boolean>;
  webhook_url: string | null;
  webhook_secret: string | null;
  muted: ColumnType<string[], string[] | undefined, string[]>;
  updated: Generated<string>;
}

export interface NotificationDeliveryTable {
  id: string;
  notification_id: string;
  user_id: string;
  channel: string;
  target: string;
  state: Generated<string>;
  attempts: Generated<number>;
  last_status: number | null;
  last_error: string | null;
  created: string;
  last_attempt_at: string | null;
  delivered_at: string | null;
}

/** Who changed a dataset's status (deactivate, fix submitted, activate), when and why. */
export interface PackageStatusChangeTable {
  id: Generated<number>;
  package_id: string;
  organization_id: string | null;
  action: string;
  from_state: string;
  to_state: string;
  reason: string | null;
  user_id: string | null;
  created: string;
}

/** A deadline as it came due (recorded by the daily sweep; monitoring reads these). */
export interface PackageDeadlineTable {
  package_id: string;
  due: string;
  previous_due: string | null;
  organization_id: string | null;
  frequency: string;
  recorded: string;
  /** The instant the day after previous_due begins: updates from then on meet this deadline. */
  window_start: string;
  /** The instant the deadline's day ends. */
  due_end: string;
  /** The first data update at or after window_start (kept by a trigger on data_update). */
  met_at: string | null;
}

export interface DeadlineSweepTable {
  name: string;
  through: string;
}

export interface MonitoringReportTable {
  id: string;
  period: string;
  period_from: string;
  period_to: string;
  generated: string;
  data: Json<Record<string, unknown>>;
}

/** Working-day calendar exceptions (migration 0011). */
export interface HolidayTable {
  day: string;
  kind: 'holiday' | 'working';
  name: Generated<string>;
  source: Generated<string>;
  created_by: string | null;
  created: Generated<string>;
}

export interface HolidaySeedTable {
  country: string;
  year: number;
  created: Generated<string>;
}

export type DataUpdateSource = 'datastore' | 'upload' | 'url' | 'api' | 'external' | 'harvest';

/** Every data update of a dataset: deadlines and monitoring are computed from it (migration 0011). */
export interface DataUpdateTable {
  id: Generated<string>;
  package_id: string;
  resource_id: string | null;
  at: string;
  user_id: string | null;
  source: DataUpdateSource;
  note: string | null;
}

/** CKAN's activity stream (migration 0011). */
export interface ActivityTable {
  id: string;
  timestamp: string;
  user_id: string | null;
  object_id: string;
  activity_type: string;
  data: Json<Record<string, unknown>>;
  owner_org: string | null;
  permission_labels: ColumnType<string[], string[] | undefined, string[]>;
}

export interface Database extends IdentityTables {
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
  content_item: ContentItemTable;
  content_body: ContentBodyTable;
  showcase: ShowcaseTable;
  showcase_package: ShowcasePackageTable;
  content_file: ContentFileTable;
  job: JobTable;
  job_schedule: JobScheduleTable;
  notification: NotificationTable;
  notification_preference: NotificationPreferenceTable;
  notification_delivery: NotificationDeliveryTable;
  package_status_change: PackageStatusChangeTable;
  package_deadline: PackageDeadlineTable;
  deadline_sweep: DeadlineSweepTable;
  monitoring_report: MonitoringReportTable;
  holiday: HolidayTable;
  holiday_seed: HolidaySeedTable;
  data_update: DataUpdateTable;
  activity: ActivityTable;
}
