// Reading and writing content items. The list query is the hot path of the front end: it filters one
// type's visible items with an index (migration 0013), matches words with the tsvector index of
// content_body, and counts and pages in SQL.
import { titleSortExpr } from './title-sort.ts';
import { sql, type Expression, type SqlBool } from 'kysely';
import type { ActionContext } from '../actions/types.ts';
import { NotFound } from '../errors.ts';
import { whereRef } from '../db/ref.ts';
import type { ContentType, SortKey } from './defs.ts';
import { searchWords, type ContentRow } from './input.ts';

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

/** Each word of a search must begin a word of the item, in any language: `'w1':* & 'w2':*`. */
function tsQuery(q: string | null): string | null {
  const words = searchWords(q).slice(0, 8);
  // Words hold letters and digits only, so quoting them cannot break out of the query syntax.
  return words.length ? words.map((w) => `'${w}':*`).join(' & ') : null;
}

export async function listItems(
  ctx: Pick<ActionContext, 'db'>,
  type: ContentType,
  q: ListQuery,
): Promise<{ count: number; rows: ContentRow[] }> {
  let base = ctx.db.selectFrom('content_item').where('content_item.type', '=', type.type);
  if (q.publicAt !== null)
    base = base.where('content_item.active', '=', true).where('content_item.published', '<=', q.publicAt);
  const query = tsQuery(q.q);
  if (query) {
    base = base.where('content_item.id', 'in', (eb) =>
      eb
        .selectFrom('content_body')
        .select('content_body.id')
        .where(sql<SqlBool>`content_body.search @@ to_tsquery('simple', ${query})`),
    );
  }
  if (q.tags.length) base = base.where(sql<SqlBool>`content_item.tags @> ${sql.val(q.tags)}::text[]`);
  const [field, dir] = q.sort.split(' ') as ['published' | 'position' | 'title' | 'modified', 'asc' | 'desc'];
  const title: Expression<string> = titleSortExpr(q.lang, q.fallback);
  // The page is chosen on the narrow table first; only its rows are joined to their bodies.
  let ids = base.select('content_item.id');
  ids = field === 'title' ? ids.orderBy(title, dir) : ids.orderBy(`content_item.${field}`, dir);
  const [countRow, pageIds] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ids.orderBy('content_item.id', dir).limit(q.limit).offset(q.offset).execute(),
  ]);
  if (!pageIds.length) return { count: Number(countRow.n), rows: [] };
  let rows = ctx.db
    .selectFrom('content_item')
    .selectAll('content_item')
    .where(
      'content_item.id',
      'in',
      pageIds.map((r) => r.id),
    );
  if (q.withBodies)
    rows = rows
      .leftJoin('content_body', 'content_body.id', 'content_item.id')
      .select(['content_body.body_html_translated']) as never;
  const byId = new Map(((await rows.execute()) as ContentRow[]).map((r) => [r.id, r]));
  return { count: Number(countRow.n), rows: pageIds.map((r) => byId.get(r.id)!) };
}
