// Reading and writing content items. The list query is the hot path of the front end: it filters one
// type's visible items with an index (migration 0013), searches with the trigram index, and counts
// and pages in SQL.
import { sql, type Expression, type SqlBool } from 'kysely';
import type { ActionContext } from '../actions/types.ts';
import { NotFound } from '../api/errors.ts';
import { UUID } from '../packages/names.ts';
import type { ContentType, SortKey } from './defs.ts';
import type { ContentRow } from './input.ts';

export async function findItem(ctx: Pick<ActionContext, 'db'>, type: ContentType, ref: string): Promise<ContentRow | undefined> {
  return ctx.db.selectFrom('content_item').selectAll().where('type', '=', type.type)
    .where((eb) => (UUID.test(ref) ? eb.or([eb('id', '=', ref.toLowerCase()), eb('name', '=', ref)]) : eb('name', '=', ref)))
    .executeTakeFirst();
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
}

/** Words of a text search; each must occur somewhere in the item (any language). */
export function searchWords(q: string | null): string[] {
  return (q ?? '').toLowerCase().split(/\s+/).map((w) => w.trim()).filter(Boolean).slice(0, 8);
}

const like = (w: string) => `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function listItems(ctx: Pick<ActionContext, 'db'>, type: ContentType, q: ListQuery): Promise<{ count: number; rows: ContentRow[] }> {
  let base = ctx.db.selectFrom('content_item').where('type', '=', type.type);
  if (q.publicAt !== null) base = base.where('active', '=', true).where('published', '<=', q.publicAt);
  for (const w of searchWords(q.q)) base = base.where(sql<SqlBool>`search_text LIKE ${like(w)}`);
  if (q.tags.length) base = base.where(sql<SqlBool>`tags @> ${sql.val(q.tags)}::text[]`);
  const title: Expression<string> = sql<string>`lower(coalesce(title_translated->>${q.lang}, title_translated->>${q.fallback}, ''))`;
  let rows = base.selectAll();
  const [field, dir] = q.sort.split(' ') as ['published' | 'position' | 'title' | 'modified', 'asc' | 'desc'];
  rows = field === 'title' ? rows.orderBy(title, dir) : rows.orderBy(field, dir);
  rows = rows.orderBy('id', dir);
  const [countRow, page] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    rows.limit(q.limit).offset(q.offset).execute(),
  ]);
  return { count: Number(countRow.n), rows: page };
}
