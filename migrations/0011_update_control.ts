// Update control and history: the working-day calendar (holidays and moved working days, seeded once
// per country and year), the history of data updates that deadlines are computed from, and CKAN's
// activity stream of datasets, organizations and users.
import { sql, type Kysely } from 'kysely';

const statements = [
  // kind: 'holiday' = a day off on a weekday; 'working' = a weekend day made a working day.
  sql`CREATE TABLE holiday (
    day date PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('holiday', 'working')),
    name text NOT NULL DEFAULT '',
    source text NOT NULL DEFAULT 'operator',
    created_by uuid,
    created timestamp NOT NULL DEFAULT (now() at time zone 'utc')
  )`,
  // Which seed calendars were loaded: an operator's deletion of a seeded day is never undone by a restart.
  sql`CREATE TABLE holiday_seed (
    country text NOT NULL,
    year integer NOT NULL,
    created timestamp NOT NULL DEFAULT (now() at time zone 'utc'),
    PRIMARY KEY (country, year)
  )`,
  sql`CREATE TABLE data_update (
    id bigserial PRIMARY KEY,
    package_id uuid NOT NULL REFERENCES package(id),
    resource_id uuid,
    at timestamp NOT NULL,
    user_id uuid,
    source text NOT NULL CHECK (source IN ('datastore', 'upload', 'url', 'api', 'external', 'harvest')),
    note text
  )`,
  sql`CREATE INDEX data_update_package ON data_update (package_id, at)`,
  sql`CREATE INDEX data_update_at ON data_update (at)`,
  // Updates made before the history existed: the last one is all that was kept.
  sql`INSERT INTO data_update (package_id, at, source) SELECT id, last_data_update, 'datastore' FROM package WHERE last_data_update IS NOT NULL`,
  // CKAN's activity stream. permission_labels as CKAN 2.11 computes them: 'public', 'member-<org id>',
  // 'creator-<user id>'; a reader sees an activity when they hold one of its labels.
  sql`CREATE TABLE activity (
    id uuid PRIMARY KEY,
    timestamp timestamp NOT NULL,
    user_id uuid,
    object_id uuid NOT NULL,
    activity_type text NOT NULL,
    data jsonb NOT NULL DEFAULT '{}',
    owner_org uuid,
    permission_labels text[] NOT NULL DEFAULT '{public}'
  )`,
  sql`CREATE INDEX activity_object ON activity (object_id, timestamp DESC)`,
  sql`CREATE INDEX activity_user ON activity (user_id, timestamp DESC)`,
  sql`CREATE INDEX activity_owner_org ON activity (owner_org, timestamp DESC)`,
  sql`CREATE INDEX activity_time ON activity (timestamp DESC)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await s.execute(db);
}
