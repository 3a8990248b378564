// The operators' moderation of requests: publish for voting, close.
import { defineAction } from '../../actions/types.ts';
import { operator } from '../../auth/rules.ts';
import { textParam } from '../citizen.ts';
import { changeStatus, mustBe, mustExist, showDict, type RequestRow } from '../store.ts';
import { resolveRequest } from '../rules.ts';

const publish = defineAction({
  name: 'request_publish_for_voting',
  tag: 'requests',
  description: `Publish a new request for voting (operators and sysadmins).

:param id: the request's id
:rtype: the request (as request_show)

The request becomes public (request_list, request_show) and open to votes; the requester is told.`,
  sideEffectFree: false,
  input: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
  resolve: resolveRequest,
  auth: operator,
  async handler(ctx, input, found: RequestRow | undefined) {
    const row = mustExist(found, input.id);
    mustBe(row, ['new'], 'request_publish_for_voting');
    return showDict(ctx, await changeStatus(ctx, row, { to: 'voting' }));
  },
});

const close = defineAction({
  name: 'request_close',
  tag: 'requests',
  description: `Close a request with a reason (operators and sysadmins): a duplicate, out of scope, abusive, or
already published.

:param id: the request's id
:param reason: why, told to the requester and the voters
:rtype: the request (as request_show)

A request that is accepted, refused or closed already cannot be closed.`,
  sideEffectFree: false,
  input: {
    type: 'object',
    properties: { id: { type: 'string' }, reason: { type: 'string', maxLength: 2000 } },
    required: ['id', 'reason'],
  },
  resolve: resolveRequest,
  auth: operator,
  async handler(ctx, input, found: RequestRow | undefined) {
    const reason = textParam(input.reason, 'reason', 2000);
    const row = mustExist(found, input.id);
    mustBe(row, ['new', 'voting', 'forwarded'], 'request_close');
    return showDict(ctx, await changeStatus(ctx, row, { to: 'closed', reason }));
  },
});

export default [publish, close];
