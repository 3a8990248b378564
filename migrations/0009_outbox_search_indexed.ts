// Read-your-writes search: on PostgreSQL and PGlite a write puts its search documents in its own
// transaction (src/search/write-sync.ts) and marks its outbox entries so the indexer does not redo
// them. Entries written with the mark off (a sync write that fell back, a bench run with
// PASPORT_SEARCH_SYNC=off, the Meilisearch engine) are the indexer's as before.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // A constant default: no table rewrite, even on a large outbox.
  await sql`ALTER TABLE outbox ADD COLUMN search_indexed boolean NOT NULL DEFAULT false`.execute(db);
}
