// API tokens. They look like CKAN's (a JWT: clients treat them as opaque strings) but carry 256 random
// bits in the signature part; only their SHA-256 is stored, so a database leak reveals no token.
import crypto from 'node:crypto';
import type { Services } from '../services.ts';
import type { AuthUser } from '../actions/types.ts';
import { nowIso } from '../packages/time.ts';
import { scopesOf } from './scopes.ts';

const b64 = (v: string | Buffer) => Buffer.from(v).toString('base64url');

export function mintToken(tokenId: string): string {
  const header = b64(JSON.stringify({ typ: 'JWT', alg: 'HS256' }));
  const payload = b64(JSON.stringify({ jti: tokenId, iat: Math.floor(Date.now() / 1000) }));
  return `${header}.${payload}.${b64(crypto.randomBytes(32))}`;
}

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

/** The user a token belongs to, or null for an unknown, revoked or expired token (CKAN: anonymous). */
export async function userForToken(services: Services, token: string | undefined): Promise<AuthUser | null> {
  if (!token) return null;
  const raw = token.replace(/^Bearer\s+/i, '').trim();
  if (!raw || raw.length > 4096) return null;
  const hash = hashToken(raw);
  return services.tokenCache.lookup(hash, () => readToken(services, hash));
}

async function readToken(
  services: Services,
  hash: string,
): Promise<{ user: AuthUser | null; expiresAt: string | null }> {
  const row = await services.db
    .selectFrom('api_token')
    .innerJoin('user', 'user.id', 'api_token.user_id')
    .select([
      'user.id',
      'user.name',
      'user.sysadmin',
      'user.operator',
      'user.state',
      'api_token.id as token_id',
      'api_token.expires_at',
      'api_token.revoked_at',
      'api_token.scopes',
    ])
    .where('api_token.token_hash', '=', hash)
    .executeTakeFirst();
  const now = nowIso();
  const user =
    row && row.state === 'active' && !row.revoked_at && (!row.expires_at || row.expires_at > now)
      ? {
          id: row.id,
          name: row.name,
          sysadmin: row.sysadmin,
          operator: row.operator,
          scopes: scopesOf(row.scopes),
          tokenId: row.token_id,
        }
      : null;
  if (user && row) {
    // Recorded on cache misses only (at most every few seconds per token), off the request's path.
    void Promise.all([
      services.db.updateTable('api_token').set({ last_access: now }).where('id', '=', row.token_id).execute(),
      services.db.updateTable('user').set({ last_active: now }).where('id', '=', row.id).execute(),
    ]).catch(() => {});
  }
  return { user, expiresAt: row?.expires_at ?? null };
}
