import crypto from 'node:crypto';
import { defineAction } from '../../actions/types.ts';
import { anyone } from '../../auth/rules.ts';
import { ValidationError } from '../../errors.ts';
import { byRef } from '../../db/ref.ts';
import { stamp } from '../../scheduler/queue.ts';
import { operators } from '../../notifications/recipients.ts';
import { notify } from '../../notifications/notify.ts';
import { workingDaysAhead } from '../../notifications/due.ts';
import { emailParam, languageParam, limitEmail, tellParties, textParam, wakeScheduler } from '../citizen.ts';
import { noticeSubject, shortRef, showDict } from '../store.ts';
import { statusWord } from '../texts.ts';

async function groupParam(ctx: any, ref: unknown, field: string, organization: boolean): Promise<string | null> {
  if (ref === undefined || ref === null || ref === '') return null;
  const g = await byRef(ctx.db, 'group', ref);
  if (!g || g.state !== 'active' || g.is_organization !== organization)
    throw ValidationError.field(field, `${organization ? 'Organization' : 'Sphere'} not found`);
  return g.id;
}

export default defineAction({
  name: 'request_create',
  tag: 'requests',
  description: `Ask for a dataset that is not published yet (anyone).

:param title: what data is wanted (up to 300 characters)
:param description: what it should contain (optional, up to 5000)
:param intended_use: what it will be used for (optional, up to 2000)
:param organization: id or name of the organization thought to hold it (optional)
:param sphere: id or name of its sphere (optional)
:param name: the requester's name (anonymous callers, optional)
:param email: the requester's e-mail address: required from anonymous callers, who are told of every
  status change there; signed-in requesters are told through their inbox
:param language: the language of those messages (default: the portal's)
:rtype: the request (as request_show)

The request starts as "new": operators review it, publish it for voting, forward it to an organization
(which then has the legal time to publish or refuse), or close it. Anonymous writes are limited per
e-mail address (PASPORT_CITIZEN_EMAIL_LIMIT per PASPORT_CITIZEN_EMAIL_WINDOW_MINUTES): past the limit
the answer is HTTP 429 with a "Rate Limit Error". The requester's name, e-mail and IP address are never
shown publicly.`,
  sideEffectFree: false,
  input: {
    type: 'object',
    properties: {
      title: { type: 'string', maxLength: 300 },
      description: { type: 'string', maxLength: 5000 },
      intended_use: { type: 'string', maxLength: 2000 },
      organization: { type: 'string' },
      sphere: { type: 'string' },
      name: { type: 'string', maxLength: 200 },
      email: { type: 'string', maxLength: 254 },
      language: { type: 'string' },
    },
    required: ['title'],
  },
  auth: anyone,
  async handler(ctx, input) {
    const title = textParam(input.title, 'title', 300);
    const organizationId = await groupParam(ctx, input.organization, 'organization', true);
    const sphereId = await groupParam(ctx, input.sphere, 'sphere', false);
    const email = ctx.user ? null : emailParam(input.email);
    if (email) await limitEmail(ctx, email, 'request');
    const now = stamp(ctx.services.clock.now());
    const id = crypto.randomUUID();
    const row = await ctx.db
      .insertInto('data_request')
      .values({
        id,
        title,
        description: input.description?.trim() ?? '',
        intended_use: input.intended_use?.trim() ?? '',
        organization_id: organizationId,
        sphere_id: sphereId,
        status: 'new',
        listed: false,
        votes: 0,
        language: languageParam(ctx, input.language),
        requester_user_id: ctx.user?.id ?? null,
        requester_name: ctx.user ? null : input.name?.trim() || null,
        requester_email: email,
        requester_ip: ctx.ip ?? null,
        package_id: null,
        reason: null,
        forwarded_at: null,
        refuse_due: null,
        publish_due: null,
        answered_at: null,
        answered_in_time: null,
        response_overdue_at: null,
        publish_overdue_at: null,
        erased_at: null,
        created: now,
        modified: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await ctx.db
      .insertInto('data_request_status')
      .values({
        id: crypto.randomUUID(),
        request_id: id,
        from_status: null,
        to_status: 'new',
        reason: null,
        user_id: ctx.user?.id ?? null,
        created: now,
      })
      .execute();
    const by = await workingDaysAhead(ctx.db, ctx.services, 1);
    const subject = noticeSubject(row);
    await notify(ctx.db, ctx.services, [
      {
        kind: 'request_new',
        userIds: await operators(ctx.db),
        subject,
        params: { code: shortRef(id), message: row.description, by },
        due: by,
        data: { request_id: id },
      },
    ]);
    await tellParties(ctx.db, ctx.services, [{ userId: row.requester_user_id, email, language: row.language }], {
      kind: 'request_status',
      subject,
      requestId: id,
      params: { code: shortRef(id) },
      paramsFor: (lang) => ({ message: statusWord('new', lang) }),
      dedupeKey: `request_status:${id}:new`,
      data: { request_id: id, status: 'new' },
    });
    wakeScheduler(ctx);
    return showDict(ctx, row);
  },
});
