import { defineAction } from '../types.ts';
import { NotFound, ValidationError } from '../../errors.ts';
import { apiTokenCreate, userByKeys, type UserRowT } from '../../auth/rules-user.ts';
import { createToken } from '../../auth/users.ts';
import { parseScopes, SCOPES } from '../../auth/scopes.ts';

// Ten years: longer is no expiry in practice, and keeps the date inside what PostgreSQL stores.
const MAX_LIFETIME_S = 10 * 366 * 24 * 3600;

/** A naive UTC timestamp `seconds` from now, in the dicts' format. */
function expiryIn(seconds: number): string {
  return new Date(Date.now() + seconds * 1000).toISOString().slice(0, 23) + '000';
}

export default defineAction({
  name: 'api_token_create',
  tag: 'users',
  description: `Create an API token for a user. Send it in the Authorization header (or X-CKAN-API-Key).

:param user: the id or name of the user who will own the token
:param name: a name for the token, to tell tokens apart
:param expires_in: optional lifetime, in units of \`unit\` (CKAN's expire_api_token plugin)
:param unit: the unit of expires_in in seconds (default 1; e.g. 86400 for days)
:param scope: optional scopes (a list, or a space-separated string) among ${SCOPES.join(', ')};
  default: every scope. \`read\` is always included; \`admin\` includes the others.
:rtype: {"token": "<token>"}

Without expires_in the token lives PASPORT_TOKEN_DEFAULT_TTL (no expiry when unset). Creating a
token with a token needs the \`admin\` scope, so a restricted token cannot mint a wider one. The caller must be that user or
a sysadmin. The token is shown only once: Pasport stores its hash.`,
  sideEffectFree: false,
  input: {
    type: 'object',
    properties: {
      user: { type: 'string', minLength: 1 },
      name: { type: 'string', minLength: 1, maxLength: 200 },
      expires_in: { type: 'integer', minimum: 1 },
      unit: { type: 'integer', minimum: 1 },
      scope: { type: ['string', 'array'], items: { type: 'string' } },
    },
    required: ['user', 'name'],
  },
  resolve: userByKeys('user'),
  auth: apiTokenCreate,
  async handler(
    ctx,
    input: { user: string; name: string; expires_in?: number; unit?: number; scope?: string | string[] },
    row?: UserRowT,
  ) {
    if (!row) throw new NotFound('User not found');
    if (row.state !== 'active') throw new ValidationError({ user: ['User is not active'] });
    let expiresAt: string | null = null;
    if (input.expires_in !== undefined) {
      const seconds = input.expires_in * (input.unit ?? 1);
      if (seconds > MAX_LIFETIME_S)
        throw new ValidationError({ expires_in: [`Must be at most ${MAX_LIFETIME_S} seconds`] });
      expiresAt = expiryIn(seconds);
    } else if (input.unit !== undefined) throw new ValidationError({ expires_in: ['Missing value'] });
    else if (ctx.config.identity.tokenDefaultTtlSeconds)
      expiresAt = expiryIn(ctx.config.identity.tokenDefaultTtlSeconds);
    const scopes = parseScopes(input.scope);
    const { token } = await createToken(ctx.db, row.id, input.name.trim() || input.name, expiresAt, scopes);
    return { token };
  },
});
