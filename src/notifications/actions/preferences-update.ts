import crypto from 'node:crypto';
import { defineAction } from '../../actions/types.ts';
import { ValidationError } from '../../errors.ts';
import { NOTICE_KINDS } from '../texts.ts';
import { ownInbox } from './common.ts';
import { preferencesOf } from '../preferences.ts';
import { naiveUtc } from '../../packages/time.ts';

function validUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && !u.username && !u.password;
  } catch {
    return false;
  }
}

export default defineAction({
  name: 'notification_preferences_update',
  tag: 'notifications',
  description: `Change how the caller receives notifications; keys left out keep their value.

:param language: one of the portal's languages
:param email: also send notices by e-mail (true/false)
:param webhook_url: also POST notices to this http(s) URL; null or "" removes the webhook
:param webhook_secret: the HMAC key for the webhook (16-200 characters); when a webhook is set without
  one, a secret is generated and returned once in \`webhook_secret\`
:param muted: kinds not sent by e-mail or webhook (they still reach the inbox)
:rtype: as notification_preferences_show (plus \`webhook_secret\` when generated)

A webhook request carries \`X-Pasport-Signature: sha256=<hex>\`, the HMAC-SHA256 of
\`<X-Pasport-Timestamp>.<body>\` under the secret, and \`X-Pasport-Delivery\`, the same on every retry.`,
  sideEffectFree: false,
  input: {
    type: 'object',
    properties: {
      language: { type: 'string' },
      email: { type: 'boolean' },
      webhook_url: { type: ['string', 'null'], maxLength: 2000 },
      webhook_secret: { type: 'string', minLength: 16, maxLength: 200 },
      muted: { type: 'array', items: { type: 'string', enum: NOTICE_KINDS } },
    },
  },
  auth: ownInbox,
  async handler(
    ctx,
    input: {
      language?: string;
      email?: boolean;
      webhook_url?: string | null;
      webhook_secret?: string;
      muted?: string[];
    },
  ) {
    const uid = ctx.user!.id;
    const errors: Record<string, string[]> = {};
    if (input.language !== undefined && !ctx.config.languages.includes(input.language))
      errors.language = [`Value must be one of: ${ctx.config.languages.join(', ')}`];
    const url = input.webhook_url === undefined ? undefined : input.webhook_url?.trim() || null;
    if (url && !validUrl(url)) errors.webhook_url = ['Please provide a valid http(s) URL'];
    if (Object.keys(errors).length) throw new ValidationError(errors);
    const current = await ctx.db
      .selectFrom('notification_preference')
      .selectAll()
      .where('user_id', '=', uid)
      .executeTakeFirst();
    let generated: string | null = null;
    let secret = input.webhook_secret ?? current?.webhook_secret ?? null;
    const webhook = url === undefined ? (current?.webhook_url ?? null) : url;
    if (webhook && !secret) secret = generated = crypto.randomBytes(24).toString('hex');
    if (!webhook && input.webhook_secret === undefined) secret = null;
    const values = {
      language: input.language ?? current?.language ?? null,
      email: input.email ?? current?.email ?? true,
      webhook_url: webhook,
      webhook_secret: secret,
      muted: input.muted ? [...new Set(input.muted)] : (current?.muted ?? []),
      updated: naiveUtc(ctx.services.clock.now()),
    };
    await ctx.db
      .insertInto('notification_preference')
      .values({ user_id: uid, ...values })
      .onConflict((oc) => oc.column('user_id').doUpdateSet(values))
      .execute();
    const out = await preferencesOf(ctx, uid);
    return generated ? { ...out, webhook_secret: generated } : out;
  },
});
