// package_search from request to response: parameters -> AST -> the active engine -> CKAN's result
// shape (full package dicts, facets with display names), plus keyset paging and the search log.
import { visiblePackages } from '../packages/visibility.ts';
import type { ActionContext } from '../actions/types.ts';
import type { Services } from '../services.ts';
import { membershipsOf, siteWide, userLabels } from '../auth/permissions.ts';
import { ActionError, SearchQueryError, ServiceUnavailable } from '../errors.ts';
import type { SearchEngine, SearchHit, SearchRequest, Visibility } from './engine.ts';
import { and, scoringTexts, type Node } from './query/ast.ts';
import { parseQuery } from './query/parser.ts';
import { checkUnknownParams, flag, parseFacetFields, parseFl, parseFqList, parseSort, ROWS_MAX } from './params.ts';
import { shapeFacets } from './facets.ts';
import { refreshDerived, refreshDerivedJson } from './document.ts';
import { localDay } from '../calendar/days.ts';
import { RawJson } from '../actions/types.ts';
import { PageBoundaries } from './page-boundaries.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { logSearch } from './search-log.ts';
import { pyArgs } from './py-repr.ts';
import type { Indexer } from './indexer.ts';
import type { SearchWriteSync } from './write-sync.ts';
import { readCache } from '../packages/read-cache.ts';

export interface SearchService {
  engine: SearchEngine;
  indexer: Indexer;
  boundaries: PageBoundaries;
  /** How writes reach the index before they return (write-sync.ts). */
  writeSync?: SearchWriteSync;
}

export function searchService(services: Services): SearchService {
  const s = services.extensions.search as SearchService | undefined;
  if (!s) throw new Error('the search module is not started');
  return s;
}

export async function visibilityFor(
  ctx: Pick<ActionContext, 'db' | 'user'>,
  flags: { includePrivate: boolean; includeDrafts: boolean; includeDeleted: boolean },
): Promise<Visibility> {
  const u = ctx.user;
  if (!u)
    return {
      anonymous: true,
      privileged: false,
      labels: [],
      draftLabels: [],
      includePrivate: false,
      includeDrafts: false,
      includeDeleted: false,
    };
  if (siteWide(u)) return { anonymous: false, privileged: true, labels: [], draftLabels: [], ...flags };
  const l = userLabels(u, await membershipsOf(ctx.db, u.id));
  return { anonymous: false, privileged: false, labels: l.read, draftLabels: l.edit, ...flags };
}

async function stillVisible(
  ctx: Pick<ActionContext, 'db' | 'user'>,
  hits: SearchHit[],
  v: Visibility,
): Promise<SearchHit[]> {
  if (!hits.length) return hits;
  const rows = await visiblePackages(ctx, ctx.db.selectFrom('package'), {
    includePrivate: v.includePrivate,
    includeDrafts: v.includeDrafts,
    includeDeleted: v.includeDeleted,
  })
    .select('package.id')
    .where(
      'package.id',
      'in',
      hits.map((h) => h.id),
    )
    .execute();
  const ok = new Set(rows.map((r) => r.id));
  return hits.filter((h) => ok.has(h.id));
}

export interface SearchOutput {
  count: number;
  /** Each result as JSON text: the stored dicts are passed through without being parsed again. */
  results: string[];
  facets: Record<string, Record<string, number>>;
  search_facets: Record<string, unknown>;
  sort: string;
  next_cursor?: string | null;
}

function int(v: unknown, dflt: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : dflt;
}

function visibilityFlags(input: Record<string, unknown>) {
  return {
    includePrivate: flag(input.include_private, false),
    includeDrafts: flag(input.include_drafts, false),
    includeDeleted: flag(input.include_deleted, false),
  };
}

/**
 * package_search served from the page cache when the same question was asked by a caller who sees the
 * same datasets (the key holds the caller's visibility: anonymous, labels of a member, site-wide) on
 * the same portal day, with no write since (packages/read-cache.ts). Only on the PostgreSQL engine:
 * its documents commit with the write; Meilisearch may apply a write after the write returned.
 */
export async function cachedPackageSearch(ctx: ActionContext, input: Record<string, unknown>): Promise<RawJson> {
  const svc = searchService(ctx.services);
  const raw = JSON.stringify(input);
  // Date math ("NOW-1DAY") moves with the clock: such a page is not kept.
  if (ctx.inTransaction || svc.engine.name !== 'postgres' || raw.includes('NOW'))
    return searchJson(await packageSearch(ctx, input));
  const started = performance.now();
  checkUnknownParams(input);
  const visibility = await visibilityFor(ctx, visibilityFlags(input));
  const today = localDay(ctx.services.clock.now(), ctx.config.timezone);
  let built = false;
  const answer = await readCache(ctx.services, 'package_search').get(
    JSON.stringify([today, visibility, raw]),
    async () => {
      built = true;
      return searchJson(await packageSearch(ctx, input, { visibility })).json;
    },
  );
  const q = input.q === undefined || input.q === null ? '' : String(input.q);
  if (!built && q.trim() && q.trim() !== '*:*') {
    // A page from the cache is still a search someone typed: it goes to the log like any other.
    const count = Number(/^\{"count":(\d+)/.exec(answer.head(40))?.[1] ?? 0);
    logSearch(ctx.services, {
      q,
      filters: { fq: filterQueries(input), sort: typeof input.sort === 'string' ? input.sort : null },
      lang: searchLanguage(ctx, input),
      count,
      durationMs: performance.now() - started,
    });
  }
  return answer;
}

export async function packageSearch(
  ctx: ActionContext,
  input: Record<string, unknown>,
  opts: { log?: boolean; visibility?: Visibility } = {},
): Promise<SearchOutput> {
  const started = performance.now();
  checkUnknownParams(input);
  const svc = searchService(ctx.services);
  const now = ctx.services.clock.now();
  // overdue is judged on the portal's calendar day; document.ts reads a Date's UTC day, so it gets that day at UTC midnight.
  const today = localDay(now, ctx.config.timezone);
  const todayDate = new Date(`${today}T00:00:00Z`);
  const q = input.q === undefined || input.q === null ? '' : String(input.q);
  const fqs = filterQueries(input);
  const qNode = parseQuery(q, now);
  const filters: Node[] = fqs.map((f) => parseQuery(f, now));
  const query = and([qNode, ...filters]);

  const cursorParam = typeof input.cursor === 'string' && input.cursor ? input.cursor : null;
  const sortParam = typeof input.sort === 'string' ? input.sort : undefined;
  // A cursor needs an order on stored keys; without a sort it walks by id.
  const sort = parseSort(cursorParam && !sortParam?.trim() ? 'id asc' : sortParam);
  const rows = Math.min(int(input.rows, 10), ROWS_MAX);
  const start = cursorParam ? 0 : int(input.start, 0);
  const facetOn = flag(input.facet, true);
  const facetFields = facetOn ? parseFacetFields(input['facet.field']) : [];
  const visibility = opts.visibility ?? (await visibilityFor(ctx, visibilityFlags(input)));
  const lang = searchLanguage(ctx, input);

  const scoring = scoringTexts(qNode);
  const req: SearchRequest = {
    query,
    scoring,
    visibility,
    // Without free text every score ties: the order is the remaining keys.
    sort: sort.keys.filter((k) => k.field !== 'score' || scoring.length > 0),
    rows,
    start,
    facets: facetFields.length
      ? { fields: facetFields, limit: int(input['facet.limit'], 50), mincount: int(input['facet.mincount'], 1) }
      : null,
    lang,
    today,
  };
  const { keyset, offsetCursor, signature } = placePage(svc, req, cursorParam, sort.text);

  const result = await svc.engine.search(req).catch((err: unknown) => {
    if (err instanceof ActionError) throw err;
    // An index that cannot answer is CKAN's "Search Index Error", never a bare 500.
    throw new ServiceUnavailable('Search Index Error');
  });
  // Only offset pages teach boundaries: a cursor page stands wherever its cursor says, not at `start`.
  if (keyset && !cursorParam && result.hits.length === rows && rows > 0) {
    svc.boundaries.set(signature ?? pageSignature(req), start + rows, result.hits[rows - 1].key);
  }

  // The index may lag the tables by a moment: a dataset made private or deleted a millisecond ago is
  // dropped from the page by a check against the tables themselves (one indexed query per page).
  const hits = visibility.privileged ? result.hits : await stillVisible(ctx, result.hits, visibility);
  const results = resultTexts(hits, parseFl(input.fl), todayDate);
  const shaped = await shapeFacets(ctx.db, result.facets, lang, ctx.config.defaultLanguage);
  const out: SearchOutput = {
    count: result.count,
    results,
    facets: shaped.facets,
    search_facets: shaped.search_facets,
    sort: sort.text,
  };
  if (cursorParam) {
    const full = result.hits.length === rows && rows > 0;
    out.next_cursor = !full
      ? null
      : encodeCursor(sort.text, offsetCursor ? { offset: req.start + rows } : { key: result.hits[rows - 1].key });
  }

  if (opts.log !== false && q.trim() && q.trim() !== '*:*') {
    logSearch(ctx.services, {
      q,
      filters: { fq: fqs, sort: sortParam ?? null },
      lang,
      count: result.count,
      durationMs: performance.now() - started,
    });
  }
  return out;
}

/** fq and fq_list together: the filter queries, each a query of its own. */
function filterQueries(input: Record<string, unknown>): string[] {
  return [
    ...(input.fq !== undefined && input.fq !== null && input.fq !== '' ? [String(input.fq)] : []),
    ...parseFqList(input.fq_list),
  ];
}

/** The asked language when the portal has it, else the portal's default. */
function searchLanguage(ctx: ActionContext, input: Record<string, unknown>): string {
  return typeof input.lang === 'string' && ctx.config.languages.includes(input.lang)
    ? input.lang
    : ctx.config.defaultLanguage;
}

/** What identifies a result list for the page boundaries: the query, who asks, the order. */
function pageSignature(req: SearchRequest): string {
  return JSON.stringify([req.query, req.visibility, req.sort]);
}

/**
 * Where the page starts: after the cursor's key (keyset) or at its offset (Meilisearch without a keyset
 * order), or, for an offset page, after the remembered last key of the page before when there is one.
 */
function placePage(svc: SearchService, req: SearchRequest, cursor: string | null, sortText: string) {
  // With relevance in the order there is no stored key to seek by: the score only exists per query.
  const keyset = svc.engine.supportsKeyset(req.sort);
  const offsetCursor = !!cursor && !keyset && svc.engine.name === 'meilisearch';
  let signature: string | null = null;
  if (cursor) {
    if (!keyset && !offsetCursor)
      throw new SearchQueryError(
        pyArgs('The "cursor" parameter needs a sort on id, name, title_string, metadata_modified or metadata_created'),
      );
    const pos = decodeCursor(cursor, sortText);
    if (pos?.key && keyset) req.after = pos.key;
    else if (pos?.offset !== undefined && offsetCursor) req.start = pos.offset;
    else if (pos) throw new SearchQueryError(pyArgs('Invalid "cursor" parameter'));
  } else if (keyset && req.start > 0) {
    signature = pageSignature(req);
    req.after = svc.boundaries.get(signature, req.start);
  }
  return { keyset, offsetCursor, signature };
}

/** Each hit's dict as JSON text, its derived fields as of today, cut to `fl` when asked. */
function resultTexts(hits: SearchHit[], fl: string[] | null, todayDate: Date): string[] {
  return hits.map((h) => {
    if (!fl) return refreshDerivedJson(h.dict, todayDate);
    const d = refreshDerived(h.dict, todayDate);
    return JSON.stringify(Object.fromEntries(fl.filter((k) => k in d).map((k) => [k, d[k]])));
  });
}

/** The result as CKAN's JSON, built around the stored dict texts. */
export function searchJson(out: SearchOutput): RawJson {
  const { results, ...rest } = out;
  const head = JSON.stringify(rest);
  return new RawJson(
    `{"count":${out.count},"results":[${results.join(',')}],${head.slice(1 + `"count":${out.count},`.length)}`,
  );
}
