// The user dict (what user_show returns; user_list, user_create, user_update and OpenID Connect sign-in
// reuse it). A helper module: no default export, so the registry skips it.
import crypto from 'node:crypto';
import type { Selectable } from 'kysely';
import type { ActionContext } from '../types.ts';
import type { UserTable } from '../../db/schema.ts';
import { visiblePackages } from '../../packages/visibility.ts';

export type UserRow = Selectable<UserTable>;

/** Email is shown only to the user themselves and to sysadmins (CKAN's rule). */
export function maySeeEmail(ctx: Pick<ActionContext, 'user'>, row: { id: string }): boolean {
  return !!ctx.user && (ctx.user.sysadmin || ctx.user.id === row.id);
}

export function userDict(
  ctx: Pick<ActionContext, 'user'>,
  row: Omit<UserRow, 'oidc_sub' | 'national_id_hash'>,
  numberCreated: number,
): Record<string, unknown> {
  const email = row.email ?? '';
  return {
    id: row.id,
    name: row.name,
    fullname: row.fullname,
    display_name: row.fullname || row.name,
    about: row.about,
    created: row.created,
    last_active: row.last_active,
    state: row.state,
    sysadmin: row.sysadmin,
    operator: row.operator,
    image_url: row.image_url,
    image_display_url: row.image_url ?? '',
    // CKAN's gravatar hash: md5 of the trimmed, lower-cased address.
    email_hash: crypto.createHash('md5').update(email.trim().toLowerCase()).digest('hex'),
    number_created_packages: numberCreated,
    activity_streams_email_notifications: false,
    // CKAN 2.11 keeps the apikey key for the same readers as email; legacy keys are gone, so it is null.
    ...(maySeeEmail(ctx, row) ? { email: row.email, apikey: null } : {}),
  };
}

/** Datasets each user created that the caller may see (private ones only to those who may read them). */
export async function createdCounts(
  ctx: Pick<ActionContext, 'db' | 'user'>,
  userIds: string[],
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (!userIds.length) return out;
  const rows = await visiblePackages(ctx, ctx.db.selectFrom('package'), { includePrivate: true })
    .select(['package.creator_user_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('package.creator_user_id', 'in', userIds)
    .groupBy('package.creator_user_id')
    .execute();
  for (const r of rows) if (r.creator_user_id) out.set(r.creator_user_id, Number(r.n));
  return out;
}

export async function userDictFor(
  ctx: Pick<ActionContext, 'db' | 'user'>,
  row: UserRow,
): Promise<Record<string, unknown>> {
  const counts = await createdCounts(ctx, [row.id]);
  return userDict(ctx, row, counts.get(row.id) ?? 0);
}
