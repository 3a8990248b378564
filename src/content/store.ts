// Reading and writing content items. The list query is the hot path of the front end: it filters,
// matches words and counts on the narrow content_search table (migration 0024), and reads whole rows
// for one page only.
import { titleSortExpr } from './title-sort.ts';
import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { ActionContext } from '../actions/types.ts';
import { NotFound } from '../errors.ts';
import { whereRef } from '../db/ref.ts';
import type { ContentType, SortKey } from './defs.ts';
import { searchWords, typeLexeme, type ContentRow } from './input.ts';

/** One item with its bodies, by id or name. */
export async function findItem(
  ctx: Pick<ActionContext, 'db'>,
  type: ContentType,
  ref: string,
): Promise<ContentRow | undefined> {
  const q = ctx.db
    .selectFrom('content_item')
    .leftJoin('content_body', 'content_body.id', 'content_item.id')
    .selectAll('content_item')
    .select(['content_body.body_translated', 'content_body.body_html_translated'])
    .where('content_item.type', '=', type.type);
  return whereRef(q, 'content_item', ref).executeTakeFirst() as Promise<ContentRow | undefined>;
}

export async function requireItem(ctx: Pick<ActionContext, 'db'>, type: ContentType, ref: string): Promise<ContentRow> {
  const row = await findItem(ctx, type, ref);
  if (!row) throw new NotFound(`${type.label} not found`);
  return row;
}

export interface ListQuery {
  lang: string;
  fallback: string;
  q: string | null;
  tags: string[];
  sort: SortKey;
  limit: number;
  offset: number;
  /** Null: everything (writers asking for inactive items too); else only items public at this time. */
  publicAt: string | null;
  /** Read the rendered bodies too (FAQ and glossary cards, the feed). */
  withBodies?: boolean;
}

/**
 * Each word of a search must begin a word of the item, in any language (`'w1':* & 'w2':*`), and the
 * item be of the type: the GIN index then yields only that type's matches, where a filter on the type
 * column made PostgreSQL test the words of every type's items (21 ms for a word in all 40,000).
 */
function wordsMatch(type: ContentType, q: string | null): RawBuilder<SqlBool> | null {
  const words = searchWords(q).slice(0, 8);
  if (!words.length) return null;
  // Words hold letters and digits only, so quoting them cannot break out of the query syntax.
  const prefixes = words.map((w) => `'${w}':*`).join(' & ');
  return sql<SqlBool>`content_search.words @@ (to_tsquery('simple', ${prefixes}) && ${`'${typeLexeme(type)}'`}::tsquery)`;
}

/**
 * A type's total without words or tags, from the counts kept by trigger (migration 0024): every item
 * for writers; else the active ones less those scheduled after now (an index range of a few rows).
 */
function unfilteredCount(
  ctx: Pick<ActionContext, 'db'>,
  type: ContentType,
  publicAt: string | null,
): Promise<{ n: number | string }> {
  const stored = ctx.db
    .selectFrom('content_count')
    .where('content_count.type', '=', type.type)
    .select(sql<string>`coalesce(sum(n), 0)`.as('n'));
  if (publicAt === null) return stored.executeTakeFirstOrThrow();
  const scheduled = ctx.db
    .selectFrom('content_search')
    .where('content_search.type', '=', type.type)
    .where('content_search.active', '=', true)
    .where('content_search.published', '>', publicAt)
    .select((eb) => eb.fn.countAll<number>().as('n'));
  return ctx.db
    .selectNoFrom(sql<string>`(${stored.where('content_count.active', '=', true)}) - (${scheduled})`.as('n'))
    .executeTakeFirstOrThrow();
}

export async function listItems(
  ctx: Pick<ActionContext, 'db'>,
  type: ContentType,
  q: ListQuery,
): Promise<{ count: number; rows: ContentRow[] }> {
  // Every filter reads the narrow table (migration 0024); so does the count.
  let matching = ctx.db.selectFrom('content_search').where('content_search.type', '=', type.type);
  if (q.publicAt !== null)
    matching = matching.where('content_search.active', '=', true).where('content_search.published', '<=', q.publicAt);
  const words = wordsMatch(type, q.q);
  if (words) matching = matching.where(words);
  if (q.tags.length) matching = matching.where(sql<SqlBool>`content_search.tags @> ${sql.val(q.tags)}::text[]`);
  const [field, dir] = q.sort.split(' ') as ['published' | 'position' | 'title' | 'modified', 'asc' | 'desc'];
  // The page is chosen on a narrow table first; only its rows are read whole.
  let page: Promise<{ id: string }[]>;
  if (field === 'published' || field === 'position') {
    page = matching
      .select('content_search.id')
      .orderBy(`content_search.${field}`, dir)
      .orderBy('content_search.id', dir)
      .limit(q.limit)
      .offset(q.offset)
      .execute();
  } else {
    // Titles (per language, indexed by migration 0021) and modification times live on the item.
    let items = ctx.db.selectFrom('content_item').select('content_item.id').where('content_item.type', '=', type.type);
    if (q.publicAt !== null)
      items = items.where('content_item.active', '=', true).where('content_item.published', '<=', q.publicAt);
    if (words || q.tags.length) items = items.where('content_item.id', 'in', matching.select('content_search.id'));
    const title: Expression<string> = titleSortExpr(q.lang, q.fallback);
    page = (field === 'title' ? items.orderBy(title, dir) : items.orderBy('content_item.modified', dir))
      .orderBy('content_item.id', dir)
      .limit(q.limit)
      .offset(q.offset)
      .execute();
  }
  // The count runs beside the page and its rows, not before them: the rows' round trip is off the
  // critical path of a search whose count is the slow part.
  const [countRow, rows] = await Promise.all([
    words || q.tags.length
      ? matching.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
      : unfilteredCount(ctx, type, q.publicAt),
    page.then((ids) => pageRows(ctx, ids, q.withBodies)),
  ]);
  return { count: Number(countRow.n), rows };
}

/** Whole rows of a page, in the page's order. */
async function pageRows(
  ctx: Pick<ActionContext, 'db'>,
  pageIds: { id: string }[],
  withBodies: boolean | undefined,
): Promise<ContentRow[]> {
  if (!pageIds.length) return [];
  let rows = ctx.db
    .selectFrom('content_item')
    .selectAll('content_item')
    .where(
      'content_item.id',
      'in',
      pageIds.map((r) => r.id),
    );
  if (withBodies)
    rows = rows
      .leftJoin('content_body', 'content_body.id', 'content_item.id')
      .select(['content_body.body_html_translated']) as never;
  const byId = new Map(((await rows.execute()) as ContentRow[]).map((r) => [r.id, r]));
  return pageIds.map((r) => byId.get(r.id)!);
}
