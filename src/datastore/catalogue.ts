// The catalogue of DataStore tables (datastore_resource): which resource has a table, its fields, primary
// key, indexes and descriptor; and finding a resource with the visibility of its dataset.
import { sql } from 'kysely';
import type { ActionContext, AuthUser } from '../actions/types.ts';
import type { DB } from '../db/connect.ts';
import { NotAuthorized, NotFound } from '../errors.ts';
import { canEditPackage, canReadPackage } from '../auth/permissions.ts';
import { UUID } from '../packages/names.ts';
import type { Descriptor } from '../descriptor/index.ts';
import type { FieldSpec } from './types.ts';

export interface TableInfo {
  resource_id: string;
  package_id: string;
  active: boolean;
  fields: FieldSpec[];
  primary_key: string[];
  indexes: string[];
  descriptor: Descriptor | null;
  api_uri: string | null;
}

export interface ResourceRef {
  id: string;
  package_id: string;
  url_type: string | null;
  pkg: { id: string; state: string; private: boolean; owner_org: string | null; creator_user_id: string | null };
}

export const notFound = (id: unknown) => new NotFound(`Resource "${String(id)}" was not found.`);

/** An active resource and its dataset's visibility, or null. */
export async function findResourceRef(db: DB, id: unknown): Promise<ResourceRef | null> {
  if (typeof id !== 'string' || !UUID.test(id)) return null;
  const row = await db
    .selectFrom('resource')
    .innerJoin('package', 'package.id', 'resource.package_id')
    .select([
      'resource.id',
      'resource.package_id',
      'resource.url_type',
      'package.state',
      'package.private',
      'package.owner_org',
      'package.creator_user_id',
    ])
    .where('resource.id', '=', id)
    .where('resource.state', '=', 'active')
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    package_id: row.package_id,
    url_type: row.url_type,
    pkg: {
      id: row.package_id,
      state: row.state,
      private: row.private,
      owner_org: row.owner_org,
      creator_user_id: row.creator_user_id,
    },
  };
}

/** The resource if the caller may read its dataset: 404 when unknown, 403 when hidden (private or deleted). */
export async function readableResource(ctx: Pick<ActionContext, 'db' | 'user'>, id: unknown): Promise<ResourceRef> {
  const ref = await findResourceRef(ctx.db, id);
  if (!ref) throw notFound(id);
  if (!(await canReadPackage(ctx, ref.pkg)))
    throw new NotAuthorized(`User ${ctx.user?.name ?? ''} not authorized to read resource ${ref.id}`);
  return ref;
}

export async function editableResource(
  ctx: Pick<ActionContext, 'db' | 'user'>,
  id: unknown,
  missing: () => Error = () => notFound(id),
): Promise<ResourceRef> {
  const ref = await findResourceRef(ctx.db, id);
  if (!ref) throw missing();
  if (!(await canEditPackage(ctx, ref.pkg)))
    throw new NotAuthorized(`User ${ctx.user?.name ?? ''} not authorized to edit resource ${ref.id}`);
  return ref;
}

function toInfo(row: any): TableInfo {
  return {
    resource_id: row.resource_id,
    package_id: row.package_id,
    active: row.active,
    fields: row.fields ?? [],
    primary_key: row.primary_key ?? [],
    indexes: row.indexes ?? [],
    descriptor: row.descriptor ?? null,
    api_uri: row.api_uri ?? null,
  };
}

/** The catalogue row (a descriptor may be attached before any table exists). */
export async function catalogueRow(db: DB, resourceId: string, forUpdate = false): Promise<TableInfo | null> {
  let q = db.selectFrom('datastore_resource').selectAll().where('resource_id', '=', resourceId);
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row ? toInfo(row) : null;
}

/** The table of a resource, or 404 as CKAN words it. */
export async function activeTable(db: DB, resourceId: string, forUpdate = false): Promise<TableInfo> {
  const t = await catalogueRow(db, resourceId, forUpdate);
  if (!t || !t.active) throw notFound(resourceId);
  return t;
}

export async function saveCatalogue(db: DB, t: TableInfo): Promise<void> {
  const values = {
    resource_id: t.resource_id,
    package_id: t.package_id,
    active: t.active,
    fields: JSON.stringify(t.fields),
    primary_key: t.primary_key,
    indexes: t.indexes,
    descriptor: JSON.stringify(t.descriptor),
    api_uri: t.api_uri,
  };
  await db
    .insertInto('datastore_resource')
    .values(values)
    .onConflict((oc) =>
      oc.column('resource_id').doUpdateSet({ ...values, modified: sql`(now() at time zone 'utc')` as never }),
    )
    .execute();
}

/** The DataStore table holding the records of the dataset whose descriptor has this apiUri. */
export async function tableForApiUri(db: DB, apiUri: string): Promise<TableInfo | null> {
  const row = await db
    .selectFrom('datastore_resource')
    .selectAll()
    .where('api_uri', '=', apiUri)
    .where('active', '=', true)
    .executeTakeFirst();
  return row ? toInfo(row) : null;
}

export function userLabel(user: AuthUser | null): string {
  return user?.name ?? '';
}

// Read-path cache: resource, visibility and table for a second, per service. Local writes drop entries as
// soon as they commit (the outbox event); other instances' writes are seen within the TTL, the same
// delay the package cache has (cache-sync polls every second).
const TTL_MS = 1000;
interface Cached {
  at: number;
  ref: ResourceRef;
  table: TableInfo | null;
}
const caches = new WeakMap<object, Map<string, Cached>>();

function cacheOf(services: object): Map<string, Cached> {
  let c = caches.get(services);
  if (!c) caches.set(services, (c = new Map()));
  return c;
}

/** Called for every committed outbox entry of this instance. */
export function forgetCached(services: object, topic: string, entityId: string): void {
  const c = caches.get(services);
  if (!c) return;
  if (topic === 'datastore' || topic === 'resource') c.delete(entityId);
  else if (topic === 'package')
    for (const [k, v] of c) {
      if (v.ref.package_id === entityId) c.delete(k);
    }
  else c.clear();
}

/**
 * The read path in one query (or none, from the cache): the resource, its dataset's visibility and its
 * table. 404 for an unknown resource or one without a table, 403 when the caller may not read the dataset.
 */
export async function readableTable(
  ctx: Pick<ActionContext, 'db' | 'user' | 'services' | 'inTransaction'>,
  id: unknown,
): Promise<{ ref: ResourceRef; table: TableInfo }> {
  if (typeof id !== 'string' || !UUID.test(id)) throw notFound(id);
  const cache = cacheOf(ctx.services);
  let hit = ctx.inTransaction ? undefined : cache.get(id);
  if (!hit || Date.now() - hit.at > TTL_MS) {
    const at = Date.now();
    const row = await ctx.db
      .selectFrom('resource')
      .innerJoin('package', 'package.id', 'resource.package_id')
      .leftJoin('datastore_resource as d', 'd.resource_id', 'resource.id')
      .select([
        'resource.id',
        'resource.package_id',
        'resource.url_type',
        'package.state',
        'package.private',
        'package.owner_org',
        'package.creator_user_id',
        'd.resource_id',
        'd.active',
        'd.fields',
        'd.primary_key',
        'd.indexes',
        'd.descriptor',
        'd.api_uri',
      ])
      .where('resource.id', '=', id)
      .where('resource.state', '=', 'active')
      .executeTakeFirst();
    if (!row) throw notFound(id);
    const ref: ResourceRef = {
      id: row.id,
      package_id: row.package_id,
      url_type: row.url_type,
      pkg: {
        id: row.package_id,
        state: row.state,
        private: row.private,
        owner_org: row.owner_org,
        creator_user_id: row.creator_user_id,
      },
    };
    hit = {
      at,
      ref,
      table: row.resource_id && row.active ? toInfo({ ...row, resource_id: row.id, package_id: row.package_id }) : null,
    };
    if (!ctx.inTransaction) {
      if (cache.size > 10_000) cache.clear();
      cache.set(id, hit);
    }
  }
  if (!(await canReadPackage(ctx, hit.ref.pkg)))
    throw new NotAuthorized(`User ${ctx.user?.name ?? ''} not authorized to read resource ${hit.ref.id}`);
  if (!hit.table) throw notFound(id);
  return { ref: hit.ref, table: hit.table };
}
