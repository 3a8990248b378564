import { defineAction } from '../../actions/types.ts';
import { operator } from '../../auth/rules.ts';
import { stamp } from '../../scheduler/queue.ts';
import { mustExist, type RequestRow } from '../store.ts';
import { resolveRequest } from '../rules.ts';

export default defineAction({
  name: 'request_personal_data_erase',
  tag: 'requests',
  description: `Erase the personal data of a request on the person's demand (operators and sysadmins).

:param id: the request's id
:rtype: {id, erased_at}

The requester's name, e-mail address and IP address, the addresses of its anonymous voters and of
every e-mail sent about it are erased; the request, its status history and its votes stay, so every
statistic and counter is unchanged. An anonymous requester is no longer told of status changes.`,
  sideEffectFree: false,
  input: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
  resolve: resolveRequest,
  auth: operator,
  async handler(ctx, input, found: RequestRow | undefined) {
    const row = mustExist(found, input.id);
    const now = stamp(ctx.services.clock.now());
    await ctx.db
      .updateTable('data_request')
      .set({ requester_name: null, requester_email: null, requester_ip: null, erased_at: now })
      .where('id', '=', row.id)
      .execute();
    // The vote stays counted; its address goes (the unique index then allows that address again).
    await ctx.db
      .updateTable('data_request_vote')
      .set({ email: null })
      .where('request_id', '=', row.id)
      .where('email', 'is not', null)
      .execute();
    await ctx.db.updateTable('citizen_mail').set({ to_email: null }).where('request_id', '=', row.id).execute();
    return { id: row.id, erased_at: now };
  },
});
