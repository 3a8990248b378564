import crypto from 'node:crypto';
import { defineAction } from '../../actions/types.ts';
import { anyone } from '../../auth/rules.ts';
import { ValidationError } from '../../errors.ts';
import { byRef } from '../../db/ref.ts';
import { canReadPackage } from '../../auth/permissions.ts';
import { calendarFor } from '../../calendar/portal.ts';
import { stamp } from '../../scheduler/queue.ts';
import { notify } from '../../notifications/notify.ts';
import { authorsOf, operators } from '../../notifications/recipients.ts';
import { noticeDataset, noticeOrganization } from '../../packages/status.ts';
import { emailParam, languageParam, limitEmail, textParam, wakeScheduler } from '../../requests/citizen.ts';
import { feedbackDicts, shortRef, today } from '../store.ts';

export default defineAction({
  name: 'feedback_create',
  tag: 'feedback',
  description: `Write to the portal operator, about a dataset, an organization or the portal (anyone).

:param message: the message (up to 5000 characters)
:param name: the sender's name (optional)
:param email: the address the answer is sent to (required from anonymous senders; signed-in senders
  get it in their inbox and by e-mail)
:param package: id or name of the dataset it is about (optional)
:param organization: id or name of the organization it is about (optional; a dataset's is taken from it)
:param language: the language of the answer e-mail (default: the portal's)
:rtype: {id, ref, status, forward_due, created}

The operators, and for a dataset or organization its editors and admins, are notified. The operator
forwards it to the data provider by the next working day (forward_due; feedback_forward), who answers
within PASPORT_FEEDBACK_ANSWER_DAYS days. The sender's name, e-mail and IP address are never public;
only operators read them. Anonymous writes are limited per e-mail address (429 "Rate Limit Error").`,
  sideEffectFree: false,
  input: {
    type: 'object',
    properties: {
      message: { type: 'string', maxLength: 5000 },
      name: { type: 'string', maxLength: 200 },
      email: { type: 'string', maxLength: 254 },
      package: { type: 'string' },
      organization: { type: 'string' },
      language: { type: 'string' },
    },
    required: ['message'],
  },
  auth: anyone,
  async handler(ctx, input) {
    const message = textParam(input.message, 'message', 5000);
    let pkg = null;
    if (input.package) {
      pkg = await byRef(ctx.db, 'package', input.package);
      // A dataset the sender may not read is as unknown as a missing one.
      if (!pkg || pkg.type !== 'dataset' || !(await canReadPackage(ctx, pkg)))
        throw ValidationError.field('package', 'Dataset not found');
    }
    let orgId = pkg?.owner_org ?? null;
    if (!pkg && input.organization) {
      const g = await byRef(ctx.db, 'group', input.organization);
      if (!g || !g.is_organization || g.state !== 'active')
        throw ValidationError.field('organization', 'Organization not found');
      orgId = g.id;
    }
    const email = ctx.user ? null : emailParam(input.email);
    if (email) await limitEmail(ctx, email, 'feedback');
    const cal = await calendarFor(ctx.db, ctx.config);
    const forwardDue = cal.addWorkingDays(today(ctx), ctx.config.citizens.feedbackForwardWorkingDays);
    const now = stamp(ctx.services.clock.now());
    const row = await ctx.db
      .insertInto('feedback')
      .values({
        id: crypto.randomUUID(),
        message,
        name: input.name?.trim() || null,
        email,
        ip: ctx.ip ?? null,
        user_id: ctx.user?.id ?? null,
        language: languageParam(ctx, input.language),
        package_id: pkg?.id ?? null,
        organization_id: orgId,
        status: 'new',
        forward_due: forwardDue,
        forwarded_at: null,
        forwarded_late: null,
        answer_due: null,
        extended_reason: null,
        answer: null,
        answered_at: null,
        answered_by: null,
        answered_in_time: null,
        overdue_at: null,
        erased_at: null,
        created: now,
        modified: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const recipients = [...(await operators(ctx.db)), ...(await authorsOf(ctx.db, orgId))];
    await notify(ctx.db, ctx.services, [
      {
        kind: 'feedback_new',
        userIds: recipients,
        dataset: pkg ? noticeDataset(pkg) : null,
        organization: await noticeOrganization(ctx, orgId),
        params: { code: shortRef(row.id), message, by: forwardDue },
        due: forwardDue,
        data: { feedback_id: row.id },
      },
    ]);
    wakeScheduler(ctx);
    const [dict] = await feedbackDicts(ctx, [row], 'organization');
    return { id: dict.id, ref: dict.ref, status: dict.status, forward_due: dict.forward_due, created: dict.created };
  },
});
