// comment_show (a published comment to whoever may read its dataset; any status to its author and the
// operators) and comment_delete (its author or an operator).
import { defineAction, type ActionContext } from '../../actions/types.ts';
import { NotAuthorized, NotFound } from '../../errors.ts';
import { canReadPackage, siteWide } from '../../auth/permissions.ts';
import { byRef } from '../../db/ref.ts';
import { stamp } from '../../scheduler/queue.ts';
import { commentById, dictFor, type CommentRow } from '../store.ts';

const resolve = (ctx: ActionContext, input: { id?: string }) => commentById(ctx.db, input.id);
const mine = (ctx: ActionContext, c: CommentRow) => !!ctx.user && c.user_id === ctx.user.id;
const unknown = () => new NotFound('Comment not found');

const show = defineAction({
  name: 'comment_show',
  tag: 'comments',
  description: `One comment. Its author and the operators see it in any status (with status and the
reason of a rejection); others see it only once published, and only if they may read its dataset.

:param id: the comment's id
:rtype: the comment`,
  sideEffectFree: true,
  input: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
  resolve,
  // Existence of an unpublished comment is not revealed: the handler answers 404 to those who may not see it.
  auth: () => {},
  async handler(ctx, _input, c?: CommentRow) {
    if (!c) throw unknown();
    if (siteWide(ctx.user) || (mine(ctx, c) && c.status !== 'deleted')) return dictFor(ctx, c);
    if (c.status !== 'approved') throw unknown();
    const pkg = await byRef(ctx.db, 'package', c.package_id);
    if (!pkg || !(await canReadPackage(ctx, pkg))) throw unknown();
    return dictFor(ctx, c);
  },
});

const remove = defineAction({
  name: 'comment_delete',
  tag: 'comments',
  description: `Delete a comment (its author, or an operator). The text and what an anonymous writer gave
(name, e-mail) are erased; its replies leave the public list with it.

:param id: the comment's id
:rtype: null`,
  sideEffectFree: false,
  input: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
  resolve,
  auth: (ctx, input: { id?: string }, c: CommentRow | undefined) => {
    if (!ctx.user) throw new NotAuthorized('Action comment_delete requires an authenticated user');
    if (c && !mine(ctx, c) && !siteWide(ctx.user))
      throw new NotAuthorized(`User ${ctx.user.name} not authorized to delete comment ${String(input.id)}`);
  },
  async handler(ctx, _input, c?: CommentRow) {
    if (!c || c.status === 'deleted') throw unknown();
    await ctx.db
      .updateTable('comment')
      .set({
        status: 'deleted',
        body: '',
        author_name: null,
        author_email: null,
        moderated: stamp(ctx.services.clock.now()),
        moderated_by: ctx.user?.id ?? null,
      })
      .where('id', '=', c.id)
      .execute();
    return null;
  },
});

export default [show, remove];
