// The account of a person signing in through OpenID Connect: found by the provider's subject
// identifier (user.oidc_sub), created on first sign-in. Never matched by name or email: a provider
// account called "admin" or claiming someone's address must not take over an existing Pasport account.
import crypto from 'node:crypto';
import type { DB } from '../db/connect.ts';
import { NotAuthorized } from '../errors.ts';
import { nameErrors } from '../packages/names.ts';
import { nowIso } from '../packages/time.ts';
import { trimmedText } from '../coerce.ts';

export interface OidcClaims {
  sub: string;
  preferred_username?: unknown;
  nickname?: unknown;
  email?: unknown;
  email_verified?: unknown;
  name?: unknown;
  given_name?: unknown;
  family_name?: unknown;
}

const str = trimmedText;

/** A valid Pasport user name from the claims, or a neutral one derived from the subject. */
export function nameFromClaims(c: OidcClaims): string {
  const email = str(c.email);
  const source = str(c.preferred_username) ?? str(c.nickname) ?? (email ? email.split('@')[0] : null) ?? '';
  const name = source
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '')
    .slice(0, 90);
  if (!nameErrors(name).length) return name;
  return `user-${crypto.createHash('sha256').update(c.sub).digest('hex').slice(0, 10)}`;
}

function profile(c: OidcClaims) {
  const fullname = str(c.name) ?? ([str(c.given_name), str(c.family_name)].filter(Boolean).join(' ') || null);
  // An address the provider has not verified is not worth keeping.
  const email = c.email_verified === false || c.email_verified === 'false' ? null : str(c.email);
  return { fullname: fullname?.slice(0, 1000) ?? null, email: email && email.length <= 320 ? email : null };
}

export async function upsertOidcUser(db: DB, claims: OidcClaims) {
  const sub = claims.sub;
  if (typeof sub !== 'string' || !sub || sub.length > 255)
    throw new NotAuthorized('The identity provider sent no usable subject');
  const { fullname, email } = profile(claims);
  const now = nowIso();
  const existing = await db.selectFrom('user').selectAll().where('oidc_sub', '=', sub).executeTakeFirst();
  if (existing) {
    if (existing.state !== 'active') throw new NotAuthorized(`User ${existing.name} is not active`);
    const changes: { last_active: string; fullname?: string; email?: string } = { last_active: now };
    if (fullname && fullname !== existing.fullname) changes.fullname = fullname;
    if (email && email !== existing.email) changes.email = email;
    await db.updateTable('user').set(changes).where('id', '=', existing.id).execute();
    return db.selectFrom('user').selectAll().where('id', '=', existing.id).executeTakeFirstOrThrow();
  }
  const base = nameFromClaims(claims);
  for (let i = 1; i <= 50; i++) {
    const name = i === 1 ? base : i < 20 ? `${base}-${i}` : `${base}-${crypto.randomBytes(3).toString('hex')}`;
    const id = crypto.randomUUID();
    // DO NOTHING on any unique column: a taken name means try the next, a taken sub means a
    // concurrent first sign-in of the same person won the race.
    const inserted = await db
      .insertInto('user')
      .values({
        id,
        name,
        fullname,
        email,
        about: null,
        image_url: null,
        oidc_sub: sub,
        sysadmin: false,
        operator: false,
        last_active: now,
      })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted) return db.selectFrom('user').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const raced = await db.selectFrom('user').selectAll().where('oidc_sub', '=', sub).executeTakeFirst();
    if (raced) return raced;
  }
  throw new Error('could not find a free user name');
}
