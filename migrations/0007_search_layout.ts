// Search layout for speed on a small buffer cache. Measured at 100,000 datasets on PostgreSQL with the
// default 128 MB shared_buffers: search_doc rows averaged 2.2 kB, the heap (195 MB) could not stay
// cached, and a text query that missed the cache paid ~30 µs per page read (4-8k pages per broad query).
// Now only what every search reads stays in the row: filter, sort and facet columns, and `rank_tsv`
// (titles, tags and organization: the weights A and B that dominate relevance). The full tsvector
// (matched through its GIN index alone), the text columns and the dict live out of line.
//
// Deep pages of public datasets (anonymous harvesters jumping to start=90000): partial indexes over the
// public rows, with the columns harvesters filter on, let the skipped rows be counted from the index
// alone (the engine joins the page's rows back afterwards).
//
// search_word holds the distinct words of titles: typo tolerance corrects a word no document contains
// to its nearest title word by trigram similarity (a few thousand rows), then runs the ordinary search.
import { sql, type Kysely } from 'kysely';

const INLINE = [
  'name',
  'title_string',
  'state',
  'dataset_type',
  'organization',
  'owner_label',
  'groups',
  'tags',
  'res_format',
  'license_id',
  'author',
  'maintainer',
  'passport_code',
  'sphere',
  'priority',
  'relevance',
  'provision',
  'update_frequency',
  'extras',
  'rank_tsv',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE search_doc ADD COLUMN rank_tsv tsvector NOT NULL DEFAULT ''`.execute(db);
  // A low toast target moves the out-of-line columns out of every row; MAIN keeps the small ones in.
  await sql`ALTER TABLE search_doc SET (toast_tuple_target = 128)`.execute(db);
  for (const c of INLINE) await sql`ALTER TABLE search_doc ALTER COLUMN ${sql.ref(c)} SET STORAGE MAIN`.execute(db);
  await sql`ALTER TABLE search_doc ALTER COLUMN tsv SET STORAGE EXTERNAL`.execute(db);
  for (const c of ['title_text', 'notes_text', 'res_text'])
    await sql`ALTER TABLE search_doc ALTER COLUMN ${sql.ref(c)} SET STORAGE EXTENDED`.execute(db);
  // Rewrites every row under the new storage (the engine writes rank_tsv the same way from now on).
  await sql`UPDATE search_doc SET rank_tsv = ts_filter(tsv, '{a,b}')`.execute(db);
  await sql`CREATE INDEX search_doc_public_id ON search_doc (id) INCLUDE (metadata_modified, dataset_type) WHERE state = 'active' AND NOT private`.execute(
    db,
  );
  await sql`CREATE INDEX search_doc_public_modified ON search_doc (metadata_modified, id) INCLUDE (dataset_type) WHERE state = 'active' AND NOT private`.execute(
    db,
  );
  await sql`CREATE TABLE search_word (word text PRIMARY KEY)`.execute(db);
  await sql`CREATE INDEX search_word_trgm ON search_word USING gin (word gin_trgm_ops)`.execute(db);
  // search_word is filled from the documents by the engine when it starts and finds it empty.
}
