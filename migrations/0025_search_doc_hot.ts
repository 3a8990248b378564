// Rewriting a search document whose words did not change (a new quality score, a new download count)
// was as dear as writing a new one: every index took a new entry, the tsvector was analysed again in
// every language, and at 100,000 passports a rescore's index writes took 44 s of the database's time
// (pg_stat_statements, bench/quality.ts). Two changes make it a heap-only (HOT) update with no index
// work: room left on each page for the row's next version (fillfactor), and text_hash, a digest of
// the text the tsvector is built from, so an unchanged text keeps its stored vector (the same toasted
// value, which is what lets PostgreSQL see the indexed column as unchanged). The upsert of 700
// documents whose dict alone changed: 250-560 ms before, 131-198 ms after; in the 100,000-passport
// rescore, 334 -> 147 ms per indexer batch (pg_stat_statements).
// An instance of an earlier version (during a rolling upgrade) writes new vectors without knowing the
// digest: the trigger forgets the digest of a row whose vector changed while its digest did not, so
// the next write analyses the text again instead of trusting a digest of some older text.
// Existing pages keep their old fill until rewritten (VACUUM FULL search_doc, or a search rebuild,
// which copies the table's storage parameters); nothing here rewrites the table at start-up.
import { sql, type Kysely } from 'kysely';
import { staleHashTriggerSql } from '../src/search/engines/pg-write.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE search_doc ADD COLUMN text_hash text`.execute(db);
  await sql`ALTER TABLE search_doc SET (fillfactor = 70)`.execute(db);
  await sql`CREATE FUNCTION search_doc_stale_hash() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN NEW.text_hash := NULL; RETURN NEW; END $$`.execute(db);
  await staleHashTriggerSql('search_doc').execute(db);
}
