// DataStore: one typed table per resource in the `datastore` schema (CKAN's layout; the measurement that
// chose it is at the top of src/datastore/store.ts), the catalogue of those tables with their fields,
// primary key, indexes and descriptor, and a SELECT-only role for datastore_search_sql where the server
// lets us create one.
import { sql, type Kysely } from 'kysely';
import { READER_ROLE } from '../src/datastore/names.ts';

const statements = [
  sql`CREATE SCHEMA IF NOT EXISTS datastore`,
  sql`CREATE TABLE datastore_resource (
    resource_id uuid PRIMARY KEY REFERENCES resource(id),
    package_id uuid NOT NULL REFERENCES package(id),
    active boolean NOT NULL DEFAULT false,
    fields jsonb NOT NULL DEFAULT '[]',
    primary_key text[] NOT NULL DEFAULT '{}',
    indexes text[] NOT NULL DEFAULT '{}',
    descriptor jsonb,
    api_uri text UNIQUE,
    created timestamp NOT NULL DEFAULT (now() at time zone 'utc'),
    modified timestamp NOT NULL DEFAULT (now() at time zone 'utc')
  )`,
  sql`CREATE INDEX datastore_resource_package ON datastore_resource(package_id)`,
  // Roles are cluster-wide and need CREATEROLE; parallel databases may race to create it. Without it,
  // datastore_search_sql still has its parser, EXPLAIN and read-only layers.
  sql`DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${sql.raw(READER_ROLE)}') THEN
      CREATE ROLE ${sql.raw(READER_ROLE)} NOLOGIN;
    END IF;
  EXCEPTION WHEN insufficient_privilege OR duplicate_object OR unique_violation THEN NULL;
  END $$`,
  sql`DO $$ BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${sql.raw(READER_ROLE)}') THEN
      GRANT USAGE ON SCHEMA datastore TO ${sql.raw(READER_ROLE)};
      ALTER DEFAULT PRIVILEGES IN SCHEMA datastore GRANT SELECT ON TABLES TO ${sql.raw(READER_ROLE)};
      IF NOT pg_has_role(current_user, '${sql.raw(READER_ROLE)}', 'MEMBER') THEN
        EXECUTE format('GRANT %I TO %I', '${sql.raw(READER_ROLE)}', current_user);
      END IF;
    END IF;
  EXCEPTION WHEN insufficient_privilege OR invalid_grant_operation OR unique_violation THEN NULL;
  END $$`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await s.execute(db);
}
