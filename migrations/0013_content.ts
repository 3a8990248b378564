// Site content (news, pages, instructions, glossary, FAQ, legal acts), showcases with their datasets,
// and the metadata of uploaded images and files (the bytes live in the upload store, not here).
import { sql, type Kysely } from 'kysely';

const statements = [
  sql`CREATE TABLE content_item (
    id uuid PRIMARY KEY,
    type text NOT NULL,
    name text NOT NULL,
    title_translated jsonb NOT NULL DEFAULT '{}',
    summary_translated jsonb NOT NULL DEFAULT '{}',
    body_format text NOT NULL DEFAULT 'html',
    tags text[] NOT NULL DEFAULT '{}',
    fields jsonb NOT NULL DEFAULT '{}',
    image_url text,
    published timestamp NOT NULL,
    active boolean NOT NULL DEFAULT true,
    position integer NOT NULL DEFAULT 0,
    creator_user_id uuid,
    created timestamp NOT NULL DEFAULT (now() at time zone 'utc'),
    modified timestamp NOT NULL DEFAULT (now() at time zone 'utc'),
    UNIQUE (type, name)
  )`,
  // The list actions read one type's public items newest first or by position; these keep a page and
  // its count an index scan at 10,000 items per type (bench/content.ts).
  sql`CREATE INDEX content_item_published ON content_item(type, active, published DESC, id DESC)`,
  sql`CREATE INDEX content_item_position ON content_item(type, active, position, id)`,
  // Bodies and the search text live apart: cards never read them, and with them inline a row was
  // ~1.6 kB, so counting one type's items read the whole table (1 s at 40,000 items on a loaded machine).
  sql`CREATE TABLE content_body (
    id uuid PRIMARY KEY REFERENCES content_item(id) ON DELETE CASCADE,
    body_translated jsonb NOT NULL DEFAULT '{}',
    body_html_translated jsonb NOT NULL DEFAULT '{}',
    search_text text NOT NULL DEFAULT '',
    search tsvector GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED
  )`,
  // Words, not trigrams: a trigram match must re-read every candidate's text to confirm it (2.6 s when
  // a word is in all 40,000 bodies); a tsvector match is decided by the index.
  sql`CREATE INDEX content_body_search ON content_body USING gin (search)`,
  sql`CREATE TABLE showcase (
    id uuid PRIMARY KEY,
    name text NOT NULL UNIQUE,
    title_translated jsonb NOT NULL DEFAULT '{}',
    notes_translated jsonb NOT NULL DEFAULT '{}',
    url text,
    image_url text,
    tags text[] NOT NULL DEFAULT '{}',
    state text NOT NULL DEFAULT 'active',
    creator_user_id uuid,
    metadata_created timestamp NOT NULL DEFAULT (now() at time zone 'utc'),
    metadata_modified timestamp NOT NULL DEFAULT (now() at time zone 'utc')
  )`,
  sql`CREATE TABLE showcase_package (
    showcase_id uuid NOT NULL REFERENCES showcase(id) ON DELETE CASCADE,
    package_id uuid NOT NULL REFERENCES package(id) ON DELETE CASCADE,
    created timestamp NOT NULL DEFAULT (now() at time zone 'utc'),
    PRIMARY KEY (showcase_id, package_id)
  )`,
  sql`CREATE INDEX showcase_package_package ON showcase_package(package_id)`,
  sql`CREATE TABLE content_file (
    id uuid PRIMARY KEY,
    storage_key text NOT NULL,
    filename text NOT NULL,
    mimetype text NOT NULL,
    size integer NOT NULL,
    sha256 text NOT NULL,
    owner_kind text NOT NULL,
    owner_id uuid,
    created timestamp NOT NULL DEFAULT (now() at time zone 'utc')
  )`,
  sql`CREATE INDEX content_file_owner ON content_file(owner_kind, owner_id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await s.execute(db);
}
