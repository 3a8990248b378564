// The engine-neutral query: what package_search's q, fq and fq_list mean, after parsing and typing.
// Every engine (postgres, meilisearch) translates this one shape; none of them sees Solr syntax.
import type { ResolvedField } from '../fields.ts';

export type Node =
  | { type: 'all' }
  | { type: 'and'; items: Node[] }
  | { type: 'or'; items: Node[] }
  | { type: 'not'; item: Node }
  /** Free text: `field` null is the catch-all text (titles, notes, tags, resource names). */
  | { type: 'text'; field: string | null; value: string; phrase: boolean }
  /** Exact value of a string, multi-valued, boolean or date field; `prefix` for `foo*`. */
  | { type: 'term'; field: ResolvedField; value: string; prefix?: boolean }
  /** Bounds are normalised: dates to naive UTC ISO with microseconds; null is unbounded (`*`). */
  | { type: 'range'; field: ResolvedField; lo: string | null; hi: string | null; loIncl: boolean; hiIncl: boolean }
  | { type: 'exists'; field: ResolvedField };

export const ALL: Node = { type: 'all' };

export function and(items: Node[]): Node {
  const flat = items.flatMap((n) => (n.type === 'and' ? n.items : [n])).filter((n) => n.type !== 'all');
  if (!flat.length) return ALL;
  return flat.length === 1 ? flat[0] : { type: 'and', items: flat };
}

export function or(items: Node[]): Node {
  const flat = items.flatMap((n) => (n.type === 'or' ? n.items : [n]));
  if (flat.some((n) => n.type === 'all')) return ALL;
  return flat.length === 1 ? flat[0] : { type: 'or', items: flat };
}

/** Text terms that count for relevance: those not under a NOT. */
export function scoringTexts(n: Node): Extract<Node, { type: 'text' }>[] {
  switch (n.type) {
    case 'text':
      return [n];
    case 'and':
    case 'or':
      return n.items.flatMap(scoringTexts);
    default:
      return [];
  }
}

/** The same tree with every text leaf passed through `f`. */
export function mapTexts(n: Node, f: (t: Extract<Node, { type: 'text' }>) => Node): Node {
  switch (n.type) {
    case 'text':
      return f(n);
    case 'and':
      return { type: 'and', items: n.items.map((i) => mapTexts(i, f)) };
    case 'or':
      return { type: 'or', items: n.items.map((i) => mapTexts(i, f)) };
    case 'not':
      return { type: 'not', item: mapTexts(n.item, f) };
    default:
      return n;
  }
}
