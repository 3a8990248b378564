// Kysely types of the harvest and external-source tables (migrations/0019_harvest.ts).
import type { ColumnType, Generated } from 'kysely';

type Ts = ColumnType<string, string | undefined, string>;
type Json<T> = ColumnType<T, string | undefined, string>;

export interface HarvestSourceTable {
  id: string;
  name: string;
  title: string | null;
  notes: string | null;
  url: string;
  source_type: 'ckan' | 'dcat' | 'egov';
  config: Json<Record<string, unknown>>;
  /** AES-GCM sealed API key / token (src/external/secrets.ts); never returned. */
  secret: string | null;
  owner_org: string | null;
  frequency: string;
  active: Generated<boolean>;
  state: Generated<string>;
  creator_user_id: string | null;
  next_run_at: string | null;
  created: Ts;
  modified: Ts;
}

export interface HarvestJobTable {
  id: string;
  source_id: string;
  status: string;
  dry_run: Generated<boolean>;
  force_all: Generated<boolean>;
  created: string;
  gather_started: string | null;
  gather_finished: string | null;
  finished: string | null;
  heartbeat: string | null;
  stats: Json<Record<string, number>>;
  cursor: string | null;
  errors: Json<{ guid?: string; message: string }[]>;
}

export interface HarvestObjectTable {
  id: string;
  job_id: string | null;
  source_id: string;
  guid: string;
  package_id: string | null;
  content_hash: string | null;
  remote_modified: string | null;
  current: Generated<boolean>;
  state: string;
  report_status: string;
  errors: Json<{ message: string }[]>;
  content: string | null;
  created: string;
}

export interface ExternalSourceTable {
  package_id: string;
  resource_id: string;
  url: string;
  format: 'kz-json' | 'json' | 'csv' | 'xlsx' | 'xml';
  records_path: string | null;
  auth_type: Generated<'none' | 'header' | 'basic'>;
  auth_header: string | null;
  auth_user: string | null;
  secret: string | null;
  every_hours: number | null;
  timeout_ms: Generated<number>;
  max_bytes: ColumnType<string, number | undefined, number>;
  next_run_at: string | null;
  last_run_at: string | null;
  last_status: string | null;
  last_errors: Json<unknown[]>;
  last_records: number | null;
  created: Ts;
  modified: Ts;
}

export interface HarvestTables {
  harvest_source: HarvestSourceTable;
  harvest_job: HarvestJobTable;
  harvest_object: HarvestObjectTable;
  external_source: ExternalSourceTable;
}
