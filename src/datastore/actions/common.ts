// What the DataStore actions share: the resource id parameter (CKAN's legacy `id` too), the read-only
// check, authorization rules, and CKAN's echo of the request.
import type { ActionContext, AuthRule } from '../../actions/types.ts';
import { NotAuthorized, ValidationError } from '../../errors.ts';
import { resolveResource, resourceCreate, resourceEdit, resourceRead } from '../../auth/rules.ts';
import { byRef } from '../../db/ref.ts';
import { canReadPackage } from '../../auth/permissions.ts';
import { sql } from 'kysely';
import { findResourceRef, type ResourceRef, type TableInfo } from '../catalogue.ts';
import { markActive } from '../load.ts';
import { filterConditions } from '../query.ts';
import { deleteRows } from '../store.ts';

export function resourceIdOf(input: Record<string, unknown>): string | undefined {
  const v = input.resource_id ?? input.id;
  return typeof v === 'string' && v ? v : undefined;
}

export function requireResourceId(input: Record<string, unknown>): string {
  const id = resourceIdOf(input);
  if (!id) throw ValidationError.field('resource_id', 'Missing value');
  return id;
}

/** Data under a dataset is read with the dataset's read rule (private or deleted: 403). */
export const dataRead: AuthRule = async (ctx, input) =>
  resourceRead(ctx, input, await resolveResource(ctx, resourceIdOf(input)));

/** The handler checks read access itself, in the same query that finds the table (datastore_search is hot). */
export const dataReadInHandler: AuthRule = () => {};

/** Writes need edit rights on the dataset; datastore_create may name it through `resource.package_id`. */
export const dataEdit: AuthRule = async (ctx, input) => {
  const res = input.resource && typeof input.resource === 'object' ? (input.resource as Record<string, unknown>) : null;
  if (res && !resourceIdOf(input)) return resourceCreate(ctx, res, await byRef(ctx.db, 'package', res.package_id));
  return resourceEdit(ctx, input, await resolveResource(ctx, resourceIdOf(input)));
};

/** CKAN refuses to write into a resource that is not a DataStore resource unless force=true. */
export function checkWritable(ref: ResourceRef, force: unknown): void {
  if (ref.url_type !== 'datastore' && force !== true) {
    throw new ValidationError({
      'read-only': ['Cannot edit read-only resource. Either pass "force=True" or change url_type to "datastore"'],
    });
  }
}

/** Sysadmins skip rules, but a rule-less path (routes) still checks visibility here. */
export async function assertReadable(ctx: Pick<ActionContext, 'db' | 'user'>, ref: ResourceRef): Promise<void> {
  if (!(await canReadPackage(ctx, ref.pkg)))
    throw new NotAuthorized(`User ${ctx.user?.name ?? ''} not authorized to read resource ${ref.id}`);
}

export { findResourceRef };

/** The request echoed back without the records (what CKAN's write actions return). */
export function echo(input: Record<string, unknown>, extra: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input))
    if (k !== 'records' && k !== 'id' && k !== 'resource' && v !== undefined) out[k] = v;
  return { ...out, ...extra };
}

export const BOOL = { type: 'boolean' };

/** Deletes the records matching `filters` (all records for {}) and marks the resource as having data. */
export async function deleteMatching(ctx: ActionContext, t: TableInfo, filters: unknown): Promise<number> {
  const conditions = filterConditions(t, filters as never);
  const n = await deleteRows(ctx.db, t, conditions.length ? sql.join(conditions, sql` AND `) : sql`true`);
  await markActive(ctx, t, true);
  return n;
}
