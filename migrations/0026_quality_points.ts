// Each score's points per indicator, as a small object beside the full indicators (issue 19). The
// package dict and the organization and catalogue aggregates need only the points, but read them out
// of `indicators` (counts and details too: 3 KB of text, 1.2 KB toasted per row), and every dict load
// detoasted them. With `points` (~780 bytes) quality_show of an organization of 1,455 datasets went from
// 36 to 25 ms p50 cold, the catalogue's from 1.04 to 0.53 s (bench/quality.ts, 100,000 passports).
// Rows of an earlier version (written during a rolling upgrade) may lack it: readers derive it from
// `indicators` then, and the scorer rewrites such a row at its next rescore.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE quality_score ADD COLUMN points jsonb`.execute(db);
  await sql`UPDATE quality_score SET points = (
    SELECT coalesce(jsonb_object_agg(i.id, i.points), '{}'::jsonb)
    FROM jsonb_to_recordset(indicators) AS i(id text, points float8))`.execute(db);
}
