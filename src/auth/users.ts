// Creating users and tokens outside a request (CLI, first start, sign-in through OpenID Connect).
import crypto from 'node:crypto';
import type { DB } from '../db/connect.ts';
import { hashToken, mintToken } from './tokens.ts';

export async function ensureUser(
  db: DB,
  name: string,
  opts: { email?: string | null; sysadmin?: boolean; operator?: boolean; fullname?: string | null } = {},
) {
  const existing = await db.selectFrom('user').selectAll().where('name', '=', name).executeTakeFirst();
  if (existing) {
    const changes: Record<string, unknown> = {};
    if (opts.sysadmin && !existing.sysadmin) changes.sysadmin = true;
    if (opts.operator && !existing.operator) changes.operator = true;
    if (opts.email && opts.email !== existing.email) changes.email = opts.email;
    if (Object.keys(changes).length) await db.updateTable('user').set(changes).where('id', '=', existing.id).execute();
    return { ...existing, ...changes };
  }
  const row = {
    id: crypto.randomUUID(),
    name,
    email: opts.email ?? null,
    fullname: opts.fullname ?? null,
    about: null,
    image_url: null,
    oidc_sub: null,
    sysadmin: !!opts.sysadmin,
    operator: !!opts.operator,
  };
  await db.insertInto('user').values(row).execute();
  return db.selectFrom('user').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
}

export async function createToken(
  db: DB,
  userId: string,
  name: string,
  expiresAt: string | null = null,
  scopes: string | null = null,
) {
  const id = crypto.randomUUID();
  const token = mintToken(id);
  await db
    .insertInto('api_token')
    .values({
      id,
      user_id: userId,
      name,
      token_hash: hashToken(token),
      expires_at: expiresAt,
      last_access: null,
      revoked_at: null,
      scopes,
    })
    .execute();
  return { id, token };
}
