// comment_approve / comment_reject: the operators' moderation; the author is told either way (a signed-in
// one in the inbox and by e-mail, an anonymous one by e-mail; both through the scheduler).
import { defineAction, type ActionContext } from '../../actions/types.ts';
import { NotFound, ValidationError } from '../../errors.ts';
import { operator } from '../../auth/rules.ts';
import { stamp } from '../../scheduler/queue.ts';
import { tellParties, wakeScheduler, type Party } from '../../requests/citizen.ts';
import { commentById, operatorDict, type CommentRow } from '../store.ts';

async function moderate(
  ctx: ActionContext,
  c: CommentRow | undefined,
  status: 'approved' | 'rejected',
  reason: string | null,
) {
  if (!c || c.status === 'deleted') throw new NotFound('Comment not found');
  if (c.status === status) return operatorDict(c);
  await ctx.db
    .updateTable('comment')
    .set({ status, reason, moderated: stamp(ctx.services.clock.now()), moderated_by: ctx.user?.id ?? null })
    .where('id', '=', c.id)
    .execute();
  // The author hears of it: a signed-in one in the inbox (and by e-mail), an anonymous one by a citizen
  // mail to the address given with the comment, in the portal's language (a comment records none).
  const author: Party | null = c.user_id
    ? c.user_id !== ctx.user?.id
      ? { userId: c.user_id, email: null, language: ctx.config.defaultLanguage }
      : null
    : c.author_email
      ? { userId: null, email: c.author_email, language: ctx.config.defaultLanguage }
      : null;
  if (author) {
    const pkg = await ctx.db
      .selectFrom('package')
      .select(['id', 'name', 'title', 'title_translated', 'passport_code'])
      .where('id', '=', c.package_id)
      .executeTakeFirstOrThrow();
    await tellParties(ctx.db, ctx.services, [author], {
      kind: status === 'approved' ? 'comment_approved' : 'comment_rejected',
      dataset: pkg,
      params: { reason: reason ?? '', code: pkg.passport_code ?? pkg.name },
      data: { comment_id: c.id, ...(reason ? { reason } : {}) },
    });
    wakeScheduler(ctx);
  }
  return operatorDict((await commentById(ctx.db, c.id))!);
}

const resolve = (ctx: ActionContext, input: { id?: string }) => commentById(ctx.db, input.id);

const approve = defineAction({
  name: 'comment_approve',
  tag: 'comments',
  description: `Publish a comment (operators and sysadmins). Its author is notified.

:param id: the comment's id
:rtype: the comment, with its status`,
  sideEffectFree: false,
  input: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
  resolve,
  auth: operator,
  handler: (ctx, _input, c?: CommentRow) => moderate(ctx, c, 'approved', null),
});

const reject = defineAction({
  name: 'comment_reject',
  tag: 'comments',
  description: `Refuse to publish a comment, or withdraw a published one (operators and sysadmins). Its
author is notified with the reason.

:param id: the comment's id
:param reason: why (shown to the author)
:rtype: the comment, with its status`,
  sideEffectFree: false,
  input: {
    type: 'object',
    properties: { id: { type: 'string' }, reason: { type: 'string' } },
    required: ['id', 'reason'],
  },
  resolve,
  auth: operator,
  handler: (ctx, input: { reason: string }, c?: CommentRow) => {
    const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
    if (!reason) throw new ValidationError({ reason: ['Missing value'] });
    if (reason.length > 2000) throw new ValidationError({ reason: ['At most 2000 characters'] });
    return moderate(ctx, c, 'rejected', reason);
  },
});

export default [approve, reject];
