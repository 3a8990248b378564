import { defineAction } from '../../actions/types.ts';
import { NotAuthorized } from '../../errors.ts';
import { canSee, findRequest, mustExist, showDict, type RequestRow } from '../store.ts';

export default defineAction({
  name: 'request_show',
  tag: 'requests',
  description: `A dataset request (anyone, once it is published for voting; before that its requester and operators).

:param id: the request's id
:rtype: {id, ref, title, description, intended_use, status, votes, organization, sphere, package, reason,
  forwarded_at, refuse_due, publish_due, answered_at, answered_in_time, overdue, history: [{from_status,
  to_status, reason, created}], voted (signed-in callers), requester (operators and the requester only)}

The requester's name, e-mail and IP address appear only to operators and to the requester. The linked
dataset (package) is shown to those who may read it.`,
  sideEffectFree: true,
  input: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
  resolve: (ctx, input) => findRequest(ctx, input.id),
  auth: (ctx, input, row: RequestRow | undefined) => {
    if (row && !canSee(ctx, row))
      throw new NotAuthorized(`User ${ctx.user?.name ?? ''} not authorized to read request ${String(input.id)}`);
  },
  async handler(ctx, input, row: RequestRow | undefined) {
    return showDict(ctx, mustExist(row, input.id));
  },
});
