import { defineAction } from '../types.ts';
import { NotFound } from '../../errors.ts';
import { apiTokenList, userByKeys, type UserRowT } from '../../auth/rules-user.ts';
import { SCOPES, scopesOf } from '../../auth/scopes.ts';

export default defineAction({
  name: 'api_token_list',
  tag: 'users',
  description: `Return a user's API tokens (never the tokens themselves: Pasport keeps only their hashes).

:param user_id: the id or name of the user (default: the caller; \`user\` is accepted too)
:rtype: list of {id, name, user_id, created, last_access, expires_at, scope}

\`scope\` lists the token's scopes (all of them for a token created without a scope); \`last_access\` is
when it was last used (recorded at most every few seconds).

Revoked tokens are not listed. The caller must be that user or a sysadmin; \`id\` is the \`jti\` that
api_token_revoke takes.`,
  sideEffectFree: true,
  input: { type: 'object', properties: { user_id: { type: 'string' }, user: { type: 'string' } } },
  resolve: (ctx, input: { user_id?: string; user?: string }) =>
    userByKeys('user_id', 'user')(ctx, { ...input, user: input.user || ctx.user?.id }),
  auth: apiTokenList,
  async handler(ctx, _input: { user_id?: string; user?: string }, row?: UserRowT) {
    if (!row) throw new NotFound('User not found');
    const rows = await ctx.db
      .selectFrom('api_token')
      .select(['id', 'name', 'user_id', 'created', 'last_access', 'expires_at', 'scopes'])
      .where('user_id', '=', row.id)
      .where('revoked_at', 'is', null)
      .orderBy('created')
      .orderBy('id')
      .execute();
    return rows.map(({ scopes, ...r }) => ({ ...r, scope: scopesOf(scopes) ?? [...SCOPES] }));
  },
});
