// One way to find an entity named by a reference that may be its id or its name (CKAN's
// `Package.get`/`Group.get`/`User.get`): the id wins, then the name. A name may itself look like a
// UUID (CKAN's name rule allows it), so "id or name" in one unordered query could return either row;
// ordering by the id match first makes the answer the same for an authorization rule and its handler.
import { sql, type SelectQueryBuilder } from 'kysely';
import type { DB } from './connect.ts';
import type { Database } from './schema.ts';

/** The one strict UUID test (8-4-4-4-12 hex digits, any case). */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(v: unknown): v is string {
  return typeof v === 'string' && UUID.test(v);
}

/** Tables whose rows are named by id or by a unique key (name; code for structures). */
export type RefTable =
  | 'package'
  | 'group'
  | 'user'
  | 'structure'
  | 'tag'
  | 'harvest_source'
  | 'download_purpose'
  | 'content_item';
const KEY: Record<RefTable, string> = {
  package: 'name',
  group: 'name',
  user: 'name',
  structure: 'code',
  tag: 'name',
  harvest_source: 'name',
  download_purpose: 'name',
  content_item: 'name',
};

/**
 * Restricts a select over `table` to the row named by `ref`: by id when `ref` is a UUID and such a row
 * exists, else by name (code for structures). At most one row.
 */
export function whereRef<DBT, O>(
  q: SelectQueryBuilder<DBT, any, O>,
  table: RefTable,
  ref: string,
): SelectQueryBuilder<DBT, any, O> {
  const key = sql.ref(`${table}.${KEY[table]}`);
  const id = sql.ref(`${table}.id`);
  if (!isUuid(ref)) return q.where(sql<boolean>`${key} = ${ref}`).limit(1);
  return q
    .where(sql<boolean>`(${id} = ${ref.toLowerCase()}::uuid OR ${key} = ${ref})`)
    .orderBy(sql`(${id} = ${ref.toLowerCase()}::uuid)`, 'desc')
    .limit(1);
}

/** The whole row named by `ref` (id or name), or undefined. */
export async function byRef<T extends RefTable>(db: DB, table: T, ref: unknown) {
  if (typeof ref !== 'string' || !ref) return undefined;
  const q = db.selectFrom(table as 'package').selectAll() as unknown as SelectQueryBuilder<Database, T, Database[T]>;
  return (await whereRef(q, table, ref).executeTakeFirst()) as import('kysely').Selectable<Database[T]> | undefined;
}
