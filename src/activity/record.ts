// CKAN's activity stream, written in the same transaction as the change it records: "new package",
// "changed package", "deleted package", the same for organizations and groups, "new user" and
// "changed user". One action that writes an object several times (package_create, then its resources)
// leaves one activity, holding the object as it stands at the end.
//
// Visibility follows CKAN 2.11's permission labels: a public active dataset is 'public'; otherwise
// 'creator-<user id>' and 'member-<organization id>'. Organizations and groups are public; a user's
// own record is theirs ('creator-<id>'), since it names a person.
import { currentDict, currentDicts } from '../packages/dict-memo.ts';
import crypto from 'node:crypto';
import type { ActionContext } from '../actions/types.ts';
import type { Insertable } from 'kysely';
import type { PackageDict } from '../packages/dictize.ts';
import type { ActivityTable } from '../db/schema.ts';
import { nowIso } from '../packages/time.ts';

type Kind = 'new' | 'changed' | 'deleted';

/** Activities written by the current transaction, by object: later writes refresh them. */
const written = new WeakMap<object, Map<string, { id: string; kind: Kind }>>();

/** Writes an object's activity, or refreshes the one this transaction wrote already. The actor is the
 * caller and the time now unless given; `batched`: a new row is returned for the caller to insert with
 * others instead of being inserted here. */
async function upsert(
  ctx: ActionContext,
  objectId: string,
  kind: Kind,
  noun: string,
  data: Record<string, unknown>,
  labels: string[],
  ownerOrg: string | null,
  opts: { actor?: string; at?: string; batched?: boolean } = {},
): Promise<Insertable<ActivityTable> | null> {
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
    return null;
  }
  const row = {
    id: crypto.randomUUID(),
    timestamp: opts.at ?? nowIso(ctx.services.clock),
    user_id: opts.actor ?? ctx.user?.id ?? null,
    object_id: objectId,
    activity_type: `${kind} ${noun}`,
    data: JSON.stringify(data),
    owner_org: ownerOrg,
    permission_labels: labels,
  };
  mine.set(objectId, { id: row.id, kind });
  if (opts.batched) return row;
  await ctx.db.insertInto('activity').values(row).execute();
  return null;
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

/** Dataset activities a transaction has asked for and not written yet, by dataset: kind and time. */
const pending = new WeakMap<ActionContext, Map<string, { kind: Kind; at: string }>>();

/**
 * Records a dataset's activity. Inside a runner transaction it is written just before the commit, for
 * every dataset the transaction touched at once, holding the dataset as it stands then: a harvest's
 * batch of 50 creates loaded 50 dicts one by one for their activities (7 queries each), and now loads
 * them in one go, shared with the search documents (src/search/write-sync.ts).
 */
export async function packageActivity(ctx: ActionContext, packageId: string, kind: Kind): Promise<void> {
  if (!ctx.beforeCommit) {
    const dict = await currentDict(ctx, packageId);
    if (dict) await datasetActivity(ctx, dict, kind);
    return;
  }
  let mine = pending.get(ctx);
  if (!mine) {
    pending.set(ctx, (mine = new Map()));
    const todo = mine;
    ctx.beforeCommit(async () => {
      pending.delete(ctx);
      // In slices: a bulk action may touch thousands of datasets (statement parameters, memory).
      const all = [...todo];
      for (let i = 0; i < all.length; i += 500) {
        const slice = all.slice(i, i + 500);
        const dicts = await currentDicts(
          ctx,
          slice.map(([id]) => id),
        );
        const rows: Insertable<ActivityTable>[] = [];
        for (const [id, { kind: k, at }] of slice) {
          const dict = dicts.get(id);
          const row = dict && (await datasetActivity(ctx, dict, k, at, true));
          if (row) rows.push(row);
        }
        if (rows.length) await ctx.db.insertInto('activity').values(rows).execute();
      }
    });
  }
  const prev = mine.get(packageId);
  // Created and changed in one transaction is still "new"; deleted wins over both.
  mine.set(packageId, {
    kind: kind === 'deleted' ? 'deleted' : (prev?.kind ?? kind),
    at: prev?.at ?? nowIso(ctx.services.clock),
  });
}

function datasetActivity(ctx: ActionContext, dict: PackageDict, kind: Kind, at?: string, batched = false) {
  const labels = datasetLabels(dict);
  return upsert(ctx, dict.id, kind, 'package', { package: dict }, labels, dict.owner_org ?? null, { at, batched });
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
    { actor: u.id },
  );
}
