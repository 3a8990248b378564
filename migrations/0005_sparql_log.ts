// Every SPARQL query is logged for operators: its text, scope, duration and result size. No user
// identity is kept beyond the scope (public or sysadmin).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE sparql_log (
    id bigserial PRIMARY KEY,
    created timestamp NOT NULL DEFAULT (now() at time zone 'utc'),
    query text NOT NULL,
    scope text NOT NULL,
    format text,
    status integer NOT NULL,
    duration_ms double precision NOT NULL,
    bytes bigint NOT NULL,
    truncated boolean NOT NULL,
    federated boolean NOT NULL,
    error text
  )`.execute(db);
  await sql`CREATE INDEX sparql_log_created ON sparql_log(created)`.execute(db);
}
