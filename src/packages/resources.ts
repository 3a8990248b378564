// Resource writes shared by resource_create/update/patch: validation with CKAN's flat error dict,
// the uploaded file, and bumping the dataset.
import crypto from 'node:crypto';
import type { ActionContext } from '../actions/types.ts';
import { NotFound, ValidationError } from '../errors.ts';
import { resourceInput } from './input/resources.ts';
import { resourceDict } from './dictize.ts';
import { nowIso } from './time.ts';
import { touchPackage } from './write.ts';
import type { ResourceTarget } from '../auth/rules.ts';
import { recordDataUpdate } from './data-updates.ts';

/** The resource an action resolved (ActionDef.resolve), or CKAN's 404. */
export function requireTarget(target: ResourceTarget | undefined, message = 'Resource was not found.'): ResourceTarget {
  if (!target) throw new NotFound(message);
  return target;
}

export function targetDict(ctx: ActionContext, t: ResourceTarget) {
  return resourceDict(t.resource, ctx.config.siteUrl, t.resource.filename ?? undefined);
}

async function showResource(ctx: ActionContext, id: string) {
  const row = await ctx.db
    .selectFrom('resource')
    .leftJoin('upload', 'upload.resource_id', 'resource.id')
    .selectAll('resource')
    .select('upload.filename')
    .where('resource.id', '=', id)
    .executeTakeFirstOrThrow();
  return resourceDict(row, ctx.config.siteUrl, row.filename ?? undefined);
}

function validated(data: Record<string, unknown>) {
  const errors: Record<string, unknown> = {};
  const r = resourceInput(data, errors, true);
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return r;
}

async function storeUpload(
  ctx: ActionContext,
  resourceId: string,
): Promise<{ filename: string; mimetype: string; size: number } | null> {
  const file = ctx.files.upload;
  if (!file) return null;
  await ctx.db
    .insertInto('upload')
    .values({
      resource_id: resourceId,
      filename: file.filename || 'upload',
      mimetype: file.mimetype,
      size: file.content.length,
      content: file.content,
    })
    .onConflict((oc) =>
      oc.column('resource_id').doUpdateSet({
        filename: file.filename || 'upload',
        mimetype: file.mimetype,
        size: file.content.length,
        content: file.content,
      }),
    )
    .execute();
  return { filename: file.filename || 'upload', mimetype: file.mimetype, size: file.content.length };
}

/** resource_create into the dataset the action resolved from package_id (the one its rule checked). */
export async function createResource(
  ctx: ActionContext,
  data: Record<string, unknown>,
  pkg: { id: string } | undefined,
) {
  const r = validated(data);
  if (!pkg) throw new ValidationError({ package_id: ['Not found: Dataset'] });
  const now = nowIso();
  const id = crypto.randomUUID();
  const max = await ctx.db
    .selectFrom('resource')
    .select((eb) => eb.fn.max('position').as('p'))
    .where('package_id', '=', pkg.id)
    .where('state', '=', 'active')
    .executeTakeFirst();
  const f = r.fields;
  await ctx.db
    .insertInto('resource')
    .values({
      id,
      package_id: pkg.id,
      position: (max?.p ?? -1) + 1,
      state: 'active',
      url: String(f.url ?? ''),
      name: f.name as string | null,
      description: f.description as string | null,
      format: f.format as string | null,
      hash: f.hash as string | null,
      mimetype: f.mimetype as string | null,
      mimetype_inner: f.mimetype_inner as string | null,
      size: f.size as number | null,
      resource_type: f.resource_type as string | null,
      url_type: f.url_type as string | null,
      created: (f.created as string | null) ?? now,
      last_modified: f.last_modified as string | null,
      metadata_modified: now,
      cache_url: f.cache_url as string | null,
      cache_last_updated: f.cache_last_updated as string | null,
      extras: JSON.stringify(r.extras),
    })
    .execute();
  const uploaded = await applyUpload(ctx, id, pkg.id, f);
  if (!uploaded && f.url) await recordDataUpdate(ctx, { packageId: pkg.id, resourceId: id, source: 'url' });
  await touchPackage(ctx, pkg.id);
  return showResource(ctx, id);
}

/** Stores a file sent with the request; a new file is a data update. */
async function applyUpload(
  ctx: ActionContext,
  id: string,
  packageId: string,
  f: Record<string, unknown>,
): Promise<boolean> {
  const up = await storeUpload(ctx, id);
  if (!up) return false;
  const format = (f.format as string | null) ?? up.filename.match(/\.([a-z0-9]+)$/i)?.[1]?.toUpperCase() ?? null;
  await ctx.db
    .updateTable('resource')
    .set({
      url_type: 'upload',
      url: up.filename,
      size: up.size,
      mimetype: (f.mimetype as string | null) ?? up.mimetype,
      format,
      last_modified: nowIso(),
    })
    .where('id', '=', id)
    .execute();
  await recordDataUpdate(ctx, { packageId, resourceId: id, source: 'upload' });
  return true;
}

/** Columns CKAN 2.11 keeps when resource_update does not send them (ckan/model/resource.py: only
 * url, description, resource_type, mimetype and mimetype_inner are "remove_if_not_provided"). */
const KEPT_WHEN_MISSING = [
  'name',
  'format',
  'hash',
  'size',
  'created',
  'last_modified',
  'url_type',
  'cache_url',
  'cache_last_updated',
] as const;

/** resource_update: replaces the resource's fields, keeping what CKAN keeps when it is not sent. */
export async function replaceResource(ctx: ActionContext, target: ResourceTarget, data: Record<string, unknown>) {
  const existing = target.resource;
  const id = existing.id;
  const r = validated(data);
  const f = r.fields;
  const sent = (k: string) => data[k] !== undefined;
  const now = nowIso();
  const keepUpload =
    existing.url_type === 'upload' &&
    !ctx.files.upload &&
    (data.url === undefined ||
      data.url === existing.filename ||
      String(data.url).endsWith(`/download/${existing.filename}`));
  const kept: Record<string, unknown> = {};
  for (const k of KEPT_WHEN_MISSING) if (!sent(k)) kept[k] = existing[k];
  // A format guessed from a new URL is not "sent": the stored one stays unless format is given.
  await ctx.db
    .updateTable('resource')
    .set({
      url: keepUpload ? existing.url : String(f.url ?? ''),
      name: f.name as string | null,
      description: f.description as string | null,
      format: f.format as string | null,
      hash: f.hash as string | null,
      mimetype: f.mimetype as string | null,
      mimetype_inner: f.mimetype_inner as string | null,
      size: keepUpload ? existing.size : (f.size as number | null),
      resource_type: f.resource_type as string | null,
      url_type: keepUpload ? 'upload' : (f.url_type as string | null),
      last_modified: f.last_modified as string | null,
      cache_url: f.cache_url as string | null,
      cache_last_updated: f.cache_last_updated as string | null,
      ...kept,
      ...(keepUpload ? { url_type: 'upload', size: existing.size } : {}),
      metadata_modified: now,
      extras: JSON.stringify(r.extras),
      ...(r.datastore_active !== undefined ? { datastore_active: r.datastore_active } : {}),
    })
    .where('id', '=', id)
    .execute();
  const uploaded = await applyUpload(ctx, id, existing.package_id, f);
  // A different address is different data (a new file published elsewhere).
  if (!uploaded && !keepUpload && String(f.url ?? '') !== existing.url && f.url) {
    await recordDataUpdate(ctx, { packageId: existing.package_id, resourceId: id, source: 'url' });
  }
  await touchPackage(ctx, existing.package_id);
  return showResource(ctx, id);
}
