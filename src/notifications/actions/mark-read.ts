import { defineAction } from '../../actions/types.ts';
import { ValidationError } from '../../errors.ts';
import { ownInbox, unreadCounts } from './common.ts';
import { naiveUtc } from '../../packages/time.ts';

export default defineAction({
  name: 'notification_mark_read',
  tag: 'notifications',
  description: `Mark the caller's notifications read (or unread again).

:param id: a notification id or a list of them
:param all: every notification of the caller (instead of id)
:param unread: mark them unread instead (default false)
:rtype: {updated, unread, by_kind}`,
  sideEffectFree: false,
  input: {
    type: 'object',
    properties: {
      id: { type: ['string', 'array'], format: 'uuid', items: { type: 'string', format: 'uuid' }, maxItems: 1000 },
      all: { type: 'boolean' },
      unread: { type: 'boolean' },
    },
  },
  auth: ownInbox,
  async handler(ctx, input) {
    const ids = input.id === undefined ? [] : Array.isArray(input.id) ? input.id : [input.id];
    if (!ids.length && !input.all) throw ValidationError.field('id', 'Missing value');
    const readAt = input.unread ? null : naiveUtc(ctx.services.clock.now());
    let q = ctx.db
      .updateTable('notification')
      .set({ read_at: readAt })
      .where('user_id', '=', ctx.user!.id)
      .where('read_at', input.unread ? 'is not' : 'is', null);
    if (!input.all) q = q.where('id', 'in', ids);
    const res = await q.executeTakeFirst();
    return { updated: Number(res.numUpdatedRows), ...(await unreadCounts(ctx)) };
  },
});
