// The catalog core: users and tokens, organizations/groups (spheres) and memberships, structures,
// datasets with their passport, resources, tags, uploads, and the outbox that feeds every index.
import { sql, type Kysely } from 'kysely';

const statements = [
  sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`,
  sql`CREATE TABLE "user" (
    id uuid PRIMARY KEY,
    name text NOT NULL UNIQUE,
    fullname text,
    email text,
    about text,
    image_url text,
    sysadmin boolean NOT NULL DEFAULT false,
    operator boolean NOT NULL DEFAULT false,
    oidc_sub text UNIQUE,
    state text NOT NULL DEFAULT 'active',
    created timestamp NOT NULL DEFAULT (now() at time zone 'utc'),
    last_active timestamp
  )`,
  sql`CREATE TABLE api_token (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES "user"(id),
    name text NOT NULL,
    token_hash text NOT NULL UNIQUE,
    created timestamp NOT NULL DEFAULT (now() at time zone 'utc'),
    last_access timestamp,
    expires_at timestamp,
    revoked_at timestamp
  )`,
  sql`CREATE INDEX api_token_user ON api_token(user_id)`,
  sql`CREATE TABLE structure (
    id uuid PRIMARY KEY,
    code text NOT NULL UNIQUE,
    name_translated jsonb NOT NULL DEFAULT '{}',
    state text NOT NULL DEFAULT 'active',
    created timestamp NOT NULL DEFAULT (now() at time zone 'utc')
  )`,
  sql`CREATE TABLE "group" (
    id uuid PRIMARY KEY,
    name text NOT NULL UNIQUE,
    title text,
    description text,
    image_url text,
    type text NOT NULL,
    is_organization boolean NOT NULL,
    state text NOT NULL DEFAULT 'active',
    approval_status text NOT NULL DEFAULT 'approved',
    created timestamp NOT NULL DEFAULT (now() at time zone 'utc'),
    title_translated jsonb NOT NULL DEFAULT '{}',
    description_translated jsonb NOT NULL DEFAULT '{}',
    extras jsonb NOT NULL DEFAULT '[]',
    code text,
    structure_code text REFERENCES structure(code) ON UPDATE CASCADE,
    email text,
    phone text,
    website text,
    active boolean NOT NULL DEFAULT true,
    next_passport_seq integer NOT NULL DEFAULT 1,
    icon_url text,
    eu_theme text
  )`,
  sql`CREATE UNIQUE INDEX group_org_code ON "group"(structure_code, code) WHERE is_organization AND code IS NOT NULL`,
  sql`CREATE TABLE member (
    id uuid PRIMARY KEY,
    group_id uuid NOT NULL REFERENCES "group"(id),
    table_name text NOT NULL,
    table_id uuid NOT NULL,
    capacity text NOT NULL,
    state text NOT NULL DEFAULT 'active',
    created timestamp NOT NULL DEFAULT (now() at time zone 'utc'),
    UNIQUE (group_id, table_name, table_id)
  )`,
  sql`CREATE INDEX member_object ON member(table_name, table_id)`,
  sql`CREATE TABLE package (
    id uuid PRIMARY KEY,
    name text NOT NULL UNIQUE,
    title text,
    notes text,
    url text,
    version text,
    author text,
    author_email text,
    maintainer text,
    maintainer_email text,
    license_id text,
    state text NOT NULL DEFAULT 'active',
    private boolean NOT NULL DEFAULT false,
    type text NOT NULL DEFAULT 'dataset',
    owner_org uuid REFERENCES "group"(id),
    creator_user_id uuid,
    metadata_created timestamp NOT NULL,
    metadata_modified timestamp NOT NULL,
    extras jsonb NOT NULL DEFAULT '[]',
    passport_code text UNIQUE,
    title_translated jsonb NOT NULL DEFAULT '{}',
    notes_translated jsonb NOT NULL DEFAULT '{}',
    sphere text,
    priority text,
    relevance text,
    ai_ready boolean NOT NULL DEFAULT false,
    provision text NOT NULL DEFAULT 'manual',
    external_api text,
    update_frequency text,
    update_schedule jsonb,
    passport jsonb NOT NULL DEFAULT '{}',
    last_data_update timestamp,
    deleted_reason text,
    deleted_by uuid,
    deleted_at timestamp
  )`,
  sql`CREATE INDEX package_owner_org ON package(owner_org)`,
  sql`CREATE INDEX package_modified ON package(metadata_modified)`,
  sql`CREATE TABLE resource (
    id uuid PRIMARY KEY,
    package_id uuid NOT NULL REFERENCES package(id),
    position integer NOT NULL,
    state text NOT NULL DEFAULT 'active',
    url text NOT NULL DEFAULT '',
    name text,
    description text,
    format text,
    hash text,
    mimetype text,
    mimetype_inner text,
    size bigint,
    resource_type text,
    url_type text,
    created timestamp NOT NULL,
    last_modified timestamp,
    metadata_modified timestamp NOT NULL,
    cache_url text,
    cache_last_updated timestamp,
    datastore_active boolean NOT NULL DEFAULT false,
    extras jsonb NOT NULL DEFAULT '{}'
  )`,
  sql`CREATE INDEX resource_package ON resource(package_id, position)`,
  sql`CREATE TABLE tag (
    id uuid PRIMARY KEY,
    name text NOT NULL,
    vocabulary_id text,
    UNIQUE (name, vocabulary_id)
  )`,
  sql`CREATE TABLE package_tag (
    package_id uuid NOT NULL REFERENCES package(id),
    tag_id uuid NOT NULL REFERENCES tag(id),
    PRIMARY KEY (package_id, tag_id)
  )`,
  sql`CREATE INDEX package_tag_tag ON package_tag(tag_id)`,
  sql`CREATE TABLE upload (
    resource_id uuid PRIMARY KEY REFERENCES resource(id),
    filename text NOT NULL,
    mimetype text,
    size bigint NOT NULL,
    content bytea NOT NULL,
    created timestamp NOT NULL DEFAULT (now() at time zone 'utc')
  )`,
  // Every write appends what changed; each consumer (search, SPARQL, cache peers) keeps its own cursor
  // and advances it only after it has applied the entries, so a consumer that is down loses nothing.
  sql`CREATE TABLE outbox (
    id bigserial PRIMARY KEY,
    topic text NOT NULL,
    entity_id text NOT NULL,
    op text NOT NULL,
    created timestamp NOT NULL DEFAULT (clock_timestamp() at time zone 'utc')
  )`,
  sql`CREATE TABLE outbox_cursor (
    consumer text PRIMARY KEY,
    last_id bigint NOT NULL DEFAULT 0,
    updated timestamp NOT NULL DEFAULT (now() at time zone 'utc'),
    last_error text,
    failures integer NOT NULL DEFAULT 0
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await s.execute(db);
}
