// The title order of content lists: the title in the asked language, else the portal's first one,
// lower-cased. The languages are written into the SQL as literals (they come from configuration,
// never from a request), so the expression matches the per-language index of migration 0021 and a
// page sorted by title is an index scan, not a sort of every item of the type (bench/content.ts).
import { sql, type RawBuilder } from 'kysely';

/** [language, fallback] pairs indexed by migration 0021: the default PASPORT_LANGUAGES. */
export const TITLE_SORT_LANGUAGES: [string, string][] = [
  ['uz', 'uz'],
  ['uz-Cyrl', 'uz'],
  ['ru', 'uz'],
  ['en', 'uz'],
];

const LANG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

function titleExprText(lang: string, fallback: string): string {
  if (!LANG.test(lang) || !LANG.test(fallback)) throw new Error(`not a language tag: ${lang} / ${fallback}`);
  return `lower(coalesce(content_item.title_translated->>'${lang}', content_item.title_translated->>'${fallback}', ''))`;
}

export function titleSortExpr(lang: string, fallback: string): RawBuilder<string> {
  return sql<string>`${sql.raw(titleExprText(lang, fallback))}`;
}

export function titleSortIndexSql([lang, fallback]: [string, string]): RawBuilder<unknown> {
  const name = `content_item_title_${lang.toLowerCase().replace(/[^a-z0-9]/g, '_')}`;
  return sql`CREATE INDEX IF NOT EXISTS ${sql.raw(name)} ON content_item (type, active, ${sql.raw(titleExprText(lang, fallback).replace(/content_item\./g, ''))}, id)`;
}
