// Free tags (vocabulary_id NULL) were not unique: UNIQUE (name, vocabulary_id) treats NULLs as
// distinct, so every dataset that named an existing tag created another row with that name (and a
// dataset could list it twice). Merge the duplicates onto one row each and make free-tag names unique,
// which also makes the tag writer's ON CONFLICT DO NOTHING work as intended.
import { sql, type Kysely } from 'kysely';

// The duplicates, each with the row it merges into (the smallest id of its name).
const dups = sql`(SELECT id, keep FROM (SELECT id, first_value(id) OVER (PARTITION BY name ORDER BY id) AS keep
  FROM tag WHERE vocabulary_id IS NULL) d WHERE id <> keep)`;

// No temporary table: each statement recomputes the same set, so this holds with or without a
// migration transaction around it.
const statements = [
  sql`INSERT INTO package_tag (package_id, tag_id)
    SELECT pt.package_id, m.keep FROM package_tag pt JOIN ${dups} m ON m.id = pt.tag_id
    ON CONFLICT DO NOTHING`,
  sql`DELETE FROM package_tag WHERE tag_id IN (SELECT id FROM ${dups} m)`,
  sql`DELETE FROM tag WHERE id IN (SELECT id FROM ${dups} m)`,
  sql`CREATE UNIQUE INDEX tag_free_name ON tag(name) WHERE vocabulary_id IS NULL`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await s.execute(db);
}
