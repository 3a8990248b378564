// The authorization rule of every action, in one place. A rule throws NotAuthorized or returns.
// Sysadmins never reach a rule (the runner skips them), as in CKAN.
import type { ActionContext, AuthRule } from '../actions/types.ts';
import { NotAuthorized } from '../errors.ts';
import { atLeast, canEditPackage, canReadPackage, capacityIn, type PackageVisibility } from './permissions.ts';
import { byRef, isUuid } from '../db/ref.ts';

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

// Resolvers: each finds, once, the rows an action will touch. The runner hands the result to the rule
// and to the handler, so what is authorized is what is changed (see ActionDef.resolve).

export type PackageRow = NonNullable<Awaited<ReturnType<typeof byRef<'package'>>>>;
export type GroupRowT = NonNullable<Awaited<ReturnType<typeof byRef<'group'>>>>;

/** The dataset named by the first of `keys` that holds a non-empty string (id or name). */
export function packageByKeys(...keys: string[]) {
  return (ctx: ActionContext, input: Record<string, unknown>): Promise<PackageRow | undefined> =>
    byRef(ctx.db, 'package', idOf(input, ...keys));
}

/** An active resource and the dataset it really belongs to (whatever `package_id` the caller sent). */
export interface ResourceTarget {
  resource: Awaited<ReturnType<typeof findResourceRow>> & object;
  pkg: PackageRow;
}

async function findResourceRow(ctx: ActionContext, id: unknown) {
  if (!isUuid(id)) return undefined;
  return ctx.db
    .selectFrom('resource')
    .leftJoin('upload', 'upload.resource_id', 'resource.id')
    .selectAll('resource')
    .select('upload.filename')
    .where('resource.id', '=', id)
    .where('resource.state', '=', 'active')
    .executeTakeFirst();
}

/** The active resource with this id and its dataset, or undefined. */
export async function resolveResource(ctx: ActionContext, id: unknown): Promise<ResourceTarget | undefined> {
  const resource = await findResourceRow(ctx, id);
  const pkg = resource ? await byRef(ctx.db, 'package', resource.package_id) : undefined;
  return resource && pkg ? { resource, pkg } : undefined;
}

export function resourceByKey(key: string) {
  return (ctx: ActionContext, input: Record<string, unknown>) => resolveResource(ctx, input[key]);
}

export const packageCreate: AuthRule = async (ctx, input) => {
  const u = ctx.user;
  if (!u) throw new NotAuthorized('User  not authorized to create packages');
  if (u.operator) return;
  // The seeds' workflow: the operator creates the passport, the organization's authors fill it in.
  if (ctx.config.operatorWorkflow)
    throw new NotAuthorized(`User ${u.name} not authorized to create packages: passports are created by the operator`);
  const org = idOf(input, 'owner_org');
  // Without an organization CKAN lets the request through to validation, which names what is missing.
  if (!org) return;
  const row = await byRef(ctx.db, 'group', org);
  if (row && row.is_organization && !atLeast(await capacityIn(ctx.db, u, row.id), 'editor'))
    throw new NotAuthorized(`User ${u.name} not authorized to add dataset to this organization`);
};

/** Read access to the resolved dataset; a missing or unknown id is left to the handler (409 / 404). */
export const packageRead: AuthRule<PackageVisibility | undefined> = async (ctx, _input, pkg) => {
  if (pkg && !(await canReadPackage(ctx, pkg)))
    throw new NotAuthorized(`User ${who(ctx)} not authorized to read package ${pkg.id}`);
};

export const packageEdit: AuthRule<PackageRow | undefined> = async (ctx, input, pkg) => {
  if (!ctx.user) throw new NotAuthorized(`User  not authorized to edit package ${idOf(input, 'id', 'name') ?? ''}`);
  if (pkg && !(await canEditPackage(ctx, pkg)))
    throw new NotAuthorized(`User ${who(ctx)} not authorized to edit package ${pkg.id}`);
};

export const packageDelete: AuthRule<PackageRow | undefined> = async (ctx, input, pkg) => {
  if (!ctx.user) throw new NotAuthorized(`User  not authorized to delete package ${idOf(input, 'id') ?? ''}`);
  if (ctx.config.operatorWorkflow && !ctx.user.operator)
    throw new NotAuthorized(
      `User ${who(ctx)} not authorized to delete package ${idOf(input, 'id') ?? ''}: passports are deleted by the operator`,
    );
  if (pkg && !(await canEditPackage(ctx, pkg)))
    throw new NotAuthorized(`User ${who(ctx)} not authorized to delete package ${pkg.id}`);
};

export const resourceRead: AuthRule<ResourceTarget | undefined> = async (ctx, input, target) => {
  if (target && !(await canReadPackage(ctx, target.pkg)))
    throw new NotAuthorized(
      `User ${who(ctx)} not authorized to read resource ${String(input.id ?? input.resource_id)}`,
    );
};

/** Editing a resource needs edit rights on the dataset it belongs to; a `package_id` in the input is
 * not what decides (CKAN's resource_update auth looks the resource up the same way). */
export const resourceEdit: AuthRule<ResourceTarget | undefined> = async (ctx, input, target) => {
  if (!ctx.user)
    throw new NotAuthorized(`User  not authorized to edit resource ${String(input.id ?? input.resource_id ?? '')}`);
  if (target && !(await canEditPackage(ctx, target.pkg)))
    throw new NotAuthorized(`User ${who(ctx)} not authorized to edit resource in package ${target.pkg.id}`);
};

/** resource_create: edit rights on the dataset named by package_id. */
export const resourceCreate: AuthRule<PackageRow | undefined> = async (ctx, input, pkg) => {
  if (!ctx.user)
    throw new NotAuthorized(`User  not authorized to create resources on package ${String(input.package_id ?? '')}`);
  if (pkg && !(await canEditPackage(ctx, pkg)))
    throw new NotAuthorized(`User ${who(ctx)} not authorized to edit resource in package ${pkg.id}`);
};

/** The organization or group named by `id`, in any state and of either kind. */
export function groupById(ctx: ActionContext, input: Record<string, unknown>): Promise<GroupRowT | undefined> {
  return byRef(ctx.db, 'group', idOf(input, 'id'));
}

/** Organization admins manage their organization and its members; operators manage all. */
export const groupAdmin: AuthRule<GroupRowT | undefined> = async (ctx, _input, g) => {
  const u = ctx.user;
  if (!u) throw new NotAuthorized('User  not authorized to edit group');
  if (u.operator) return;
  if (g && !atLeast(await capacityIn(ctx.db, u, g.id), 'admin'))
    throw new NotAuthorized(`User ${u.name} not authorized to edit group ${g.id}`);
};

/** Adding a dataset to a group needs editor rights in the group (CKAN: member_create on packages). */
export const memberCreate: AuthRule<GroupRowT | undefined> = async (ctx, input, g) => {
  const u = ctx.user;
  if (!u) throw new NotAuthorized('User  not authorized to edit group');
  if (u.operator || !g) return;
  const need = input.object_type === 'package' ? 'editor' : 'admin';
  if (!atLeast(await capacityIn(ctx.db, u, g.id), need))
    throw new NotAuthorized(`User ${u.name} not authorized to edit group ${g.id}`);
};

/** Acting on a user's own record (tokens, profile) or being a sysadmin. */
export function self(key: string, action: string): AuthRule {
  return (ctx, input) => {
    if (!ctx.user) throw new NotAuthorized(`Action ${action} requires an authenticated user`);
    const target = idOf(input, key);
    if (target && target !== ctx.user.id && target !== ctx.user.name)
      throw new NotAuthorized(`User ${ctx.user.name} not authorized to ${action.replace(/_/g, ' ')}`);
  };
}
