// Authorization rules of the organization, group (sphere) and structure actions. Sysadmins never reach
// these (the runner skips them). The dictionaries (structures, spheres, organizations) are kept by the
// site-wide operator; an organization's admins edit its description and manage its members.
import type { ActionContext, AuthRule } from '../actions/types.ts';
import { NotAuthorized } from '../errors.ts';
import { asbool } from '../actions/validate.ts';
import { byRef } from '../db/ref.ts';
import { capacityIn } from './permissions.ts';
import { groupAdmin, memberCreate, type GroupRowT } from './rules.ts';
import { refText } from '../coerce.ts';

const who = (ctx: ActionContext) => ctx.user?.name ?? '';

const str = refText;

async function findUserId(ctx: ActionContext, ref: string): Promise<string | null> {
  return (await byRef(ctx.db, 'user', ref))?.id ?? null;
}

/** Operators and sysadmins hold their rights site-wide, so only membership-based admins are guarded. */
const siteWide = (ctx: ActionContext) => !!ctx.user && (ctx.user.sysadmin || ctx.user.operator);

/** An admin may not lower or end their own admin membership: the organization would lose its manager. */
async function guardSelfDemotion(
  ctx: ActionContext,
  groupId: string,
  targetUserId: string | null,
  newCapacity: string | null,
) {
  const u = ctx.user;
  if (!u || siteWide(ctx) || !targetUserId || targetUserId !== u.id) return;
  if ((await capacityIn(ctx.db, u, groupId)) === 'admin' && newCapacity !== 'admin') {
    throw new NotAuthorized(`User ${u.name} cannot demote themselves from admin of group ${groupId}`);
  }
}

/** Reading an organization or group: active ones are public; a deleted one only for its members. */
export function groupRead(organization: boolean): AuthRule<GroupRowT | undefined> {
  return async (ctx, _input, g) => {
    // The wrong kind is a 404 from the handler, never a 403 here.
    if (!g || g.is_organization !== organization || g.state === 'active') return;
    if (siteWide(ctx)) return;
    if ((await capacityIn(ctx.db, ctx.user, g.id)) === null)
      throw new NotAuthorized(`User ${who(ctx)} not authorized to read group ${g.id}`);
  };
}

/** `users` in an update replaces the member list: an admin must stay admin in it. */
async function guardUsersList(ctx: ActionContext, groupId: string, users: unknown) {
  const u = ctx.user;
  if (!u || siteWide(ctx) || !Array.isArray(users)) return;
  let mine: string | null = null;
  for (const entry of users) {
    const ref =
      entry && typeof entry === 'object'
        ? (str((entry as Record<string, unknown>).name) ?? str((entry as Record<string, unknown>).id))
        : str(entry);
    if (ref && (ref === u.id || ref === u.name)) mine = str((entry as Record<string, unknown>)?.capacity) ?? 'member';
  }
  await guardSelfDemotion(ctx, groupId, u.id, mine);
}

/** Fields of the organization dictionary that drive passport codes, dataset intake and the memberships
 * sign-in grants (external_id): operator only. */
const OPERATOR_FIELDS = ['code', 'structure', 'active', 'external_id'] as const;

/** organization_update / organization_patch: the org's admins or an operator; admins may not change
 * code, structure or the active flag, nor demote themselves through `users`. */
export const organizationUpdate: AuthRule<GroupRowT | undefined> = async (ctx, input, g) => {
  await groupAdmin(ctx, input, g);
  if (!g || siteWide(ctx)) return;
  const current: Record<(typeof OPERATOR_FIELDS)[number], unknown> = {
    code: g.code,
    structure: g.structure_code,
    active: g.active,
    external_id: g.external_id ?? null,
  };
  for (const k of OPERATOR_FIELDS) {
    if (input[k] === undefined) continue;
    const same = k === 'active' ? asbool(input[k]) === current.active : str(input[k]) === current[k];
    if (!same) throw new NotAuthorized(`User ${who(ctx)} not authorized to change ${k} of organization ${g.id}`);
  }
  await guardUsersList(ctx, g.id, input.users);
};

/** group_update / group_patch: the group's admins or an operator. */
export const groupUpdate: AuthRule<GroupRowT | undefined> = async (ctx, input, g) => {
  await groupAdmin(ctx, input, g);
  if (g && !siteWide(ctx)) await guardUsersList(ctx, g.id, input.users);
};

/** member_create / member_delete: editors add datasets to groups, admins manage users; nobody demotes
 * themselves. A missing capacity (member_delete) means the membership ends. */
export const memberChange: AuthRule<GroupRowT | undefined> = async (ctx, input, g) => {
  await memberCreate(ctx, input, g);
  const obj = str(input.object);
  if (!g || !obj || input.object_type !== 'user') return;
  await guardSelfDemotion(ctx, g.id, await findUserId(ctx, obj), str(input.capacity));
};

/** organization_member_create / organization_member_delete: the org's admins or an operator. */
export const organizationMemberChange: AuthRule<GroupRowT | undefined> = async (ctx, input, g) => {
  await groupAdmin(ctx, input, g);
  const username = str(input.username) ?? str(input.user_id);
  if (!g || !username) return;
  await guardSelfDemotion(ctx, g.id, await findUserId(ctx, username), str(input.role));
};
