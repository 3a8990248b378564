// What every search engine offers. package_search builds one SearchRequest (the parsed AST plus paging,
// sort, facets and the caller's visibility); each engine answers it in its own terms.
import type { Node } from './query/ast.ts';
import type { ResolvedField } from './fields.ts';
import type { SearchDoc } from './document.ts';

export interface Visibility {
  /** Anonymous callers see public active datasets only. */
  anonymous: boolean;
  /** Sysadmins and operators see everything the flags ask for. */
  privileged: boolean;
  /** Owner labels whose non-draft datasets the caller may read (src/auth/permissions.ts userLabels). */
  labels: string[];
  /** Owner labels whose drafts the caller may read: drafts need edit rights. */
  draftLabels: string[];
  includePrivate: boolean;
  includeDrafts: boolean;
  includeDeleted: boolean;
}

export interface SortKey {
  /** An index field, or `score`. */
  field: string;
  dir: 'asc' | 'desc';
}

export interface SearchRequest {
  query: Node;
  /** The free-text part of q, for relevance. */
  scoring: Extract<Node, { type: 'text' }>[];
  visibility: Visibility;
  sort: SortKey[];
  rows: number;
  start: number;
  /** Keyset paging: the sort values of the last row already seen (cursor parameter, or a known page boundary). */
  after?: unknown[];
  facets: { fields: ResolvedField[]; limit: number; mincount: number } | null;
  lang: string;
  today: string;
}

export interface SearchHit {
  id: string;
  dict: string;
  /** Values of the sort keys for this row, for cursors. */
  key: unknown[];
}

export interface SearchResult {
  count: number;
  hits: SearchHit[];
  /** field -> [value, count] in count-descending order. */
  facets: Record<string, [string, number][]>;
}

export interface SearchEngine {
  readonly name: 'postgres' | 'meilisearch';
  /** Apply settings; throw when the engine cannot be reached (the indexer retries). */
  prepare(): Promise<void>;
  upsert(docs: SearchDoc[]): Promise<void>;
  remove(ids: string[]): Promise<void>;
  search(req: SearchRequest): Promise<SearchResult>;
  /** True when `req.after` can be honoured (the sort is on stored keys the engine can seek). */
  supportsKeyset(sort: SortKey[]): boolean;
  /** Builds a fresh index beside the live one, fills it, and swaps it in atomically. */
  rebuild(
    fill: (sink: (docs: SearchDoc[]) => Promise<void>) => Promise<void>,
    beforeSwap?: () => Promise<void>,
  ): Promise<void>;
  /** Ids and modification times of every indexed document (for consistency checks). */
  inventory(): Promise<Map<string, string>>;
  close?(): Promise<void>;
}
