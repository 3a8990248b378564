// Typo tolerance for the postgres engine: search_word (migrations/0007_search_layout.ts) holds the
// distinct words of titles; a free-text word that no document contains is replaced by its nearest
// title word by trigram similarity, and the corrected query runs as an ordinary search. Searching a few
// thousand words is far cheaper than comparing the typo with every title, and the corrected search
// keeps ranking, facets and filters exactly as they are for well-spelled text.
import { sql } from 'kysely';
import type { DB } from '../../db/connect.ts';

export const WORD_TABLE = 'search_word';

// Letters and digits, with the apostrophes of Uzbek Latin (o‘, g‘, ’) inside a word.
const WORD = /[\p{L}\p{N}](?:[\p{L}\p{N}\u2018\u2019\u02BB\u02BC'`]*[\p{L}\p{N}])?/gu;
const MIN_LENGTH = 3;

/** The distinct lower-cased words of texts, three characters or longer (shorter ones make poor corrections). */
export function titleWords(texts: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const t of texts)
    for (const m of t.toLowerCase().matchAll(WORD)) if ([...m[0]].length >= MIN_LENGTH) out.add(m[0]);
  // Sorted: concurrent writers then take the words' unique-index locks in one order (no deadlock).
  return [...out].sort();
}

/** `text` with each word that has a correction replaced by it. */
export function replaceWords(text: string, fixes: Map<string, string>): string {
  return text.replace(WORD, (w) => fixes.get(w.toLowerCase()) ?? w);
}

export async function addWords(db: DB, words: string[]): Promise<void> {
  if (!words.length) return;
  await sql`INSERT INTO ${sql.raw(WORD_TABLE)} (word) SELECT unnest(${words}::text[]) ON CONFLICT DO NOTHING`.execute(
    db,
  );
}

/** The title word nearest to `word` (pg_trgm similarity above its threshold, 0.3 by default), or null. */
export async function nearestWord(db: DB, word: string): Promise<string | null> {
  const r = await sql<{
    word: string;
  }>`SELECT word FROM ${sql.raw(WORD_TABLE)} WHERE word % ${word} ORDER BY similarity(word, ${word}) DESC, word LIMIT 1`.execute(
    db,
  );
  return r.rows[0]?.word ?? null;
}

/**
 * Fills an empty vocabulary from the indexed titles (a database migrated from before search_word, or
 * restored without it). Words are only ever added: a stale one can only correct to nothing.
 */
export async function fillWordsIfEmpty(db: DB, docTable: string): Promise<void> {
  const any = await sql`SELECT 1 FROM ${sql.raw(WORD_TABLE)} LIMIT 1`.execute(db);
  if (any.rows.length) return;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = (
      await sql<{
        id: string;
        t: string;
      }>`SELECT id, title_text AS t FROM ${sql.raw(docTable)} WHERE id > ${after}::uuid ORDER BY id LIMIT 5000`.execute(
        db,
      )
    ).rows;
    if (!rows.length) return;
    await addWords(db, titleWords(rows.map((r) => r.t)));
    after = rows[rows.length - 1].id;
  }
}
