// The database as a TypeScript type, written beside migrations/: Kysely checks every query against it.
// The catalog's own tables are here; the others are in src/db/tables/ by area, re-exported. A module's
// new tables live in the module (e.g. src/<module>/tables.ts) and join Database with one line.
import type { Generated } from 'kysely';
import type { Json, Ts } from './tables/columns.ts';
import type { IdentityTables } from '../ratelimit/tables.ts';
import type { FeedbackTables } from '../feedback/tables.ts';
import type { RequestTables } from '../requests/tables.ts';
import type { HarvestTables } from '../harvest/tables.ts';
import type { VoiceTables } from '../comments/tables.ts';
import type { QualityTables } from '../quality/tables.ts';
import type { OutboxTable, OutboxCursorTable, JobTable, JobScheduleTable } from './tables/infra.ts';
import type {
  SearchDocTable,
  SearchWordTable,
  SearchFacetCountTable,
  SearchLogTable,
  DatastoreResourceTable,
  SparqlLogTable,
} from './tables/surfaces.ts';
import type {
  ContentItemTable,
  ContentBodyTable,
  ContentSearchTable,
  ContentCountTable,
  ShowcaseTable,
  ShowcasePackageTable,
  ContentFileTable,
} from './tables/content.ts';
import type {
  NotificationTable,
  NotificationPreferenceTable,
  NotificationDeliveryTable,
  PackageStatusChangeTable,
  PackageDeadlineTable,
  DeadlineSweepTable,
  MonitoringReportTable,
  HolidayTable,
  HolidaySeedTable,
  DataUpdateTable,
  ActivityTable,
} from './tables/workflow.ts';

export type * from './tables/infra.ts';
export type * from './tables/surfaces.ts';
export type * from './tables/content.ts';
export type * from './tables/workflow.ts';

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

export interface Database
  extends QualityTables,
    VoiceTables,
    HarvestTables,
    RequestTables,
    FeedbackTables,
    IdentityTables {
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
  content_search: ContentSearchTable;
  content_count: ContentCountTable;
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
