// Identity that fits the national services (issue 15): token scopes, organizations matched by their
// register id, hashed national ids, memberships kept in sync from sign-in claims, and the counters of
// the rate limits shared between instances.
import { sql, type Kysely } from 'kysely';

const statements = [
  // Space-separated scopes; null = every scope (tokens made before scopes existed keep working).
  sql`ALTER TABLE api_token ADD COLUMN scopes text`,
  // The id of the body in the government register (tax number, code): sign-in claims and the
  // organization import find organizations by it.
  sql`ALTER TABLE "group" ADD COLUMN external_id text`,
  sql`CREATE UNIQUE INDEX group_external_id ON "group"(external_id) WHERE external_id IS NOT NULL`,
  // HMAC of the national id (PINFL, IIN): lets a second provider find the same person, never readable.
  sql`ALTER TABLE "user" ADD COLUMN national_id_hash text`,
  sql`CREATE INDEX user_national_id_hash ON "user"(national_id_hash) WHERE national_id_hash IS NOT NULL`,
  // Which identity provider made this membership: the next sign-in may change or remove it; memberships
  // made by hand (null) are never touched by a sign-in.
  sql`ALTER TABLE member ADD COLUMN synced_from text`,
  sql`CREATE TABLE rate_limit_counter (
    key text NOT NULL,
    window_start bigint NOT NULL,
    count integer NOT NULL,
    expires_at bigint NOT NULL,
    PRIMARY KEY (key, window_start)
  )`,
  sql`CREATE INDEX rate_limit_counter_expires ON rate_limit_counter(expires_at)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const s of statements) await s.execute(db);
}
