// Authorization rules of the organization, group (sphere) and structure actions. Sysadmins never reach
// these (the runner skips them). The dictionaries (structures, spheres, organizations) are kept by the
// site-wide operator; an organization's admins edit its description and manage its members.
import type { ActionContext, AuthRule } from '../actions/types.ts';
import { NotAuthorized } from '../api/errors.ts';
import { asbool } from '../actions/validate.ts';
import { UUID } from '../packages/names.ts';
import { capacityIn } from './permissions.ts';
import { groupAdmin, memberCreate } from './rules.ts';

const who = (ctx: ActionContext) => ctx.user?.name ?? '';

function str(v: unknown): string | null {
  if (typeof v === 'string') return v === '' ? null : v;
  if (typeof v === 'number') return String(v);
  return null;
}

async function findGroupRow(ctx: ActionContext, ref: string) {
  return ctx.db.selectFrom('group').selectAll()
    .where((eb) => (UUID.test(ref) ? eb.or([eb('id', '=', ref), eb('name', '=', ref)]) : eb('name', '=', ref)))
    .executeTakeFirst();
}

async function findUserId(ctx: ActionContext, ref: string): Promise<string | null> {
  const row = await ctx.db.selectFrom('user').select('id')
    .where((eb) => (UUID.test(ref) ? eb.or([eb('id', '=', ref), eb('name', '=', ref)]) : eb('name', '=', ref)))
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Operators and sysadmins hold their rights site-wide, so only membership-based admins are guarded. */
const siteWide = (ctx: ActionContext) => !!ctx.user && (ctx.user.sysadmin || ctx.user.operator);

/** An admin may not lower or end their own admin membership: the organization would lose its manager. */
async function guardSelfDemotion(ctx: ActionContext, groupId: string, targetUserId: string | null, newCapacity: string | null) {
  const u = ctx.user;
  if (!u || siteWide(ctx) || !targetUserId || targetUserId !== u.id) return;
  if ((await capacityIn(ctx.db, u, groupId)) === 'admin' && newCapacity !== 'admin') {
    throw new NotAuthorized(`User ${u.name} cannot demote themselves from admin of group ${groupId}`);
  }
}

/** Reading an organization or group: active ones are public; a deleted one only for its members. */
export function groupRead(organization: boolean): AuthRule {
  return async (ctx, input) => {
    const ref = str(input.id);
    if (!ref) return;
    const g = await findGroupRow(ctx, ref);
    // The wrong kind is a 404 from the handler, never a 403 here.
    if (!g || g.is_organization !== organization || g.state === 'active') return;
    if (siteWide(ctx)) return;
    if ((await capacityIn(ctx.db, ctx.user, g.id)) === null) throw new NotAuthorized(`User ${who(ctx)} not authorized to read group ${g.id}`);
  };
}

/** `users` in an update replaces the member list: an admin must stay admin in it. */
async function guardUsersList(ctx: ActionContext, groupId: string, users: unknown) {
  const u = ctx.user;
  if (!u || siteWide(ctx) || !Array.isArray(users)) return;
  let mine: string | null = null;
  for (const entry of users) {
    const ref = entry && typeof entry === 'object' ? str((entry as Record<string, unknown>).name) ?? str((entry as Record<string, unknown>).id) : str(entry);
    if (ref && (ref === u.id || ref === u.name)) mine = str((entry as Record<string, unknown>)?.capacity) ?? 'member';
  }
  await guardSelfDemotion(ctx, groupId, u.id, mine);
}

/** Fields of the organization dictionary that drive passport codes and dataset intake: operator only. */
const OPERATOR_FIELDS = ['code', 'structure', 'active'] as const;

/** organization_update / organization_patch: the org's admins or an operator; admins may not change
 * code, structure or the active flag, nor demote themselves through `users`. */
export const organizationUpdate: AuthRule = async (ctx, input) => {
  await groupAdmin(ctx, input);
  const ref = str(input.id) ?? str(input.name);
  if (!ref || siteWide(ctx)) return;
  const g = await findGroupRow(ctx, ref);
  if (!g) return;
  const current: Record<(typeof OPERATOR_FIELDS)[number], unknown> = { code: g.code, structure: g.structure_code, active: g.active };
  for (const k of OPERATOR_FIELDS) {
    if (input[k] === undefined) continue;
    const same = k === 'active' ? asbool(input[k]) === current.active : str(input[k]) === current[k];
    if (!same) throw new NotAuthorized(`User ${who(ctx)} not authorized to change ${k} of organization ${g.id}`);
  }
  await guardUsersList(ctx, g.id, input.users);
};

/** group_update / group_patch: the group's admins or an operator. */
export const groupUpdate: AuthRule = async (ctx, input) => {
  await groupAdmin(ctx, input);
  const ref = str(input.id) ?? str(input.name);
  if (!ref || siteWide(ctx)) return;
  const g = await findGroupRow(ctx, ref);
  if (g) await guardUsersList(ctx, g.id, input.users);
};

/** member_create / member_delete: editors add datasets to groups, admins manage users; nobody demotes
 * themselves. A missing capacity (member_delete) means the membership ends. */
export const memberChange: AuthRule = async (ctx, input) => {
  await memberCreate(ctx, input);
  const ref = str(input.id);
  const obj = str(input.object);
  if (!ref || !obj || input.object_type !== 'user') return;
  const g = await findGroupRow(ctx, ref);
  if (g) await guardSelfDemotion(ctx, g.id, await findUserId(ctx, obj), str(input.capacity));
};

/** organization_member_create / organization_member_delete: the org's admins or an operator. */
export const organizationMemberChange: AuthRule = async (ctx, input) => {
  await groupAdmin(ctx, { id: input.id });
  const ref = str(input.id);
  const username = str(input.username) ?? str(input.user_id);
  if (!ref || !username) return;
  const g = await findGroupRow(ctx, ref);
  if (g) await guardSelfDemotion(ctx, g.id, await findUserId(ctx, username), str(input.role));
};
