// The Meilisearch index, declared once: document shape, searchable attributes in weight order,
// filters, sorts, facets, typo tolerance and the language of each translated attribute. Applied on
// start and on every rebuild, so the index never drifts from the code.
import type { Settings } from 'meilisearch';
import type { SearchDoc } from '../document.ts';
import { ownerLabel } from '../document.ts';

/** Attribute names allow letters, digits, - and _: language tags and extra keys are folded onto that. */
export const attr = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '_');

/** ISO 639-3 codes Meilisearch's tokenizer knows, by portal language. */
const LOCALES: Record<string, string> = {
  uz: 'uzb',
  ru: 'rus',
  en: 'eng',
  kk: 'kaz',
  ky: 'kir',
  tr: 'tur',
  de: 'deu',
  fr: 'fra',
};

export const FILTERABLE = [
  'id',
  'name',
  'tags',
  'groups',
  'organization',
  'owner_org',
  'res_format',
  'license_id',
  'state',
  'private',
  'capacity',
  'dataset_type',
  'creator_user_id',
  'author',
  'maintainer',
  'owner_label',
  'metadata_created_ts',
  'metadata_modified_ts',
  'passport_code',
  'sphere',
  'priority',
  'relevance',
  'ai_ready',
  'provision',
  'update_frequency',
  'next_update_due_day',
  'title_string',
  'extras_*',
];
export const SORTABLE = [
  'id',
  'name',
  'title_string',
  'metadata_modified_ts',
  'metadata_created_ts',
  'passport_code',
  'priority',
  'relevance',
  'quality_score',
];

export function indexSettings(languages: string[]): Settings {
  const titles = languages.map((l) => `title_${attr(l)}`);
  const notes = languages.map((l) => `notes_${attr(l)}`);
  const byLocale = new Map<string, string[]>();
  for (const l of languages) {
    const loc = LOCALES[l.split('-')[0].toLowerCase()];
    if (loc) byLocale.set(loc, [...(byLocale.get(loc) ?? []), `title_${attr(l)}`, `notes_${attr(l)}`]);
  }
  return {
    searchableAttributes: [
      'title',
      ...titles,
      'name',
      'tags',
      'keywords',
      'groups',
      'organization',
      'passport_code',
      'notes',
      ...notes,
      'res_name',
      'res_description',
    ],
    filterableAttributes: FILTERABLE,
    sortableAttributes: SORTABLE,
    displayedAttributes: ['id', 'dict', ...SORTABLE, 'metadata_modified', 'metadata_created'],
    // An explicit sort wins over relevance, as in CKAN; relevance sorts send no sort at all.
    rankingRules: ['sort', 'words', 'typo', 'proximity', 'attribute', 'exactness'],
    typoTolerance: {
      enabled: true,
      minWordSizeForTypos: { oneTypo: 4, twoTypos: 8 },
      disableOnAttributes: ['name', 'passport_code'],
    },
    faceting: { maxValuesPerFacet: 1000, sortFacetValuesBy: { '*': 'count' } },
    pagination: { maxTotalHits: 10_000_000 },
    localizedAttributes: [...byLocale.entries()].map(([locale, attributePatterns]) => ({
      attributePatterns,
      locales: [locale],
    })),
  };
}

const micros = (iso: string) =>
  Date.parse(`${iso.slice(0, 19)}Z`) * 1000 + Number((iso.split('.')[1] ?? '').padEnd(6, '0').slice(0, 6));
const day = (date: string) => Math.floor(Date.parse(`${date}T00:00:00Z`) / 86400000);

/** Timestamps become microseconds since the epoch (exact in a double) so ranges compare numerically. */
export function isoToMicros(iso: string): number {
  return micros(iso);
}

export function isoDay(date: string): number {
  return day(date);
}

export function meiliDoc(d: SearchDoc, languages: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: d.id,
    name: d.name,
    title: d.title,
    title_string: d.title_string,
    notes: d.notes,
    tags: d.tags,
    groups: d.groups,
    keywords: d.keywords,
    res_format: d.res_format,
    res_name: d.res_name,
    res_description: d.res_description,
    organization: d.organization,
    owner_org: d.owner_org,
    license_id: d.license_id,
    state: d.state,
    private: d.private,
    capacity: d.private ? 'private' : 'public',
    dataset_type: d.dataset_type,
    creator_user_id: d.creator_user_id,
    author: d.author,
    maintainer: d.maintainer,
    owner_label: d.owner_label || ownerLabel(d.owner_org, d.creator_user_id),
    metadata_created: d.metadata_created,
    metadata_modified: d.metadata_modified,
    metadata_created_ts: micros(d.metadata_created),
    metadata_modified_ts: micros(d.metadata_modified),
    passport_code: d.passport_code,
    sphere: d.sphere,
    priority: d.priority,
    relevance: d.relevance,
    ai_ready: d.ai_ready,
    provision: d.provision,
    update_frequency: d.update_frequency,
    next_update_due_day: d.next_update_due ? day(d.next_update_due) : null,
    dict: d.dict,
  };
  for (const l of languages) {
    out[`title_${attr(l)}`] = d.title_translated[l] ?? null;
    out[`notes_${attr(l)}`] = d.notes_translated[l] ?? null;
  }
  for (const [k, v] of Object.entries(d.extras)) out[`extras_${attr(k)}`] = v;
  out.quality_score = d.extras.quality_score !== undefined ? Number(d.extras.quality_score) : null;
  return out;
}
