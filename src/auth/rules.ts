// The authorization rule of every action, in one place. A rule throws NotAuthorized or returns.
// Sysadmins never reach a rule (the runner skips them), as in CKAN.
import type { ActionContext, AuthRule } from '../actions/types.ts';
import { NotAuthorized } from '../api/errors.ts';
import { atLeast, canEditPackage, canReadPackage, capacityIn } from './permissions.ts';
import { findPackageRow } from '../packages/dictize.ts';
import { UUID } from '../packages/names.ts';
import { readPackage } from '../packages/lookup.ts';

const who = (ctx: ActionContext) => ctx.user?.name ?? '';

export const anyone: AuthRule = () => {};

export function loggedIn(action: string): AuthRule {
  return (ctx) => {
    if (!ctx.user) throw new NotAuthorized(`Action ${action} requires an authenticated user`);
  };
}

export const sysadminOnly: AuthRule = (ctx) => {
  throw new NotAuthorized(`User ${who(ctx)} not authorized to perform this action`);
};

/** Operators keep the dictionaries (structures, spheres, organizations) and may create passports anywhere. */
export const operator: AuthRule = (ctx) => {
  if (!ctx.user?.operator) throw new NotAuthorized(`User ${who(ctx)} not authorized to perform this action`);
};

function idOf(input: Record<string, unknown>, ...keys: string[]): string | null {
  for (const k of keys) if (typeof input[k] === 'string' && input[k]) return input[k] as string;
  return null;
}

export const packageCreate: AuthRule = async (ctx, input) => {
  const u = ctx.user;
  if (!u) throw new NotAuthorized('User  not authorized to create packages');
  if (u.operator) return;
  // The seeds' workflow: the operator creates the passport, the organization's authors fill it in.
  if (ctx.config.operatorWorkflow) throw new NotAuthorized(`User ${u.name} not authorized to create packages: passports are created by the operator`);
  const org = idOf(input, 'owner_org');
  if (!org) {
    if (ctx.config.createUnownedDataset) return;
    // CKAN lets the request through to validation, which names the missing organization.
    return;
  }
  const row = await ctx.db.selectFrom('group').select('id').where('is_organization', '=', true)
    .where((eb) => (UUID.test(org) ? eb.or([eb('id', '=', org), eb('name', '=', org)]) : eb('name', '=', org))).executeTakeFirst();
  if (row && !atLeast(await capacityIn(ctx.db, u, row.id), 'editor')) throw new NotAuthorized(`User ${u.name} not authorized to add dataset to this organization`);
};

async function packageFor(ctx: ActionContext, input: Record<string, unknown>) {
  const id = idOf(input, 'id', 'name_or_id', 'name');
  return id ? findPackageRow(ctx.db, id) : undefined;
}

/** Read access; a missing or unknown id is left to the handler (409 / 404). */
export const packageRead: AuthRule = async (ctx, input) => {
  const id = idOf(input, 'id', 'name_or_id');
  const pkg = id ? await readPackage(ctx, id) : undefined;
  if (pkg && !(await canReadPackage(ctx, pkg))) throw new NotAuthorized(`User ${who(ctx)} not authorized to read package ${pkg.id}`);
};

export const packageEdit: AuthRule = async (ctx, input) => {
  if (!ctx.user) throw new NotAuthorized(`User  not authorized to edit package ${idOf(input, 'id', 'name') ?? ''}`);
  const pkg = await packageFor(ctx, input);
  if (pkg && !(await canEditPackage(ctx, pkg))) throw new NotAuthorized(`User ${who(ctx)} not authorized to edit package ${pkg.id}`);
};

export const packageDelete: AuthRule = async (ctx, input) => {
  if (!ctx.user) throw new NotAuthorized(`User  not authorized to delete package ${idOf(input, 'id') ?? ''}`);
  if (ctx.config.operatorWorkflow && !ctx.user.operator) throw new NotAuthorized(`User ${who(ctx)} not authorized to delete package ${idOf(input, 'id') ?? ''}: passports are deleted by the operator`);
  const pkg = await packageFor(ctx, input);
  if (pkg && !(await canEditPackage(ctx, pkg))) throw new NotAuthorized(`User ${who(ctx)} not authorized to delete package ${pkg.id}`);
};

/** package_revise names its dataset in `match`. */
export const packageRevise: AuthRule = async (ctx, input) => {
  const match = (input.match && typeof input.match === 'object' ? input.match : {}) as Record<string, unknown>;
  return packageEdit(ctx, { id: match.id ?? match.name });
};

async function resourcePackage(ctx: ActionContext, input: Record<string, unknown>, key: string) {
  const id = idOf(input, key);
  if (!id || !UUID.test(id)) return undefined;
  const r = await ctx.db.selectFrom('resource').select('package_id').where('id', '=', id).executeTakeFirst();
  return r ? findPackageRow(ctx.db, r.package_id) : undefined;
}

export const resourceRead: AuthRule = async (ctx, input) => {
  const pkg = await resourcePackage(ctx, input, input.resource_id ? 'resource_id' : 'id');
  if (pkg && !(await canReadPackage(ctx, pkg))) throw new NotAuthorized(`User ${who(ctx)} not authorized to read resource ${String(input.id ?? input.resource_id)}`);
};

export const resourceEdit: AuthRule = async (ctx, input) => {
  if (!ctx.user) throw new NotAuthorized(`User  not authorized to edit resource ${String(input.id ?? input.resource_id ?? '')}`);
  const pkg = input.package_id ? await findPackageRow(ctx.db, String(input.package_id)) : await resourcePackage(ctx, input, input.resource_id ? 'resource_id' : 'id');
  if (pkg && !(await canEditPackage(ctx, pkg))) throw new NotAuthorized(`User ${who(ctx)} not authorized to edit resource in package ${pkg.id}`);
};

/** Organization admins manage their organization and its members; operators manage all. */
export const groupAdmin: AuthRule = async (ctx, input) => {
  const u = ctx.user;
  if (!u) throw new NotAuthorized('User  not authorized to edit group');
  if (u.operator) return;
  const ref = idOf(input, 'id', 'name');
  if (!ref) return;
  const g = await ctx.db.selectFrom('group').select('id')
    .where((eb) => (UUID.test(ref) ? eb.or([eb('id', '=', ref), eb('name', '=', ref)]) : eb('name', '=', ref))).executeTakeFirst();
  if (g && !atLeast(await capacityIn(ctx.db, u, g.id), 'admin')) throw new NotAuthorized(`User ${u.name} not authorized to edit group ${g.id}`);
};

/** Adding a dataset to a group needs editor rights in the group (CKAN: member_create on packages). */
export const memberCreate: AuthRule = async (ctx, input) => {
  const u = ctx.user;
  if (!u) throw new NotAuthorized('User  not authorized to edit group');
  if (u.operator) return;
  const ref = idOf(input, 'id');
  if (!ref) return;
  const g = await ctx.db.selectFrom('group').select('id')
    .where((eb) => (UUID.test(ref) ? eb.or([eb('id', '=', ref), eb('name', '=', ref)]) : eb('name', '=', ref))).executeTakeFirst();
  if (!g) return;
  const need = input.object_type === 'package' ? 'editor' : 'admin';
  if (!atLeast(await capacityIn(ctx.db, u, g.id), need)) throw new NotAuthorized(`User ${u.name} not authorized to edit group ${g.id}`);
};

/** Acting on a user's own record (tokens, profile) or being a sysadmin. */
export function self(key: string, action: string): AuthRule {
  return (ctx, input) => {
    if (!ctx.user) throw new NotAuthorized(`Action ${action} requires an authenticated user`);
    const target = idOf(input, key);
    if (target && target !== ctx.user.id && target !== ctx.user.name) throw new NotAuthorized(`User ${ctx.user.name} not authorized to ${action.replace(/_/g, ' ')}`);
  };
}
