// Facet results in CKAN's two shapes: `facets` (value -> count, count order) and `search_facets`
// (items with display names in the requested language, sorted by display_name descending).
import type { DB } from '../db/connect.ts';
import { LICENSE_BY_ID } from '../packages/licenses.ts';

export interface FacetItem {
  name: string;
  display_name: string;
  count: number;
}

const GROUP_FIELDS = new Set(['organization', 'groups', 'sphere']);

export function pickTitle(
  translated: Record<string, string> | null | undefined,
  title: string | null,
  name: string,
  lang: string,
  fallback: string,
): string {
  return translated?.[lang] || translated?.[fallback] || title || name;
}

export async function shapeFacets(db: DB, raw: Record<string, [string, number][]>, lang: string, defaultLang: string) {
  const groupNames = new Set<string>();
  for (const [field, items] of Object.entries(raw))
    if (GROUP_FIELDS.has(field)) items.forEach(([v]) => groupNames.add(v));
  const titles = new Map<string, string>();
  if (groupNames.size) {
    const rows = await db
      .selectFrom('group')
      .select(['name', 'title', 'title_translated'])
      .where('name', 'in', [...groupNames])
      .execute();
    for (const r of rows) titles.set(r.name, pickTitle(r.title_translated, r.title, r.name, lang, defaultLang));
  }
  const facets: Record<string, Record<string, number>> = {};
  const search_facets: Record<string, { title: string; items: FacetItem[] }> = {};
  for (const [field, items] of Object.entries(raw)) {
    facets[field] = Object.fromEntries(items);
    const shaped = items.map(([name, count]) => {
      let display = name;
      if (GROUP_FIELDS.has(field)) display = titles.get(name) ?? name;
      else if (field === 'license_id') display = LICENSE_BY_ID.get(name)?.title ?? name;
      return { name, display_name: display, count };
    });
    shaped.sort((a, b) => (a.display_name < b.display_name ? 1 : a.display_name > b.display_name ? -1 : 0));
    search_facets[field] = { title: field, items: shaped };
  }
  return { facets, search_facets };
}
