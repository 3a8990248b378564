// Data that arrives by itself: harvest sources (other catalogues: CKAN, DCAT, data.egov.kz-style APIs),
// their jobs and per-dataset objects (ckanext-harvest's model), and the pulled sources of passports
// whose provision is "external".
import { sql, type Kysely } from 'kysely';

const statements = [
  sql`CREATE TABLE harvest_source (
    id uuid PRIMARY KEY,
    name text NOT NULL UNIQUE,
    title text,
    notes text,
    url text NOT NULL,
    source_type text NOT NULL CHECK (source_type IN ('ckan', 'dcat', 'egov')),
    config jsonb NOT NULL DEFAULT '{}',
    secret text,
    owner_org uuid,
    frequency text NOT NULL DEFAULT 'MANUAL',
    active boolean NOT NULL DEFAULT true,
    state text NOT NULL DEFAULT 'active',
    creator_user_id uuid,
    next_run_at timestamp,
    created timestamp NOT NULL DEFAULT (now() at time zone 'utc'),
    modified timestamp NOT NULL DEFAULT (now() at time zone 'utc')
  )`,
  sql`CREATE TABLE harvest_job (
    id uuid PRIMARY KEY,
    source_id uuid NOT NULL REFERENCES harvest_source(id) ON DELETE CASCADE,
    status text NOT NULL DEFAULT 'New',
    dry_run boolean NOT NULL DEFAULT false,
    force_all boolean NOT NULL DEFAULT false,
    created timestamp NOT NULL,
    gather_started timestamp,
    gather_finished timestamp,
    finished timestamp,
    heartbeat timestamp,
    stats jsonb NOT NULL DEFAULT '{}',
    cursor text,
    errors jsonb NOT NULL DEFAULT '[]'
  )`,
  // One job runs per source at a time.
  sql`CREATE UNIQUE INDEX harvest_job_one_running ON harvest_job (source_id) WHERE status IN ('New', 'Running')`,
  sql`CREATE INDEX harvest_job_source ON harvest_job (source_id, created DESC)`,
  sql`CREATE TABLE harvest_object (
    id uuid PRIMARY KEY,
    -- Pruning old jobs keeps the objects that are still current (they map guids to datasets).
    job_id uuid REFERENCES harvest_job(id) ON DELETE SET NULL,
    source_id uuid NOT NULL REFERENCES harvest_source(id) ON DELETE CASCADE,
    guid text NOT NULL,
    package_id uuid,
    content_hash text,
    remote_modified text,
    current boolean NOT NULL DEFAULT false,
    state text NOT NULL,
    report_status text NOT NULL,
    errors jsonb NOT NULL DEFAULT '[]',
    content text,
    created timestamp NOT NULL
  )`,
  sql`CREATE INDEX harvest_object_job ON harvest_object (job_id, report_status)`,
  sql`CREATE UNIQUE INDEX harvest_object_current ON harvest_object (source_id, guid) WHERE current`,
  sql`CREATE TABLE external_source (
    package_id uuid PRIMARY KEY,
    resource_id uuid NOT NULL,
    url text NOT NULL,
    format text NOT NULL CHECK (format IN ('kz-json', 'json', 'csv', 'xlsx', 'xml')),
    records_path text,
    auth_type text NOT NULL DEFAULT 'none' CHECK (auth_type IN ('none', 'header', 'basic')),
    auth_header text,
    auth_user text,
    secret text,
    every_hours integer,
    timeout_ms integer NOT NULL DEFAULT 30000,
    max_bytes bigint NOT NULL DEFAULT 52428800,
    next_run_at timestamp,
    last_run_at timestamp,
    last_status text,
    last_errors jsonb NOT NULL DEFAULT '[]',
    last_records integer,
    created timestamp NOT NULL DEFAULT (now() at time zone 'utc'),
    modified timestamp NOT NULL DEFAULT (now() at time zone 'utc')
  )`,
  sql`CREATE INDEX external_source_due ON external_source (next_run_at)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const s of statements) await s.execute(db);
}
