// Authorization rules of the user, API-token and tag actions. Sysadmins never reach these (the runner
// skips them). Rules that name a user resolve it first, so an unknown user is a 404 for everyone, as
// in CKAN (its auth functions look the user up before deciding).
import type { ActionContext, AuthRule } from '../actions/types.ts';
import { NotAuthorized, NotFound } from '../errors.ts';
import { byRef, isUuid } from '../db/ref.ts';
import { hashToken } from './tokens.ts';
import { stringOnly } from '../coerce.ts';

const who = (ctx: ActionContext) => ctx.user?.name ?? '';

const str = stringOnly;

/** The row of a user named by id or name, or undefined. */
export async function findUserRow(ctx: Pick<ActionContext, 'db'>, ref: string) {
  return byRef(ctx.db, 'user', ref);
}

export type UserRowT = NonNullable<Awaited<ReturnType<typeof findUserRow>>>;

/** Resolver: the user named by the first of `keys` holding a non-empty string. */
export function userByKeys(...keys: string[]) {
  return async (ctx: ActionContext, input: Record<string, unknown>): Promise<UserRowT | undefined> => {
    const ref = keys.map((k) => str(input[k])).find(Boolean);
    return ref ? findUserRow(ctx, ref) : undefined;
  };
}

/** Only sysadmins may grant or remove the sysadmin and operator roles (and link identities). */
function privilegedFields(ctx: ActionContext, input: Record<string, unknown>, action: string): void {
  for (const k of ['sysadmin', 'operator', 'oidc_sub', 'state']) {
    if (input[k] !== undefined && input[k] !== null) {
      throw new NotAuthorized(`User ${who(ctx)} not authorized to set ${k} in ${action}`);
    }
  }
}

/** Operators create accounts (people otherwise arrive through OpenID Connect), without roles. */
export const userCreate: AuthRule = (ctx, input) => {
  if (!ctx.user?.operator) throw new NotAuthorized(`User ${who(ctx)} not authorized to create users`);
  privilegedFields(ctx, input, 'user_create');
};

/** A user edits their own profile, never their own roles. */
export const userUpdate: AuthRule<UserRowT | undefined> = async (ctx, input, row) => {
  if (!ctx.user) throw new NotAuthorized('User  not authorized to update user');
  if (!str(input.id)) return; // validation names the missing id
  if (!row) throw new NotFound('User not found');
  if (row.id !== ctx.user.id) throw new NotAuthorized(`User ${ctx.user.name} not authorized to edit user ${row.id}`);
  privilegedFields(ctx, input, 'user_update');
};

/** Creating or listing tokens: only for oneself. */
function tokenOwner(action: string, ...keys: string[]): AuthRule<UserRowT | undefined> {
  return async (ctx, input, row) => {
    if (!ctx.user) throw new NotAuthorized(`Action ${action} requires an authenticated user`);
    if (!keys.some((k) => str(input[k]))) return; // defaults to the caller, or validation reports it
    if (!row) throw new NotFound('User not found');
    if (row.id !== ctx.user.id)
      throw new NotAuthorized(`User ${ctx.user.name} not authorized to ${action.replace(/_/g, ' ')}`);
  };
}

export const apiTokenCreate = tokenOwner('api_token_create', 'user');
export const apiTokenList = tokenOwner('api_token_list', 'user_id', 'user');

/** Revoking: the token must be the caller's own; unknown tokens are left to the handler (404). */
export const apiTokenRevoke: AuthRule = async (ctx, input) => {
  if (!ctx.user) throw new NotAuthorized('Action api_token_revoke requires an authenticated user');
  const jti = str(input.jti);
  const token = str(input.token);
  let q = ctx.db.selectFrom('api_token').select('user_id');
  if (jti) {
    if (!isUuid(jti)) return;
    q = q.where('id', '=', jti);
  } else if (token) q = q.where('token_hash', '=', hashToken(token.replace(/^Bearer\s+/i, '').trim()));
  else return;
  const row = await q.executeTakeFirst();
  if (row && row.user_id !== ctx.user.id)
    throw new NotAuthorized(`User ${ctx.user.name} not authorized to revoke this API token`);
};
