// Search: the postgres engine's denormalised document table (one row per dataset, fed from the outbox
// like any other engine) and the log of typed search queries.
import { sql, type Kysely } from 'kysely';

const statements = [
  sql`CREATE TABLE search_doc (
    id uuid PRIMARY KEY,
    name text NOT NULL,
    title_string text NOT NULL,
    state text NOT NULL,
    private boolean NOT NULL,
    dataset_type text NOT NULL,
    owner_org uuid,
    organization text,
    owner_label text NOT NULL,
    creator_user_id uuid,
    groups text[] NOT NULL DEFAULT '{}',
    tags text[] NOT NULL DEFAULT '{}',
    res_format text[] NOT NULL DEFAULT '{}',
    license_id text,
    author text,
    maintainer text,
    metadata_created timestamp NOT NULL,
    metadata_modified timestamp NOT NULL,
    passport_code text,
    sphere text,
    priority text,
    relevance text,
    ai_ready boolean NOT NULL DEFAULT false,
    provision text,
    update_frequency text,
    next_update_due date,
    extras jsonb NOT NULL DEFAULT '{}',
    title_text text NOT NULL DEFAULT '',
    notes_text text NOT NULL DEFAULT '',
    res_text text NOT NULL DEFAULT '',
    tsv tsvector NOT NULL,
    dict text NOT NULL
  )`,
  // Facets and counts scan this table: the package dict (the widest value) goes out of line, so the
  // rows scanned stay small; uncompressed, as it is read whole and often.
  sql`ALTER TABLE search_doc ALTER COLUMN dict SET STORAGE EXTERNAL`,
  // The tsvector stays in the row (compressed): ranking reads it for every match, and a detour
  // through TOAST per match made broad text queries ten times slower.
  sql`ALTER TABLE search_doc ALTER COLUMN tsv SET STORAGE MAIN`,
  sql`CREATE INDEX search_doc_modified ON search_doc (metadata_modified, id)`,
  sql`CREATE INDEX search_doc_created ON search_doc (metadata_created, id)`,
  sql`CREATE INDEX search_doc_name ON search_doc (name)`,
  sql`CREATE INDEX search_doc_title ON search_doc (title_string, id)`,
  sql`CREATE INDEX search_doc_org ON search_doc (organization)`,
  sql`CREATE INDEX search_doc_owner ON search_doc (owner_org)`,
  sql`CREATE INDEX search_doc_tsv ON search_doc USING gin (tsv)`,
  sql`CREATE INDEX search_doc_tags ON search_doc USING gin (tags)`,
  sql`CREATE INDEX search_doc_groups ON search_doc USING gin (groups)`,
  sql`CREATE INDEX search_doc_formats ON search_doc USING gin (res_format)`,
  sql`CREATE INDEX search_doc_trgm ON search_doc USING gin (title_text gin_trgm_ops)`,
  // No user, address or token: what was asked, in which language, and how it went.
  sql`CREATE TABLE search_log (
    id bigserial PRIMARY KEY,
    created timestamp NOT NULL DEFAULT (now() at time zone 'utc'),
    q text NOT NULL,
    q_norm text NOT NULL,
    filters jsonb NOT NULL DEFAULT '{}',
    lang text,
    result_count integer NOT NULL,
    duration_ms double precision NOT NULL
  )`,
  sql`CREATE INDEX search_log_created ON search_log (created)`,
  sql`CREATE INDEX search_log_norm ON search_log (q_norm, created)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await s.execute(db);
}
