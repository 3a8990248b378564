import { defineAction } from '../../actions/types.ts';
import { ownInbox, unreadCounts } from './common.ts';

export default defineAction({
  name: 'notification_unread_count',
  tag: 'notifications',
  description: `How many of the caller's notifications are unread, in all and per kind.

:rtype: {unread, by_kind: {kind: count}}`,
  sideEffectFree: true,
  input: { type: 'object', properties: {} },
  auth: ownInbox,
  handler: (ctx) => unreadCounts(ctx),
});
