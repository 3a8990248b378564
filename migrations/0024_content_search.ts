// Content search on a narrow table of its own (issue 17). The words used to live beside the bodies in
// content_body, five rows to a page: a word found in every news item made the list's count read
// 8,000 pages and took 54 ms at 10,000 items per type (bench/content.ts). Here each item is one row
// of what a list filters and sorts on, with its words stripped of positions (no query ranks by them):
// 302 instead of 721 bytes a vector, and its type among the words (src/content/input.ts, typeLexeme),
// so a GIN lookup yields one type's matches only.
// Tags are filtered on the same table, with a GIN index of their own. A list without words or tags
// counts from content_count, kept per type and active flag by a statement trigger in the writing
// transaction (as data_request_count is, migration 0023): the visible total is that count less the
// active items scheduled after now, an index range of a few entries. Counting 9,800 visible FAQ
// entries read 108 index pages in 1.7 ms.
import { sql, type Kysely } from 'kysely';

const statements = [
  sql`CREATE TABLE content_search (
    id uuid PRIMARY KEY REFERENCES content_item(id) ON DELETE CASCADE,
    type text NOT NULL,
    active boolean NOT NULL,
    published timestamp NOT NULL,
    position integer NOT NULL,
    tags text[] NOT NULL,
    words tsvector NOT NULL
  )`,
  sql`INSERT INTO content_search (id, type, active, published, position, tags, words)
    SELECT i.id, i.type, i.active, i.published, i.position, i.tags, strip(coalesce(b.search, ''::tsvector)) || array_to_tsvector(ARRAY['=' || i.type])
    FROM content_item i JOIN content_body b ON b.id = i.id`,
  sql`CREATE INDEX content_search_words ON content_search USING gin (words)`,
  sql`CREATE INDEX content_search_published ON content_search (type, active, published DESC, id DESC)`,
  sql`CREATE INDEX content_search_position ON content_search (type, active, position, id)`,
  sql`DROP INDEX content_body_search`,
  sql`ALTER TABLE content_body DROP COLUMN search, DROP COLUMN search_text`,
  sql`CREATE INDEX content_search_tags ON content_search USING gin (tags)`,
  sql`CREATE TABLE content_count (
    type text NOT NULL,
    active boolean NOT NULL,
    n bigint NOT NULL,
    PRIMARY KEY (type, active)
  )`,
  sql`CREATE FUNCTION content_count_rows() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO content_count AS c (type, active, n)
        SELECT type, active, CASE TG_OP WHEN 'INSERT' THEN count(*) ELSE -count(*) END
        FROM changed GROUP BY type, active
      ON CONFLICT (type, active) DO UPDATE SET n = c.n + excluded.n;
      RETURN NULL;
    END $$`,
  sql`CREATE FUNCTION content_count_moved() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO content_count AS c (type, active, n) VALUES (OLD.type, OLD.active, -1), (NEW.type, NEW.active, 1)
      ON CONFLICT (type, active) DO UPDATE SET n = c.n + excluded.n;
      RETURN NULL;
    END $$`,
  sql`CREATE TRIGGER content_count_ins AFTER INSERT ON content_search
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION content_count_rows()`,
  sql`CREATE TRIGGER content_count_del AFTER DELETE ON content_search
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION content_count_rows()`,
  sql`CREATE TRIGGER content_count_upd AFTER UPDATE ON content_search FOR EACH ROW
    WHEN (OLD.type IS DISTINCT FROM NEW.type OR OLD.active IS DISTINCT FROM NEW.active)
    EXECUTE FUNCTION content_count_moved()`,
  sql`INSERT INTO content_count (type, active, n) SELECT type, active, count(*) FROM content_search GROUP BY type, active`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await s.execute(db);
}
