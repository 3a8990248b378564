// Update control: a job queue and recurring schedules on PostgreSQL (the scheduler), per-user
// notification inboxes with their delivery log and preferences, the history of a dataset's status
// (deactivation, fix, activation), the deadlines each sweep recorded, and kept monitoring reports.
import { sql, type Kysely } from 'kysely';

const NOW = sql`(now() at time zone 'utc')`;

const statements = [
  // One row per job. A worker claims due rows with FOR UPDATE SKIP LOCKED, so two instances never take
  // the same one; dedupe_key makes "at most one such job, ever" a database guarantee.
  sql`CREATE TABLE job (
    id bigserial PRIMARY KEY,
    kind text NOT NULL,
    payload jsonb NOT NULL DEFAULT '{}',
    run_at timestamp NOT NULL,
    state text NOT NULL DEFAULT 'queued',
    attempts integer NOT NULL DEFAULT 0,
    max_attempts integer NOT NULL DEFAULT 8,
    dedupe_key text UNIQUE,
    locked_by text,
    locked_until timestamp,
    last_error text,
    created timestamp NOT NULL DEFAULT ${NOW},
    finished timestamp
  )`,
  sql`CREATE INDEX job_due ON job (run_at, id) WHERE state = 'queued'`,
  sql`CREATE INDEX job_lease ON job (locked_until) WHERE state = 'running'`,
  // Recurring jobs: the next slot of each; the instance that locks the row enqueues the slot's job.
  sql`CREATE TABLE job_schedule (
    name text PRIMARY KEY,
    next_run_at timestamp NOT NULL,
    last_run_at timestamp
  )`,

  sql`CREATE TABLE notification (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES "user"(id),
    kind text NOT NULL,
    package_id uuid REFERENCES package(id),
    organization_id uuid,
    language text NOT NULL,
    subject text NOT NULL,
    body text NOT NULL,
    expected text,
    due_date date,
    data jsonb NOT NULL DEFAULT '{}',
    dedupe_key text,
    created timestamp NOT NULL,
    read_at timestamp,
    UNIQUE (user_id, dedupe_key)
  )`,
  sql`CREATE INDEX notification_inbox ON notification (user_id, created DESC, id)`,
  sql`CREATE INDEX notification_unread ON notification (user_id, kind) WHERE read_at IS NULL`,
  sql`CREATE TABLE notification_preference (
    user_id uuid PRIMARY KEY REFERENCES "user"(id),
    language text,
    email boolean NOT NULL DEFAULT true,
    webhook_url text,
    webhook_secret text,
    muted text[] NOT NULL DEFAULT '{}',
    updated timestamp NOT NULL DEFAULT ${NOW}
  )`,
  // The delivery log: one row per notice and channel, updated by every attempt.
  sql`CREATE TABLE notification_delivery (
    id uuid PRIMARY KEY,
    notification_id uuid NOT NULL REFERENCES notification(id),
    user_id uuid NOT NULL,
    channel text NOT NULL,
    target text NOT NULL,
    state text NOT NULL DEFAULT 'pending',
    attempts integer NOT NULL DEFAULT 0,
    last_status integer,
    last_error text,
    created timestamp NOT NULL,
    last_attempt_at timestamp,
    delivered_at timestamp,
    UNIQUE (notification_id, channel)
  )`,
  sql`CREATE INDEX notification_delivery_user ON notification_delivery (user_id, created DESC)`,

  // Every status change of a dataset with who, when and why.
  sql`CREATE TABLE package_status_change (
    id bigserial PRIMARY KEY,
    package_id uuid NOT NULL REFERENCES package(id),
    organization_id uuid,
    action text NOT NULL,
    from_state text NOT NULL,
    to_state text NOT NULL,
    reason text,
    user_id uuid,
    created timestamp NOT NULL
  )`,
  sql`CREATE INDEX package_status_change_package ON package_status_change (package_id, id)`,
  sql`CREATE INDEX package_status_change_created ON package_status_change (created)`,

  // Every deadline as it came due, with the one before it and the organization responsible then:
  // monitoring judges these against the data_update history, so a schedule edited later does not
  // rewrite the past. The sweep records the days (through, today]; deadline_sweep keeps `through`.
  sql`CREATE TABLE package_deadline (
    package_id uuid NOT NULL REFERENCES package(id),
    due date NOT NULL,
    previous_due date,
    organization_id uuid,
    frequency text NOT NULL,
    recorded timestamp NOT NULL,
    window_start timestamp NOT NULL,
    due_end timestamp NOT NULL,
    met_at timestamp,
    PRIMARY KEY (package_id, due)
  )`,
  sql`CREATE INDEX package_deadline_due ON package_deadline (due, organization_id)`,
  sql`CREATE INDEX package_deadline_unmet ON package_deadline (package_id) WHERE met_at IS NULL`,
  sql`CREATE INDEX package_deadline_recorded ON package_deadline (recorded) WHERE met_at IS NULL`,
  // A deadline is met by the first data update after the previous deadline's day (window_start, an
  // instant): stamped here as updates are recorded, so a report only aggregates (1.2 M deadlines in
  // about a second) instead of probing the history per deadline.
  sql`CREATE FUNCTION package_deadline_met() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE package_deadline SET met_at = NEW.at
        WHERE package_id = NEW.package_id AND met_at IS NULL AND window_start <= NEW.at;
      RETURN NULL;
    END $$`,
  sql`CREATE TRIGGER data_update_meets_deadlines AFTER INSERT ON data_update FOR EACH ROW EXECUTE FUNCTION package_deadline_met()`,
  sql`CREATE TABLE deadline_sweep (
    name text PRIMARY KEY,
    through date NOT NULL
  )`,
  // Quarterly monitoring reports, generated once per closed quarter and kept as they were.
  sql`CREATE TABLE monitoring_report (
    id uuid PRIMARY KEY,
    period text NOT NULL UNIQUE,
    period_from date NOT NULL,
    period_to date NOT NULL,
    generated timestamp NOT NULL,
    data jsonb NOT NULL
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await s.execute(db);
}
