// Writes a validated PackageInput: the package row, its tags, group memberships and resources, and
// the outbox entry, all inside the caller's transaction.
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { ActionContext } from '../actions/types.ts';
import type { PackageInput } from './input.ts';
import type { ResourceInput } from './input/resources.ts';
import { nowIso } from './time.ts';
import { recordChange } from '../outbox.ts';
import { isUuid } from '../db/ref.ts';
import { recordDataUpdate } from './data-updates.ts';
import { packageActivity } from '../activity/record.ts';

/** S-OOO-NNNN from the organization's structure and code; the sequence only grows, so codes are never reused. */
async function assignPassportCode(ctx: ActionContext, input: PackageInput): Promise<string | null> {
  const orgId = input.owner_org;
  // An organization without a code and a structure numbers nothing: no round trip for it.
  if (!orgId || !input.ownerNumbers) return null;
  const row = await ctx.db
    .updateTable('group')
    .set((eb) => ({ next_passport_seq: eb('next_passport_seq', '+', 1) }))
    .where('id', '=', orgId)
    .where('code', 'is not', null)
    .where('structure_code', 'is not', null)
    .returning(['code', 'structure_code', 'next_passport_seq'])
    .executeTakeFirst();
  if (!row?.code || !row.structure_code) return null;
  return `${row.structure_code}-${row.code.padStart(3, '0')}-${String(row.next_passport_seq - 1).padStart(4, '0')}`;
}

function packageRow(input: PackageInput) {
  const p = input.passport;
  return {
    ...input.core,
    name: input.core.name!,
    state: input.state,
    private: input.private,
    type: input.type,
    owner_org: input.owner_org,
    extras: JSON.stringify(input.extras),
    title_translated: JSON.stringify(p.title_translated),
    notes_translated: JSON.stringify(p.notes_translated),
    sphere: input.sphere,
    priority: p.priority,
    relevance: p.relevance,
    ai_ready: p.ai_ready,
    provision: p.provision,
    external_api: p.external_api,
    update_frequency: p.update_frequency,
    update_schedule: JSON.stringify(p.update_schedule),
    passport: JSON.stringify(p.bag),
  };
}

/** A deleted dataset's name may be taken by a new one: the old one is renamed to its own id. */
async function freeDeletedName(ctx: ActionContext, name: string, selfId: string) {
  const renamed = await ctx.db
    .updateTable('package')
    .set({ name: sql`id::text` as never })
    .where('name', '=', name)
    .where('state', '=', 'deleted')
    .where('id', '!=', selfId)
    .returning('id')
    .execute();
  for (const r of renamed) await recordChange(ctx, 'package', r.id);
}

// `fresh`: the dataset was inserted in this transaction, so it has no tags, memberships or resources
// to replace; a create skips those three reads and deletes (3 of its 24 statements).

async function writeTags(ctx: ActionContext, packageId: string, names: string[], fresh: boolean) {
  if (!fresh) await ctx.db.deleteFrom('package_tag').where('package_id', '=', packageId).execute();
  if (!names.length) return;
  // One statement, names in a fixed order: concurrent writers sharing tags then take the tags' index
  // entries in the same order and wait for each other instead of deadlocking (they did, as 500s).
  const sorted = [...new Set(names)].sort();
  await ctx.db
    .insertInto('tag')
    .values(sorted.map((name) => ({ id: crypto.randomUUID(), name, vocabulary_id: null })))
    .onConflict((oc) => oc.doNothing())
    .execute();
  const tags = await ctx.db
    .selectFrom('tag')
    .select('id')
    .where('name', 'in', names)
    .where('vocabulary_id', 'is', null)
    .execute();
  await ctx.db
    .insertInto('package_tag')
    .values(tags.map((t) => ({ package_id: packageId, tag_id: t.id })))
    .execute();
}

async function writeGroups(ctx: ActionContext, packageId: string, groupIds: string[], fresh: boolean) {
  if (!fresh) {
    const orgIds = ctx.db.selectFrom('group').select('id').where('is_organization', '=', true);
    let del = ctx.db
      .deleteFrom('member')
      .where('table_name', '=', 'package')
      .where('table_id', '=', packageId)
      .where('group_id', 'not in', orgIds);
    if (groupIds.length) del = del.where('group_id', 'not in', groupIds);
    await del.execute();
  }
  // Memberships in a fixed order too (see writeTags).
  for (const gid of [...new Set(groupIds)].sort()) {
    await ctx.db
      .insertInto('member')
      .values({
        id: crypto.randomUUID(),
        group_id: gid,
        table_name: 'package',
        table_id: packageId,
        capacity: 'public',
        state: 'active',
      })
      .onConflict((oc) => oc.columns(['group_id', 'table_name', 'table_id']).doUpdateSet({ state: 'active' }))
      .execute();
  }
}

function resourceValues(r: ResourceInput, now: string) {
  const f = r.fields;
  return {
    url: (f.url as string) ?? '',
    name: f.name as string | null,
    description: f.description as string | null,
    format: f.format as string | null,
    hash: f.hash as string | null,
    mimetype: f.mimetype as string | null,
    mimetype_inner: f.mimetype_inner as string | null,
    size: f.size as number | null,
    resource_type: f.resource_type as string | null,
    url_type: f.url_type as string | null,
    last_modified: f.last_modified as string | null,
    cache_url: f.cache_url as string | null,
    cache_last_updated: f.cache_last_updated as string | null,
    extras: JSON.stringify(r.extras),
    metadata_modified: now,
  };
}

/** A new address of the data, not the dict's echo of our own download/dump link or of a scheme-less URL. */
function urlChanged(ctx: ActionContext, before: string, after: string): boolean {
  if (!after || after === before || after === `http://${before}`) return false;
  return !after.startsWith(`${ctx.config.siteUrl}/`);
}

/**
 * Replaces the dataset's resources: sent ids keep their identity, new ones are created, the rest deleted.
 * On an update (`countUpdates`), a resource whose URL changed or a new one with a URL is a data update.
 */
export async function writeResources(
  ctx: ActionContext,
  packageId: string,
  resources: ResourceInput[],
  now: string,
  opts: { countUpdates?: boolean; fresh?: boolean } = {},
): Promise<string[]> {
  const existing = opts.fresh
    ? []
    : await ctx.db
        .selectFrom('resource')
        .select(['id', 'datastore_active', 'url'])
        .where('package_id', '=', packageId)
        .where('state', '=', 'active')
        .execute();
  const known = new Map(existing.map((r) => [r.id, r]));
  const kept = new Set<string>();
  const ids: string[] = [];
  let changed: string | null = null;
  for (const [position, r] of resources.entries()) {
    const values = resourceValues(r, now);
    if (r.id && known.has(r.id) && !kept.has(r.id)) {
      kept.add(r.id);
      if (urlChanged(ctx, known.get(r.id)!.url, values.url)) changed ??= r.id;
      await ctx.db
        .updateTable('resource')
        .set({
          ...values,
          position,
          ...(r.datastore_active !== undefined ? { datastore_active: r.datastore_active } : {}),
        })
        .where('id', '=', r.id)
        .execute();
      ids.push(r.id);
    } else {
      const id =
        r.id &&
        isUuid(r.id) &&
        !(await ctx.db.selectFrom('resource').select('id').where('id', '=', r.id).executeTakeFirst())
          ? r.id
          : crypto.randomUUID();
      await ctx.db
        .insertInto('resource')
        .values({
          ...values,
          id,
          package_id: packageId,
          position,
          created: (r.fields.created as string | null) ?? now,
          state: 'active',
        })
        .execute();
      if (urlChanged(ctx, '', values.url)) changed ??= id;
      ids.push(id);
    }
  }
  const gone = existing.filter((r) => !kept.has(r.id)).map((r) => r.id);
  if (gone.length)
    await ctx.db
      .updateTable('resource')
      .set({ state: 'deleted', metadata_modified: now })
      .where('id', 'in', gone)
      .execute();
  if (opts.countUpdates && changed) await recordDataUpdate(ctx, { packageId, resourceId: changed, source: 'url' });
  return ids;
}

export async function insertPackage(ctx: ActionContext, input: PackageInput): Promise<string> {
  const now = nowIso(ctx.services.clock);
  const id = input.id!;
  if (input.nameHeldByDeleted) await freeDeletedName(ctx, input.core.name!, id);
  const passport_code = await assignPassportCode(ctx, input);
  await ctx.db
    .insertInto('package')
    .values({
      ...packageRow(input),
      id,
      passport_code,
      creator_user_id: ctx.user?.id ?? null,
      metadata_created: now,
      metadata_modified: now,
    })
    .execute();
  await writeTags(ctx, id, input.tags, true);
  await writeGroups(ctx, id, input.groupIds, true);
  await writeResources(ctx, id, input.resources, now, { fresh: true });
  await recordChange(ctx, 'package', id);
  await packageActivity(ctx, id, 'new');
  return id;
}

export async function updatePackage(
  ctx: ActionContext,
  id: string,
  input: PackageInput,
  opts: { keepResources?: boolean } = {},
): Promise<void> {
  const now = nowIso();
  if (input.nameHeldByDeleted) await freeDeletedName(ctx, input.core.name!, id);
  const existing = await ctx.db
    .selectFrom('package')
    .select(['passport_code', 'owner_org'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  // Moving to an organization that has a code gives a passport code only if the dataset had none.
  const passport_code =
    existing.passport_code ?? (input.owner_org !== existing.owner_org ? await assignPassportCode(ctx, input) : null);
  await ctx.db
    .updateTable('package')
    .set({ ...packageRow(input), passport_code, metadata_modified: now })
    .where('id', '=', id)
    .execute();
  await writeTags(ctx, id, input.tags, false);
  await writeGroups(ctx, id, input.groupIds, false);
  if (!opts.keepResources) await writeResources(ctx, id, input.resources, now, { countUpdates: true });
  await recordChange(ctx, 'package', id);
  await packageActivity(ctx, id, 'changed');
}

/** Bumps metadata_modified and records the change, for writes that touch only a resource. */
export async function touchPackage(ctx: ActionContext, id: string): Promise<void> {
  await ctx.db.updateTable('package').set({ metadata_modified: nowIso() }).where('id', '=', id).execute();
  await recordChange(ctx, 'package', id);
  await packageActivity(ctx, id, 'changed');
}
