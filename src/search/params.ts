// package_search's parameters as CKAN defines them (defaults, clamping, the error for each misuse),
// turned into the engine-neutral pieces of a SearchRequest.
import { SearchQueryError, ValidationError } from '../errors.ts';
import { asbool } from '../actions/validate.ts';
import { FIELDS, resolveField, type ResolvedField } from './fields.ts';
import type { SortKey } from './engine.ts';
import { pyArgs, pyList } from './py-repr.ts';

export const ROWS_MAX = 1000;
export const DEFAULT_SORT = 'score desc, metadata_modified desc';

const ACCEPTED = new Set([
  'q',
  'fq',
  'fq_list',
  'sort',
  'rows',
  'start',
  'facet',
  'facet.field',
  'facet.limit',
  'facet.mincount',
  'include_private',
  'include_drafts',
  'include_deleted',
  'fl',
  'use_default_schema',
  'qf',
  'wt',
  'bf',
  'boost',
  'tie',
  'defType',
  'mm',
  'df',
  'extras',
  'lang',
  'cursor',
]);

const natural = { type: 'integer', minimum: 0 };
const intOrNeg = { type: 'integer' };
const text = { type: ['string', 'number'] };

/** The JSON Schema of package_search's input (types for coercion and CKAN's 409 messages). */
export const searchInputSchema = {
  type: 'object',
  properties: {
    q: { ...text, description: 'Solr-style query: free text and field:value' },
    fq: { ...text, description: 'filter query' },
    fq_list: { type: ['array', 'string'], items: { type: 'string' }, description: 'more filter queries' },
    sort: { type: 'string', description: `e.g. "metadata_modified desc"; default "${DEFAULT_SORT}"` },
    rows: { ...natural, description: 'page size, default 10, at most 1000' },
    start: { ...natural, description: 'offset of the first result' },
    facet: { type: ['boolean', 'string'] },
    'facet.field': { type: ['array', 'string'], description: 'JSON list of fields to facet on' },
    'facet.limit': intOrNeg,
    'facet.mincount': intOrNeg,
    include_private: { type: 'boolean' },
    include_drafts: { type: 'boolean' },
    include_deleted: { type: 'boolean' },
    fl: { type: ['array', 'string'] },
    lang: { type: 'string', description: 'language of facet display names' },
    cursor: { type: 'string', description: 'keyset paging: "*" to begin, then the next_cursor of the previous page' },
  },
} as const;

export function checkUnknownParams(input: Record<string, unknown>): void {
  const bad = Object.keys(input).filter((k) => !ACCEPTED.has(k) && !k.startsWith('ext_'));
  if (bad.length) throw new SearchQueryError(pyArgs(`Invalid search parameters: ${pyList(bad)}`));
}

export function parseSort(raw: string | undefined): { text: string; keys: SortKey[] } {
  const s = raw?.trim();
  const text = !s || s === 'rank' ? DEFAULT_SORT : s;
  const keys: SortKey[] = [];
  for (const part of text.split(',')) {
    const bits = part.trim().split(/\s+/);
    if (bits.length !== 2 || !/^(asc|desc)$/i.test(bits[1]))
      throw new SearchQueryError(pyArgs('Invalid "sort" parameter'));
    const field = bits[0];
    // views_recent / views_total: page views from src/tracking (package_tracking), not index fields.
    if (field !== 'score' && field !== 'views_recent' && field !== 'views_total' && !FIELDS[field]?.sort)
      throw new SearchQueryError(pyArgs(`Cannot sort on field "${field}"`));
    keys.push({ field, dir: bits[1].toLowerCase() as 'asc' | 'desc' });
  }
  // A unique last key makes every order total, so pages never overlap or skip.
  if (!keys.some((k) => k.field === 'id')) keys.push({ field: 'id', dir: 'asc' });
  return { text, keys };
}

export function parseFacetFields(raw: unknown): ResolvedField[] {
  let list: unknown = raw;
  if (raw === undefined || raw === null || raw === '') return [];
  if (typeof raw === 'string') {
    try {
      list = JSON.parse(raw);
    } catch {
      throw new ValidationError({ 'facet.field': ['Could not parse as valid JSON'] });
    }
  }
  if (!Array.isArray(list) || !list.every((x) => typeof x === 'string'))
    throw new ValidationError({ 'facet.field': ['Not a list of strings'] });
  const out: ResolvedField[] = [];
  for (const name of list as string[]) {
    const f = resolveField(name);
    if (!f || (!f.def.facet && !f.extraKey)) throw new SearchQueryError(pyArgs(`Cannot facet on field "${name}"`));
    if (!out.some((o) => o.name === f.name)) out.push({ ...f, name: f.extraKey ? name : f.name });
  }
  return out;
}

export function parseFqList(raw: unknown): string[] {
  if (raw === undefined || raw === null || raw === '') return [];
  if (typeof raw === 'string') {
    if (/^\s*\[/.test(raw)) {
      try {
        const v = JSON.parse(raw);
        if (Array.isArray(v)) return v.map(String);
      } catch {
        /* a plain string */
      }
    }
    return [raw];
  }
  if (Array.isArray(raw)) return raw.map(String);
  throw new ValidationError({ fq_list: ['Must be a list of strings'] });
}

export function flag(v: unknown, dflt: boolean): boolean {
  if (v === undefined || v === null) return dflt;
  const b = asbool(v);
  return typeof b === 'boolean' ? b : dflt;
}

export function parseFl(raw: unknown): string[] | null {
  if (raw === undefined || raw === null || raw === '') return null;
  const list = Array.isArray(raw) ? raw.map(String) : String(raw).split(/[\s,]+/);
  const fields = list.filter(Boolean);
  return fields.length ? fields : null;
}
