import { defineAction } from '../types.ts';
import { NotFound, ValidationError } from '../../errors.ts';
import { apiTokenRevoke } from '../../auth/rules-user.ts';
import { hashToken } from '../../auth/tokens.ts';
import { UUID } from '../../packages/names.ts';
import { nowIso } from '../../packages/time.ts';

export default defineAction({
  name: 'api_token_revoke',
  tag: 'users',
  description: `Revoke an API token: it stops working at once.

:param token: the token itself
:param jti: or its id (as api_token_list returns it)
:rtype: null

The caller must own the token or be a sysadmin.`,
  sideEffectFree: false,
  input: { type: 'object', properties: { token: { type: 'string' }, jti: { type: 'string' } } },
  auth: apiTokenRevoke,
  async handler(ctx, input) {
    let q = ctx.db.updateTable('api_token').set({ revoked_at: nowIso() }).where('revoked_at', 'is', null);
    if (input.jti) {
      if (!UUID.test(input.jti)) throw new NotFound('API token not found');
      q = q.where('id', '=', input.jti);
    } else if (input.token) {
      // Looked up by hash, not by the jti inside it: the token's payload is not trusted.
      q = q.where('token_hash', '=', hashToken(input.token.replace(/^Bearer\s+/i, '').trim()));
    } else throw new ValidationError({ token: ['Missing value'] });
    const rows = await q.returning('id').execute();
    if (!rows.length) {
      const ref = input.jti
        ? ctx.db.selectFrom('api_token').select('id').where('id', '=', input.jti)
        : ctx.db
            .selectFrom('api_token')
            .select('id')
            .where('token_hash', '=', hashToken(input.token!.replace(/^Bearer\s+/i, '').trim()));
      // Revoking twice is harmless; an unknown token is not.
      if (!(await ref.executeTakeFirst())) throw new NotFound('API token not found');
    }
    // Clear now, so requests racing the commit cannot keep a cached "valid", and again after commit.
    ctx.services.tokenCache.clear();
    ctx.afterCommit(() => ctx.services.tokenCache.clear());
    return null;
  },
});
