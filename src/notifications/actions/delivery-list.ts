import { defineAction } from '../../actions/types.ts';
import { ownInbox } from './common.ts';

export default defineAction({
  name: 'notification_delivery_list',
  tag: 'notifications',
  description: `The delivery log: each e-mail and webhook delivery of the caller's notices (sysadmins: of
everyone's, or of one user's with \`user_id\`), newest first.

:param notification_id: only the deliveries of this notice
:param state: pending | sent | failed
:param user_id: (sysadmins) whose deliveries
:param limit: 1-100 (default 20)
:param offset: default 0
:rtype: {count, results: [{id, notification_id, user_id, channel, target, state, attempts, last_status, last_error, created, last_attempt_at, delivered_at}]}`,
  sideEffectFree: true,
  input: {
    type: 'object',
    properties: {
      notification_id: { type: 'string', format: 'uuid' },
      state: { type: 'string', enum: ['pending', 'sent', 'failed'] },
      user_id: { type: 'string', format: 'uuid' },
      limit: { type: 'integer', minimum: 1, maximum: 100 },
      offset: { type: 'integer', minimum: 0 },
    },
  },
  auth: ownInbox,
  async handler(
    ctx,
    input: { notification_id?: string; state?: string; user_id?: string; limit?: number; offset?: number },
  ) {
    let q = ctx.db.selectFrom('notification_delivery');
    if (!ctx.user!.sysadmin) q = q.where('user_id', '=', ctx.user!.id);
    else if (input.user_id) q = q.where('user_id', '=', input.user_id);
    if (input.notification_id) q = q.where('notification_id', '=', input.notification_id);
    if (input.state) q = q.where('state', '=', input.state);
    const count = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    const results = await q
      .select([
        'id',
        'notification_id',
        'user_id',
        'channel',
        'target',
        'state',
        'attempts',
        'last_status',
        'last_error',
        'created',
        'last_attempt_at',
        'delivered_at',
      ])
      .orderBy('created', 'desc')
      .orderBy('id')
      .limit(input.limit ?? 20)
      .offset(input.offset ?? 0)
      .execute();
    return { count: Number(count?.n ?? 0), results };
  },
});
