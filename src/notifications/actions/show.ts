import { defineAction } from '../../actions/types.ts';
import { NotFound } from '../../errors.ts';
import { NOTICE_COLUMNS, noticeDict, ownInbox } from './common.ts';
import { naiveUtc } from '../../packages/time.ts';

export default defineAction({
  name: 'notification_show',
  tag: 'notifications',
  description: `Return one of the caller's notifications (see notification_list for its shape).

:param id: the notification's id
:param mark_read: also mark it read (default false)

Another user's notification is "not found", exactly like one that does not exist.`,
  sideEffectFree: false,
  input: {
    type: 'object',
    properties: { id: { type: 'string', format: 'uuid' }, mark_read: { type: 'boolean' } },
    required: ['id'],
  },
  auth: ownInbox,
  async handler(ctx, input) {
    const own = ctx.db.selectFrom('notification').where('id', '=', input.id).where('user_id', '=', ctx.user!.id);
    const row = await own.select([...NOTICE_COLUMNS]).executeTakeFirst();
    if (!row) throw new NotFound('Notification not found');
    if (input.mark_read && row.read_at === null) {
      row.read_at = naiveUtc(ctx.services.clock.now());
      await ctx.db.updateTable('notification').set({ read_at: row.read_at }).where('id', '=', row.id).execute();
    }
    return noticeDict(row as never);
  },
});
