// Translates the engine-neutral AST into a Meilisearch filter expression plus the text to search for.
// Meilisearch takes one query string, so free text may stand only in the top-level conjunction; text
// under OR or NOT is refused with a Search Query Error rather than silently misread.
import { SearchQueryError } from '../../errors.ts';
import type { Node } from '../query/ast.ts';
import type { ResolvedField } from '../fields.ts';
import type { SortKey, Visibility } from '../engine.ts';
import { pyArgs } from '../py-repr.ts';
import { attr, isoDay, isoToMicros } from './meili-settings.ts';

const ARRAYS = new Set(['tags', 'groups', 'res_format']);
const DATES: Record<string, string> = {
  metadata_created: 'metadata_created_ts',
  metadata_modified: 'metadata_modified_ts',
};
/** Sort keys stored under another attribute (the quality score as a number: see meili-settings.ts). */
const SORT_ATTRIBUTES: Record<string, string> = { ...DATES, quality: 'quality_score' };

export const quote = (v: string) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

export function attribute(f: ResolvedField): string {
  if (f.extraKey) return `extras_${attr(f.extraKey)}`;
  return DATES[f.name] ?? f.name;
}

interface Ctx {
  today: number;
}

/** null means "no restriction". */
function filter(n: Node, ctx: Ctx): string | null {
  switch (n.type) {
    case 'all':
      return null;
    case 'text':
      return null; // collected into q by textOf
    case 'and': {
      const parts = n.items.map((i) => filter(i, ctx)).filter((p): p is string => p !== null);
      if (!parts.length) return null;
      return parts.length === 1 ? parts[0] : parts.map((p) => `(${p})`).join(' AND ');
    }
    case 'or': {
      const parts = n.items.map((i) => filter(i, ctx));
      if (parts.some((p) => p === null)) return null;
      return parts.map((p) => `(${p})`).join(' OR ');
    }
    case 'not': {
      const inner = filter(n.item, ctx);
      return inner === null ? 'id NOT EXISTS' : `NOT (${inner})`;
    }
    case 'term':
      return term(n.field, n.value, !!n.prefix, ctx);
    case 'exists': {
      if (n.field.name === 'overdue') return null;
      const a = attribute(n.field);
      return ARRAYS.has(n.field.name) ? `${a} IS NOT EMPTY` : `${a} EXISTS`;
    }
    case 'range': {
      const a = attribute(n.field);
      const num = DATES[n.field.name] !== undefined;
      const v = (x: string) => (num ? String(isoToMicros(x)) : quote(x));
      const parts: string[] = [];
      if (n.lo !== null) parts.push(`${a} ${n.loIncl ? '>=' : '>'} ${v(n.lo)}`);
      if (n.hi !== null) parts.push(`${a} ${n.hiIncl ? '<=' : '<'} ${v(n.hi)}`);
      return parts.join(' AND ') || null;
    }
  }
}

function term(f: ResolvedField, value: string, prefix: boolean, ctx: Ctx): string | null {
  if (f.name === 'site_id') return null;
  if (f.name === 'overdue')
    return value === 'true' ? `next_update_due_day < ${ctx.today}` : `NOT (next_update_due_day < ${ctx.today})`;
  const a = attribute(f);
  if (f.def.kind === 'bool') return `${a} = ${value}`;
  if (prefix) return `${a} STARTS WITH ${quote(value)}`;
  return `${a} = ${quote(value)}`;
}

/** Free text that Meilisearch can take as its query: texts in the top-level conjunction only. */
export function textOf(n: Node): string {
  const out: string[] = [];
  const walk = (x: Node, top: boolean) => {
    if (x.type === 'text') {
      if (!top)
        throw new SearchQueryError(pyArgs('Free text under OR or NOT is not supported by the Meilisearch engine'));
      out.push(x.phrase ? quote(x.value) : x.value);
    } else if (x.type === 'and') x.items.forEach((i) => walk(i, top));
    else if (x.type === 'or') x.items.forEach((i) => walk(i, false));
    else if (x.type === 'not') walk(x.item, false);
  };
  walk(n, true);
  return out.join(' ');
}

export function visibilityFilter(v: Visibility): string {
  const publicActive = 'state = "active" AND private = false';
  if (v.anonymous) return publicActive;
  const states = [
    'active',
    ...(v.includePrivate ? ['deactivated'] : []),
    ...(v.includeDrafts ? ['draft'] : []),
    ...(v.includeDeleted ? ['deleted'] : []),
  ]
    .map(quote)
    .join(', ');
  const priv = v.includePrivate ? '' : ' AND private = false';
  if (v.privileged) return `state IN [${states}]${priv}`;
  const labels = v.labels.map(quote).join(', ');
  if (!v.includeDrafts) return `(${publicActive}) OR (state IN [${states}]${priv} AND owner_label IN [${labels}])`;
  // Drafts need edit rights (their own labels); every other state needs read rights.
  const draftLabels = v.draftLabels.map(quote).join(', ');
  const owned = `((state != "draft" AND owner_label IN [${labels}]) OR (state = "draft" AND owner_label IN [${draftLabels}]))`;
  return `(${publicActive}) OR (state IN [${states}]${priv} AND ${owned})`;
}

export function meiliFilter(query: Node, visibility: Visibility, today: string): string {
  const q = filter(query, { today: isoDay(today) });
  const vis = visibilityFilter(visibility);
  return q === null ? vis : `(${vis}) AND (${q})`;
}

export function meiliSort(sort: SortKey[]): string[] {
  // Relevance first means Meilisearch's own ranking: no sort rule at all.
  if (sort[0]?.field === 'score') return [];
  // View counts are not in the Meilisearch documents (they change with every view): those keys tie.
  return sort
    .filter((k) => k.field !== 'score' && !k.field.startsWith('views_'))
    .map((k) => `${SORT_ATTRIBUTES[k.field] ?? k.field}:${k.dir}`);
}
