// The legal clock of a request: the operator forwards it to an organization, which then publishes the
// data (request_accept, within PASPORT_REQUEST_PUBLISH_DAYS calendar days) or refuses with a reason
// (request_refuse, within PASPORT_REQUEST_REFUSE_WORKING_DAYS working days).
import { defineAction, type ActionContext } from '../../actions/types.ts';
import { operator } from '../../auth/rules.ts';
import { ValidationError } from '../../errors.ts';
import { byRef } from '../../db/ref.ts';
import { addDays, localDay } from '../../calendar/days.ts';
import { calendarFor } from '../../calendar/portal.ts';
import { stamp } from '../../scheduler/queue.ts';
import { notify } from '../../notifications/notify.ts';
import { authorsOf } from '../../notifications/recipients.ts';
import { noticeOrganization } from '../../packages/status.ts';
import { textParam } from '../citizen.ts';
import { changeStatus, mustBe, mustExist, noticeSubject, shortRef, showDict, type RequestRow } from '../store.ts';
import { requestOrganization, resolveRequest } from '../rules.ts';

function today(ctx: ActionContext): string {
  return localDay(ctx.services.clock.now(), ctx.config.timezone);
}

const forward = defineAction({
  name: 'request_forward',
  tag: 'requests',
  description: `Send a request to the organization that should publish the data (operators and sysadmins).

:param id: the request's id (published for voting, with at least PASPORT_REQUEST_VOTES_TO_FORWARD votes)
:param organization: id or name of the organization
:rtype: the request (as request_show), with refuse_due and publish_due

This starts the legal clock: the organization publishes the data within PASPORT_REQUEST_PUBLISH_DAYS
calendar days (publish_due) or refuses within PASPORT_REQUEST_REFUSE_WORKING_DAYS working days
(refuse_due). Its editors and admins are notified; the requester and the voters are told.`,
  sideEffectFree: false,
  input: {
    type: 'object',
    properties: { id: { type: 'string' }, organization: { type: 'string' } },
    required: ['id', 'organization'],
  },
  resolve: resolveRequest,
  auth: operator,
  async handler(ctx, input, found: RequestRow | undefined) {
    const row = mustExist(found, input.id);
    const org = await byRef(ctx.db, 'group', input.organization);
    if (!org || !org.is_organization || org.state !== 'active')
      throw ValidationError.field('organization', 'Organization not found');
    mustBe(row, ['voting'], 'request_forward');
    const needed = ctx.config.citizens.requestVotesToForward;
    if (row.votes < needed)
      throw ValidationError.field('votes', `The request has ${row.votes} vote(s); ${needed} are needed to forward it`);
    const day = today(ctx);
    const cal = await calendarFor(ctx.db, ctx.config);
    const refuseDue = cal.addWorkingDays(day, ctx.config.citizens.requestRefuseWorkingDays);
    const publishDue = addDays(day, ctx.config.citizens.requestPublishDays);
    const updated = await changeStatus(ctx, row, {
      to: 'forwarded',
      due: publishDue,
      set: {
        organization_id: org.id,
        forwarded_at: stamp(ctx.services.clock.now()),
        refuse_due: refuseDue,
        publish_due: publishDue,
      },
    });
    await notify(ctx.db, ctx.services, [
      {
        kind: 'request_forwarded',
        userIds: await authorsOf(ctx.db, org.id),
        subject: noticeSubject(updated),
        organization: await noticeOrganization(ctx, org.id),
        params: {
          code: shortRef(row.id),
          due: publishDue,
          by: refuseDue,
          count: row.votes,
          message: [row.description, row.intended_use].filter(Boolean).join('\n'),
        },
        due: refuseDue,
        data: { request_id: row.id, refuse_due: refuseDue, publish_due: publishDue },
      },
    ]);
    return showDict(ctx, updated);
  },
});

const accept = defineAction({
  name: 'request_accept',
  tag: 'requests',
  description: `Report that the requested data is published, linking its passport (the organization's editors
and admins, operators).

:param id: the request's id (forwarded)
:param package: id or name of the public dataset that fulfils it (of the request's organization)
:rtype: the request (as request_show), with answered_in_time (by publish_due)

The requester and the voters are told, with the dataset's address.`,
  sideEffectFree: false,
  input: {
    type: 'object',
    properties: { id: { type: 'string' }, package: { type: 'string' } },
    required: ['id', 'package'],
  },
  resolve: resolveRequest,
  auth: requestOrganization,
  async handler(ctx, input, found: RequestRow | undefined) {
    const row = mustExist(found, input.id);
    mustBe(row, ['forwarded'], 'request_accept');
    const pkg = await byRef(ctx.db, 'package', input.package);
    if (!pkg || pkg.type !== 'dataset') throw ValidationError.field('package', 'Dataset not found');
    if (pkg.owner_org !== row.organization_id)
      throw ValidationError.field('package', 'The dataset belongs to another organization');
    if (pkg.state !== 'active' || pkg.private)
      throw ValidationError.field('package', 'The dataset must be public: the request asks for published data');
    const inTime = today(ctx) <= (row.publish_due ?? '');
    const updated = await changeStatus(ctx, row, {
      to: 'accepted',
      lines: `${ctx.config.siteUrl}/dataset/${pkg.name}`,
      set: { package_id: pkg.id, answered_at: stamp(ctx.services.clock.now()), answered_in_time: inTime },
    });
    return showDict(ctx, updated);
  },
});

const refuse = defineAction({
  name: 'request_refuse',
  tag: 'requests',
  description: `Refuse a request with a reason (the organization's editors and admins, operators).

:param id: the request's id (forwarded)
:param reason: why the data cannot be published, told to the requester and the voters
:rtype: the request (as request_show), with answered_in_time (by refuse_due)`,
  sideEffectFree: false,
  input: {
    type: 'object',
    properties: { id: { type: 'string' }, reason: { type: 'string', maxLength: 2000 } },
    required: ['id', 'reason'],
  },
  resolve: resolveRequest,
  auth: requestOrganization,
  async handler(ctx, input, found: RequestRow | undefined) {
    const reason = textParam(input.reason, 'reason', 2000);
    const row = mustExist(found, input.id);
    mustBe(row, ['forwarded'], 'request_refuse');
    const inTime = today(ctx) <= (row.refuse_due ?? '');
    const updated = await changeStatus(ctx, row, {
      to: 'refused',
      reason,
      set: { answered_at: stamp(ctx.services.clock.now()), answered_in_time: inTime },
    });
    return showDict(ctx, updated);
  },
});

export default [forward, accept, refuse];
