// Memberships of users and datasets in organizations and groups, shared by member_* and
// organization_member_*. A helper module: no default export.
import type { ActionContext } from '../types.ts';
import { NotFound, ValidationError } from '../../errors.ts';
import { byRef } from '../../db/ref.ts';
import { recordChange } from '../../outbox.ts';
import { USER_CAPACITIES, memberDict, type GroupRow } from './common.ts';
import { upsertMember } from './input.ts';

export type ObjectType = 'user' | 'package';

/** The id of the user or dataset named by id or name; CKAN's "<Type> was not found." otherwise. */
export async function resolveObject(ctx: ActionContext, type: ObjectType, ref: string): Promise<string> {
  const found = await byRef(ctx.db, type, ref);
  const row = found && found.state !== 'deleted' ? found : undefined;
  if (!row) throw new NotFound(`${type === 'user' ? 'User' : 'Package'} was not found.`);
  return row.id;
}

function checkCapacity(type: ObjectType, capacity: unknown, key: string): string {
  const allowed = type === 'user' ? USER_CAPACITIES : ['public'];
  if (typeof capacity !== 'string' || !capacity) throw new ValidationError({ [key]: ['Missing value'] });
  if (!allowed.includes(capacity))
    throw new ValidationError({ [key]: [`Value must be one of: ${allowed.join(', ')}`] });
  return capacity;
}

function checkDatasetTarget(g: GroupRow, type: ObjectType) {
  // A dataset belongs to its organization through owner_org; a second link would contradict it.
  if (type === 'package' && g.is_organization)
    throw new ValidationError({ object_type: ['Datasets join an organization through owner_org'] });
}

/** Adds or updates the membership; returns CKAN's member dict. */
export async function addMember(
  ctx: ActionContext,
  g: GroupRow,
  type: ObjectType,
  objectId: string,
  capacityIn: unknown,
  capacityKey = 'capacity',
) {
  checkDatasetTarget(g, type);
  const capacity = checkCapacity(type, capacityIn, capacityKey);
  const m = await upsertMember(ctx, g.id, type, objectId, capacity);
  await touch(ctx, g, type, objectId);
  return memberDict(m);
}

/** Ends the membership if there is one. */
export async function removeMember(ctx: ActionContext, g: GroupRow, type: ObjectType, objectId: string): Promise<null> {
  const ended = await ctx.db
    .updateTable('member')
    .set({ state: 'deleted' })
    .where('group_id', '=', g.id)
    .where('table_name', '=', type)
    .where('table_id', '=', objectId)
    .where('state', '=', 'active')
    .returning('id')
    .execute();
  if (ended.length) await touch(ctx, g, type, objectId);
  return null;
}

async function touch(ctx: ActionContext, g: GroupRow, type: ObjectType, objectId: string) {
  // A dataset's dict lists its groups, so the dataset changes too (search index, caches).
  if (type === 'package') await recordChange(ctx, 'package', objectId);
  await recordChange(ctx, g.is_organization ? 'organization' : 'group', g.id);
}

export function objectType(v: unknown): ObjectType {
  if (v === undefined || v === null || v === '') throw new ValidationError({ object_type: ['Missing value'] });
  if (v !== 'user' && v !== 'package')
    throw new ValidationError({ object_type: ['Value must be one of: user, package'] });
  return v;
}

export function required(input: Record<string, unknown>, ...keys: string[]): void {
  const missing = keys.filter((k) => typeof input[k] !== 'string' || input[k] === '');
  if (missing.length) throw new ValidationError(Object.fromEntries(missing.map((k) => [k, ['Missing value']])));
}
