// What the content actions return: the full dict of one item (*_show, writes) and the smaller card of
// list results. Translated fields come whole (`title_translated`) and resolved in the requested
// language (`title`), falling back to the portal's languages in order (the default one first).
import type { ContentType } from './defs.ts';
import type { ContentRow } from './input.ts';

/** The text in `lang`, else in the first portal language that has it (the default language first). */
export function pick(
  tr: Record<string, string> | null | undefined,
  lang: string,
  languages: readonly string[],
): string | null {
  if (!tr) return null;
  if (tr[lang]) return tr[lang];
  for (const l of languages) if (tr[l]) return tr[l];
  return Object.values(tr)[0] ?? null;
}

/** The language the item's title is actually shown in (a card may say "only in Russian"). */
function shownIn(row: ContentRow, lang: string, languages: readonly string[]): string {
  const t = row.title_translated;
  return t[lang] ? lang : (languages.find((l) => t[l]) ?? lang);
}

function typeFields(type: ContentType, row: ContentRow, listOnly: boolean, lang: string, languages: readonly string[]) {
  const out: Record<string, unknown> = {};
  for (const f of type.fields) {
    if (listOnly && !f.inList) continue;
    const v = row.fields[f.name] ?? (f.kind === 'translated' ? {} : null);
    out[f.name] = v;
    if (f.kind === 'translated')
      out[f.name.replace(/_translated$/, '')] = pick(v as Record<string, string>, lang, languages);
  }
  return out;
}

export function contentCard(type: ContentType, row: ContentRow, lang: string, languages: readonly string[]) {
  return {
    id: row.id,
    type: row.type,
    name: row.name,
    language: shownIn(row, lang, languages),
    title: pick(row.title_translated, lang, languages),
    summary: pick(row.summary_translated, lang, languages),
    ...(type.bodyInList ? { body_html: pick(row.body_html_translated, lang, languages) } : {}),
    ...(type.image ? { image_url: row.image_url } : {}),
    tags: row.tags,
    published: row.published,
    modified: row.modified,
    active: row.active,
    position: row.position,
    ...typeFields(type, row, true, lang, languages),
  };
}

export function contentDict(type: ContentType, row: ContentRow, lang: string, languages: readonly string[]) {
  return {
    ...contentCard(type, row, lang, languages),
    body: pick(row.body_translated, lang, languages),
    body_html: pick(row.body_html_translated, lang, languages),
    title_translated: row.title_translated,
    summary_translated: row.summary_translated,
    body_translated: row.body_translated ?? {},
    body_html_translated: row.body_html_translated ?? {},
    body_format: row.body_format,
    created: row.created,
    creator_user_id: row.creator_user_id,
    ...typeFields(type, row, false, lang, languages),
  };
}
