// comment_approve / comment_reject: the operators' moderation; the author (a signed-in user) is told
// either way in their inbox (and by e-mail, through the scheduler).
import { defineAction, type ActionContext } from '../../actions/types.ts';
import { NotFound, ValidationError } from '../../api/errors.ts';
import { operator } from '../../auth/rules.ts';
import { stamp } from '../../scheduler/queue.ts';
import { notifyInAction } from '../../notifications/notify.ts';
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
  if (c.user_id && c.user_id !== ctx.user?.id) {
    const pkg = await ctx.db
      .selectFrom('package')
      .select(['id', 'name', 'title', 'title_translated', 'passport_code'])
      .where('id', '=', c.package_id)
      .executeTakeFirstOrThrow();
    await notifyInAction(ctx, [
      {
        kind: status === 'approved' ? 'comment_approved' : 'comment_rejected',
        userIds: [c.user_id],
        dataset: pkg,
        params: { reason: reason ?? '' },
        data: { comment_id: c.id, ...(reason ? { reason } : {}) },
      },
    ]);
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
