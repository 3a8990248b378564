// Citizens' voice: dataset requests with votes and a status history, feedback messages with their
// answer deadlines, the e-mails sent to citizens without an account, and the per-address write log
// that limits anonymous writes. Personal data (name, e-mail, IP) sits in nullable columns so an
// erasure clears them and leaves every row, and so every statistic, in place.
import { sql, type Kysely } from 'kysely';

const statements = [
  sql`CREATE TABLE data_request (
    id uuid PRIMARY KEY,
    title text NOT NULL,
    description text NOT NULL DEFAULT '',
    intended_use text NOT NULL DEFAULT '',
    organization_id uuid REFERENCES "group"(id),
    sphere_id uuid REFERENCES "group"(id),
    status text NOT NULL DEFAULT 'new',
    listed boolean NOT NULL DEFAULT false,
    votes integer NOT NULL DEFAULT 0,
    language text NOT NULL,
    requester_user_id uuid REFERENCES "user"(id),
    requester_name text,
    requester_email text,
    requester_ip text,
    package_id uuid REFERENCES package(id),
    reason text,
    forwarded_at timestamp,
    refuse_due date,
    publish_due date,
    answered_at timestamp,
    answered_in_time boolean,
    response_overdue_at timestamp,
    publish_overdue_at timestamp,
    erased_at timestamp,
    created timestamp NOT NULL,
    modified timestamp NOT NULL
  )`,
  // request_list reads one page in the order asked, filtered by status, organization or sphere; these
  // keep a page and its count index scans at 100,000 requests (bench/citizens.ts).
  sql`CREATE INDEX data_request_listed_votes ON data_request(listed, votes DESC, created DESC, id)`,
  sql`CREATE INDEX data_request_listed_created ON data_request(listed, created DESC, id)`,
  sql`CREATE INDEX data_request_votes ON data_request(votes DESC, created DESC, id)`,
  sql`CREATE INDEX data_request_created ON data_request(created DESC, id)`,
  sql`CREATE INDEX data_request_status_votes ON data_request(status, votes DESC, created DESC, id)`,
  sql`CREATE INDEX data_request_status_created ON data_request(status, created DESC, id)`,
  sql`CREATE INDEX data_request_org_votes ON data_request(organization_id, listed, votes DESC, created DESC, id)`,
  sql`CREATE INDEX data_request_org_created ON data_request(organization_id, listed, created DESC, id)`,
  sql`CREATE INDEX data_request_sphere_votes ON data_request(sphere_id, listed, votes DESC, created DESC, id)`,
  sql`CREATE INDEX data_request_sphere_created ON data_request(sphere_id, listed, created DESC, id)`,
  sql`CREATE INDEX data_request_requester ON data_request(requester_user_id) WHERE requester_user_id IS NOT NULL`,
  sql`CREATE INDEX data_request_open_clock ON data_request(refuse_due) WHERE status = 'forwarded'`,
  sql`CREATE TABLE data_request_status (
    id uuid PRIMARY KEY,
    seq bigserial,
    request_id uuid NOT NULL REFERENCES data_request(id) ON DELETE CASCADE,
    from_status text,
    to_status text NOT NULL,
    reason text,
    user_id uuid REFERENCES "user"(id),
    created timestamp NOT NULL
  )`,
  sql`CREATE INDEX data_request_status_request ON data_request_status(request_id, seq)`,
  sql`CREATE TABLE data_request_vote (
    id uuid PRIMARY KEY,
    request_id uuid NOT NULL REFERENCES data_request(id) ON DELETE CASCADE,
    user_id uuid REFERENCES "user"(id),
    email text,
    token_hash text,
    language text NOT NULL,
    confirmed_at timestamp,
    created timestamp NOT NULL
  )`,
  sql`CREATE UNIQUE INDEX data_request_vote_user ON data_request_vote(request_id, user_id) WHERE user_id IS NOT NULL`,
  sql`CREATE UNIQUE INDEX data_request_vote_email ON data_request_vote(request_id, email) WHERE email IS NOT NULL`,
  sql`CREATE UNIQUE INDEX data_request_vote_token ON data_request_vote(token_hash) WHERE token_hash IS NOT NULL`,
  sql`CREATE TABLE feedback (
    id uuid PRIMARY KEY,
    message text NOT NULL,
    name text,
    email text,
    ip text,
    user_id uuid REFERENCES "user"(id),
    language text NOT NULL,
    package_id uuid REFERENCES package(id),
    organization_id uuid REFERENCES "group"(id),
    status text NOT NULL DEFAULT 'new',
    forward_due date NOT NULL,
    forwarded_at timestamp,
    forwarded_late boolean,
    answer_due date,
    extended_reason text,
    answer text,
    answered_at timestamp,
    answered_by uuid REFERENCES "user"(id),
    answered_in_time boolean,
    overdue_at timestamp,
    erased_at timestamp,
    created timestamp NOT NULL,
    modified timestamp NOT NULL
  )`,
  sql`CREATE INDEX feedback_created ON feedback(created DESC, id)`,
  sql`CREATE INDEX feedback_org ON feedback(organization_id, created DESC)`,
  sql`CREATE INDEX feedback_open ON feedback(status) WHERE status IN ('new', 'forwarded', 'extended')`,
  sql`CREATE TABLE citizen_mail (
    id uuid PRIMARY KEY,
    to_email text,
    kind text NOT NULL,
    language text NOT NULL,
    subject text NOT NULL,
    body text NOT NULL,
    request_id uuid REFERENCES data_request(id) ON DELETE CASCADE,
    feedback_id uuid REFERENCES feedback(id) ON DELETE CASCADE,
    state text NOT NULL DEFAULT 'pending',
    attempts integer NOT NULL DEFAULT 0,
    last_error text,
    dedupe_key text UNIQUE,
    created timestamp NOT NULL,
    sent_at timestamp
  )`,
  // Who wrote what when, by a hash of the address: the per-address limit counts these rows.
  sql`CREATE TABLE citizen_write (
    email_hash text NOT NULL,
    kind text NOT NULL,
    at timestamp NOT NULL
  )`,
  sql`CREATE INDEX citizen_write_hash ON citizen_write(email_hash, at)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const s of statements) await s.execute(db);
}
