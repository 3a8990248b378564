import { defineAction } from '../../actions/types.ts';
import { ownInbox } from './common.ts';
import { preferencesOf } from '../preferences.ts';

export default defineAction({
  name: 'notification_preferences_show',
  tag: 'notifications',
  description: `Return how the caller receives notifications.

:rtype: {language, email, email_address, webhook_url, webhook_secret_set, muted, kinds, languages}

Every notice lands in the inbox. \`email\`: also by e-mail to the account's address (when the portal
has SMTP configured); \`webhook_url\`: also POSTed there, signed with the webhook secret (never shown
again after it is set); \`muted\`: kinds that are not sent by e-mail or webhook; \`language\`: the
language of the notices (default: the portal's first language).`,
  sideEffectFree: true,
  input: { type: 'object', properties: {} },
  auth: ownInbox,
  handler: (ctx) => preferencesOf(ctx, ctx.user!.id),
});
