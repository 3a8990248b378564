// The Uzbek clock of a feedback message: the operator forwards it to the provider by the next working
// day (forwarded_late records a miss), the provider answers within PASPORT_FEEDBACK_ANSWER_DAYS days,
// extendable with a reason up to PASPORT_FEEDBACK_EXTENSION_MAX_DAYS after it was forwarded.
import { defineAction, type ActionContext } from '../../actions/types.ts';
import { operator } from '../../auth/rules.ts';
import { ValidationError } from '../../errors.ts';
import { byRef } from '../../db/ref.ts';
import { addDays, isLocalDay, localDay } from '../../calendar/days.ts';
import { stamp } from '../../scheduler/queue.ts';
import { notify } from '../../notifications/notify.ts';
import { authorsOf } from '../../notifications/recipients.ts';
import { noticeOrganization } from '../../packages/status.ts';
import { tellParties, textParam, wakeScheduler } from '../../requests/citizen.ts';
import {
  answerRule,
  feedbackDicts,
  findFeedback,
  mustBe,
  mustExist,
  shortRef,
  today,
  type FeedbackRow,
} from '../store.ts';

async function datasetOf(ctx: ActionContext, row: FeedbackRow) {
  if (!row.package_id) return null;
  const p = await ctx.db
    .selectFrom('package')
    .select(['id', 'name', 'passport_code', 'title', 'title_translated'])
    .where('id', '=', row.package_id)
    .executeTakeFirst();
  return p ? { ...p, title_translated: p.title_translated as unknown as Record<string, string> } : null;
}

async function update(ctx: ActionContext, row: FeedbackRow, set: Partial<FeedbackRow>): Promise<FeedbackRow> {
  return ctx.db
    .updateTable('feedback')
    .set({ ...set, modified: stamp(ctx.services.clock.now()) })
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

async function asShown(ctx: ActionContext, row: FeedbackRow) {
  return (await feedbackDicts(ctx, [row], ctx.user?.operator || ctx.user?.sysadmin ? 'operator' : 'organization'))[0];
}

const forward = defineAction({
  name: 'feedback_forward',
  tag: 'feedback',
  description: `Forward a new message to the data provider (operators and sysadmins).

:param id: the message's id
:param organization: id or name of the provider (default: the organization the message concerns)
:rtype: the message (as feedback_show), with forwarded_late (after forward_due) and answer_due

The organization's editors and admins are notified and have PASPORT_FEEDBACK_ANSWER_DAYS days to answer.`,
  sideEffectFree: false,
  input: { type: 'object', properties: { id: { type: 'string' }, organization: { type: 'string' } }, required: ['id'] },
  resolve: findFeedback,
  auth: operator,
  async handler(ctx, input, found: FeedbackRow | undefined) {
    const row = mustExist(found, input.id);
    mustBe(row, ['new'], 'feedback_forward');
    let orgId = row.organization_id;
    if (input.organization) {
      const g = await byRef(ctx.db, 'group', input.organization);
      if (!g || !g.is_organization || g.state !== 'active')
        throw ValidationError.field('organization', 'Organization not found');
      orgId = g.id;
    }
    if (!orgId) throw ValidationError.field('organization', 'Missing value: the message concerns no organization');
    const day = today(ctx);
    const answerDue = addDays(day, ctx.config.citizens.feedbackAnswerDays);
    const updated = await update(ctx, row, {
      status: 'forwarded',
      organization_id: orgId,
      forwarded_at: stamp(ctx.services.clock.now()),
      forwarded_late: day > row.forward_due,
      answer_due: answerDue,
    });
    await notify(ctx.db, ctx.services, [
      {
        kind: 'feedback_forwarded',
        userIds: await authorsOf(ctx.db, orgId),
        dataset: await datasetOf(ctx, row),
        organization: await noticeOrganization(ctx, orgId),
        params: { code: shortRef(row.id), message: row.message, due: answerDue },
        due: answerDue,
        data: { feedback_id: row.id },
      },
    ]);
    wakeScheduler(ctx);
    return asShown(ctx, updated);
  },
});

const answer = defineAction({
  name: 'feedback_answer',
  tag: 'feedback',
  description: `Answer a message (the editors and admins of the organization it was forwarded to; operators).

:param id: the message's id
:param answer: the answer (up to 10000 characters), kept with the message and e-mailed to the sender
:rtype: the message (as feedback_show), with answered_in_time (by answer_due)`,
  sideEffectFree: false,
  input: {
    type: 'object',
    properties: { id: { type: 'string' }, answer: { type: 'string', maxLength: 10000 } },
    required: ['id', 'answer'],
  },
  resolve: findFeedback,
  auth: answerRule,
  async handler(ctx, input, found: FeedbackRow | undefined) {
    const text = textParam(input.answer, 'answer', 10000);
    const row = mustExist(found, input.id);
    mustBe(row, ['new', 'forwarded', 'extended'], 'feedback_answer');
    // Answered before forwarding (by the operator): judged against the forwarding day.
    const due = row.answer_due ?? row.forward_due;
    const updated = await update(ctx, row, {
      status: 'answered',
      answer: text,
      answered_at: stamp(ctx.services.clock.now()),
      answered_by: ctx.user?.id ?? null,
      answered_in_time: today(ctx) <= due,
    });
    await tellParties(ctx.db, ctx.services, [{ userId: row.user_id, email: row.email, language: row.language }], {
      kind: 'feedback_answered',
      dataset: await datasetOf(ctx, row),
      feedbackId: row.id,
      params: { code: shortRef(row.id), message: text },
      data: { feedback_id: row.id },
    });
    wakeScheduler(ctx);
    return asShown(ctx, updated);
  },
});

const extend = defineAction({
  name: 'feedback_extend',
  tag: 'feedback',
  description: `Extend the time to answer a forwarded message when it needs more study (the organization's
editors and admins; operators).

:param id: the message's id
:param reason: why, told to the sender
:param until: the new last day, YYYY-MM-DD (default and at most: PASPORT_FEEDBACK_EXTENSION_MAX_DAYS
  days after forwarding, one month)
:rtype: the message (as feedback_show), status "extended", with the new answer_due`,
  sideEffectFree: false,
  input: {
    type: 'object',
    properties: { id: { type: 'string' }, reason: { type: 'string', maxLength: 2000 }, until: { type: 'string' } },
    required: ['id', 'reason'],
  },
  resolve: findFeedback,
  auth: answerRule,
  async handler(ctx, input, found: FeedbackRow | undefined) {
    const reason = textParam(input.reason, 'reason', 2000);
    const row = mustExist(found, input.id);
    mustBe(row, ['forwarded', 'extended'], 'feedback_extend');
    const limit = addDays(
      localDay(row.forwarded_at!, ctx.config.timezone),
      ctx.config.citizens.feedbackExtensionMaxDays,
    );
    if (input.until !== undefined && !isLocalDay(input.until))
      throw ValidationError.field('until', 'Must be a date, YYYY-MM-DD');
    const until = input.until ?? limit;
    if (until > limit) throw ValidationError.field('until', `The answer may be extended to ${limit} at most`);
    if (until <= (row.answer_due ?? ''))
      throw ValidationError.field('until', `Must be after the current answer_due, ${row.answer_due}`);
    const updated = await update(ctx, row, {
      status: 'extended',
      answer_due: until,
      extended_reason: reason,
      overdue_at: null,
    });
    await tellParties(ctx.db, ctx.services, [{ userId: row.user_id, email: row.email, language: row.language }], {
      kind: 'feedback_extended',
      dataset: await datasetOf(ctx, row),
      feedbackId: row.id,
      params: { code: shortRef(row.id), reason, due: until },
      due: until,
      dedupeKey: `feedback_extended:${row.id}:${until}`,
      data: { feedback_id: row.id, answer_due: until },
    });
    wakeScheduler(ctx);
    return asShown(ctx, updated);
  },
});

const erase = defineAction({
  name: 'feedback_personal_data_erase',
  tag: 'feedback',
  description: `Erase the personal data of a message on the sender's demand (operators and sysadmins).

:param id: the message's id
:rtype: {id, erased_at}

The sender's name, e-mail and IP address, and the addresses of the e-mails sent about it, are erased;
the message, its dates and its answer stay, so statistics are unchanged.`,
  sideEffectFree: false,
  input: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
  resolve: findFeedback,
  auth: operator,
  async handler(ctx, input, found: FeedbackRow | undefined) {
    const row = mustExist(found, input.id);
    const now = stamp(ctx.services.clock.now());
    await ctx.db
      .updateTable('feedback')
      .set({ name: null, email: null, ip: null, erased_at: now })
      .where('id', '=', row.id)
      .execute();
    await ctx.db.updateTable('citizen_mail').set({ to_email: null }).where('feedback_id', '=', row.id).execute();
    return { id: row.id, erased_at: now };
  },
});

export default [forward, answer, extend, erase];
