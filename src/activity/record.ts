// CKAN's activity stream, written in the same transaction as the change it records: "new package",
// "changed package", "deleted package", the same for organizations and groups, "new user" and
// "changed user". One action that writes an object several times (package_create, then its resources)
// leaves one activity, holding the object as it stands at the end.
//
// Visibility follows CKAN 2.11's permission labels: a public active dataset is 'public'; otherwise
// 'creator-<user id>' and 'member-<organization id>'. Organizations and groups are public; a user's
// own record is theirs ('creator-<id>'), since it names a person.
import { rememberDict } from '../packages/dict-memo.ts';
import crypto from 'node:crypto';
import type { ActionContext } from '../actions/types.ts';
import { loadPackage } from '../packages/dictize.ts';
import { nowIso } from '../packages/time.ts';

type Kind = 'new' | 'changed' | 'deleted';

/** Activities written by the current transaction, by object: later writes refresh them. */
const written = new WeakMap<object, Map<string, { id: string; kind: Kind }>>();

async function upsert(
  ctx: ActionContext,
  objectId: string,
  kind: Kind,
  noun: string,
  data: Record<string, unknown>,
  labels: string[],
  ownerOrg: string | null,
  actor = ctx.user?.id ?? null,
) {
  let mine = written.get(ctx.db);
  if (!mine) written.set(ctx.db, (mine = new Map()));
  const prev = mine.get(objectId);
  if (prev) {
    // Created and changed in one action is still "new"; deleted wins over both.
    const k: Kind = kind === 'deleted' ? 'deleted' : prev.kind;
    await ctx.db
      .updateTable('activity')
      .set({
        activity_type: `${k} ${noun}`,
        data: JSON.stringify(data),
        permission_labels: labels,
        owner_org: ownerOrg,
      })
      .where('id', '=', prev.id)
      .execute();
    prev.kind = k;
    return;
  }
  const id = crypto.randomUUID();
  await ctx.db
    .insertInto('activity')
    .values({
      id,
      timestamp: nowIso(ctx.services.clock),
      user_id: actor,
      object_id: objectId,
      activity_type: `${kind} ${noun}`,
      data: JSON.stringify(data),
      owner_org: ownerOrg,
      permission_labels: labels,
    })
    .execute();
  mine.set(objectId, { id, kind });
}

export function datasetLabels(p: {
  state: string;
  private: boolean;
  owner_org: string | null;
  creator_user_id: string | null;
}): string[] {
  if (p.state === 'active' && !p.private) return ['public'];
  const labels: string[] = [];
  if (p.creator_user_id) labels.push(`creator-${p.creator_user_id}`);
  if (p.owner_org) labels.push(`member-${p.owner_org}`);
  return labels;
}

export async function packageActivity(ctx: ActionContext, packageId: string, kind: Kind): Promise<void> {
  const dict = await loadPackage(ctx.db, packageId, ctx.config);
  if (!dict) return;
  rememberDict(ctx, dict);
  await upsert(ctx, packageId, kind, 'package', { package: dict }, datasetLabels(dict), dict.owner_org ?? null);
}

export async function groupActivity(ctx: ActionContext, groupId: string, kind: Kind): Promise<void> {
  const g = await ctx.db.selectFrom('group').selectAll().where('id', '=', groupId).executeTakeFirst();
  if (!g) return;
  const group = {
    id: g.id,
    name: g.name,
    title: g.title ?? g.name,
    type: g.type,
    is_organization: g.is_organization,
    state: g.state,
    description: g.description ?? '',
    image_url: g.image_url ?? '',
    title_translated: g.title_translated,
    approval_status: g.approval_status,
    created: g.created,
    ...(g.is_organization ? { code: g.code, structure: g.structure_code } : {}),
  };
  await upsert(
    ctx,
    groupId,
    kind,
    g.is_organization ? 'organization' : 'group',
    { group },
    ['public'],
    g.is_organization ? g.id : null,
  );
}

export async function userActivity(ctx: ActionContext, userId: string, kind: 'new' | 'changed'): Promise<void> {
  // As CKAN: a user's own activities carry the user as actor, whoever made the call.
  const u = await ctx.db
    .selectFrom('user')
    .select(['id', 'name', 'state', 'created'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!u) return;
  await upsert(
    ctx,
    userId,
    kind,
    'user',
    { user: { id: u.id, name: u.name, state: u.state, created: u.created } },
    [`creator-${u.id}`],
    null,
    u.id,
  );
}
