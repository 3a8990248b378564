// A user's notification preferences as the actions show them (the webhook secret never leaves).
import type { ActionContext } from '../actions/types.ts';
import { NOTICE_KINDS } from './texts.ts';

export async function preferencesOf(ctx: Pick<ActionContext, 'db' | 'config'>, userId: string) {
  const row = await ctx.db
    .selectFrom('user')
    .leftJoin('notification_preference as p', 'p.user_id', 'user.id')
    .select(['user.email as address', 'p.language', 'p.email', 'p.webhook_url', 'p.webhook_secret', 'p.muted'])
    .where('user.id', '=', userId)
    .executeTakeFirstOrThrow();
  return {
    language: row.language ?? ctx.config.defaultLanguage,
    email: row.email ?? true,
    email_address: row.address,
    webhook_url: row.webhook_url,
    webhook_secret_set: !!row.webhook_secret,
    muted: row.muted ?? [],
    kinds: NOTICE_KINDS,
    languages: ctx.config.languages,
  };
}
