import { defineAction, type ActionContext } from '../../actions/types.ts';
import { NotAuthorized, ValidationError } from '../../errors.ts';
import { siteWide } from '../../auth/permissions.ts';
import { byRef } from '../../db/ref.ts';
import {
  FEEDBACK_STATUSES,
  feedbackDicts,
  findFeedback,
  mustExist,
  readerOf,
  readRule,
  type FeedbackRow,
} from '../store.ts';

const show = defineAction({
  name: 'feedback_show',
  tag: 'feedback',
  description: `A feedback message (operators; the editors and admins of the organization it concerns).

:param id: the message's id
:rtype: {id, ref, message, status, package, organization, forward_due, forwarded_at, forwarded_late,
  answer_due, extended_reason, answer, answered_at, answered_in_time, overdue, sender}

sender holds the name, e-mail and IP address for operators, the name only for the organization.`,
  sideEffectFree: true,
  input: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
  resolve: findFeedback,
  auth: readRule,
  async handler(ctx, input, found: FeedbackRow | undefined) {
    const row = mustExist(found, input.id);
    return (await feedbackDicts(ctx, [row], (await readerOf(ctx, row))!))[0];
  },
});

async function myOrganizations(ctx: ActionContext): Promise<string[]> {
  const rows = await ctx.db
    .selectFrom('member')
    .select('group_id')
    .where('table_name', '=', 'user')
    .where('table_id', '=', ctx.user!.id)
    .where('state', '=', 'active')
    .where('capacity', 'in', ['editor', 'admin'])
    .execute();
  return rows.map((r) => r.group_id);
}

const list = defineAction({
  name: 'feedback_list',
  tag: 'feedback',
  description: `Feedback messages, newest first (operators: all; editors and admins: their organizations').

:param status: only this status (${FEEDBACK_STATUSES.join(', ')})
:param organization: only this organization's (id or name)
:param overdue: true: only messages flagged overdue
:param limit: page size, 1-100 (default 20)
:param offset: how many to skip
:rtype: {count, results: [as feedback_show]}`,
  sideEffectFree: true,
  input: {
    type: 'object',
    properties: {
      status: { type: 'string', enum: [...FEEDBACK_STATUSES] },
      organization: { type: 'string' },
      overdue: { type: 'boolean' },
      limit: { type: 'integer', minimum: 1, maximum: 100 },
      offset: { type: 'integer', minimum: 0, maximum: 1000000 },
    },
  },
  auth: (ctx) => {
    if (!ctx.user)
      throw new NotAuthorized('Feedback is read by the portal operator and the organization concerned only');
  },
  async handler(
    ctx,
    input: { status?: string; organization?: string; overdue?: boolean; limit?: number; offset?: number },
  ) {
    const operator = siteWide(ctx.user);
    const orgs = operator ? null : await myOrganizations(ctx);
    if (orgs && !orgs.length) throw new NotAuthorized(`User ${ctx.user!.name} not authorized to read feedback`);
    let q = ctx.db.selectFrom('feedback');
    if (orgs) q = q.where('organization_id', 'in', orgs);
    if (input.organization) {
      const g = await byRef(ctx.db, 'group', input.organization);
      if (!g) throw ValidationError.field('organization', 'Not found');
      q = q.where('organization_id', '=', g.id);
    }
    if (input.status) q = q.where('status', '=', input.status);
    if (input.overdue) q = q.where('overdue_at', 'is not', null);
    const [rows, count] = await Promise.all([
      q
        .selectAll()
        .orderBy('created', 'desc')
        .orderBy('id', 'desc')
        .limit(input.limit ?? 20)
        .offset(input.offset ?? 0)
        .execute(),
      q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { count: Number(count.n), results: await feedbackDicts(ctx, rows, operator ? 'operator' : 'organization') };
  },
});

export default [show, list];
