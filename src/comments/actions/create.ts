import crypto from 'node:crypto';
import { defineAction, type ActionContext } from '../../actions/types.ts';
import { NotAuthorized, NotFound, ValidationError } from '../../errors.ts';
import { canReadPackage, siteWide } from '../../auth/permissions.ts';
import { byRef } from '../../db/ref.ts';
import { stamp } from '../../scheduler/queue.ts';
import { commentById, dictFor } from '../store.ts';

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const MAX_BODY = 5000;

interface Input {
  package_id: string;
  body: string;
  parent_id?: string;
  author_name?: string;
  author_email?: string;
}
type Pkg = NonNullable<Awaited<ReturnType<typeof byRef<'package'>>>>;

function check(ctx: ActionContext, input: Input) {
  const errors: Record<string, string[]> = {};
  const body = typeof input.body === 'string' ? input.body.trim() : '';
  if (!body) errors.body = ['Missing value'];
  else if (body.length > MAX_BODY) errors.body = [`At most ${MAX_BODY} characters`];
  if (!ctx.user) {
    // An anonymous comment names its writer for the moderators only.
    if (!input.author_name?.trim()) errors.author_name = ['Missing value'];
    else if (input.author_name.length > 200) errors.author_name = ['At most 200 characters'];
    if (!input.author_email || !EMAIL.test(input.author_email) || input.author_email.length > 254)
      errors.author_email = ['A valid e-mail address is required'];
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return body;
}

export default defineAction({
  name: 'comment_create',
  tag: 'comments',
  description: `Comment on a dataset. The comment is published only once an operator approves it
(comment_approve); until then its author sees it with status "pending" (comment_show, comment_list).
Operators' and sysadmins' own comments are published at once.

:param package_id: id or name of the dataset
:param body: the text (plain text, at most 5000 characters)
:param parent_id: the published comment this one answers (optional; makes a threaded reply)
:param author_name: anonymous comments only (when PASPORT_COMMENTS_ANONYMOUS is on): the writer's
  name, seen by the moderators only
:param author_email: anonymous comments only: the writer's e-mail, seen by the moderators only
:rtype: the comment {id, package_id, parent_id, author, anonymous, body, created, status}

Signed-in users may comment on any dataset they may read; anonymous callers only when the portal
allows it.`,
  sideEffectFree: false,
  input: {
    type: 'object',
    properties: {
      package_id: { type: 'string' },
      body: { type: 'string' },
      parent_id: { type: 'string' },
      author_name: { type: 'string' },
      author_email: { type: 'string' },
    },
    required: ['package_id', 'body'],
  },
  resolve: (ctx, input: Input) => byRef(ctx.db, 'package', input.package_id),
  auth: async (ctx, _input: Input, pkg: Pkg | undefined) => {
    if (!ctx.user && !ctx.config.comments.anonymous)
      throw new NotAuthorized('Action comment_create requires an authenticated user');
    if (pkg && !(await canReadPackage(ctx, pkg)))
      throw new NotAuthorized(`User ${ctx.user?.name ?? ''} not authorized to read package ${pkg.id}`);
  },
  async handler(ctx, input: Input, pkg?: Pkg) {
    if (!pkg) throw new NotFound('Dataset not found');
    const body = check(ctx, input);
    let root: string | null = null;
    if (input.parent_id) {
      const parent = await commentById(ctx.db, input.parent_id);
      if (!parent || parent.package_id !== pkg.id || parent.status !== 'approved')
        throw new ValidationError({ parent_id: ['Not a published comment of this dataset'] });
      root = parent.root_id;
    }
    const id = crypto.randomUUID();
    const now = stamp(ctx.services.clock.now());
    const moderator = siteWide(ctx.user);
    await ctx.db
      .insertInto('comment')
      .values({
        id,
        package_id: pkg.id,
        parent_id: input.parent_id ?? null,
        root_id: root ?? id,
        user_id: ctx.user?.id ?? null,
        author_name: ctx.user ? null : input.author_name!.trim(),
        author_email: ctx.user ? null : input.author_email!.trim(),
        body,
        status: moderator ? 'approved' : 'pending',
        reason: null,
        created: now,
        moderated: moderator ? now : null,
        moderated_by: moderator ? ctx.user!.id : null,
      })
      .execute();
    const row = (await commentById(ctx.db, id))!;
    // The anonymous writer gets the author's view of what they just sent (status included), never more.
    return ctx.user ? dictFor(ctx, row) : { ...dictFor(ctx, row), status: row.status };
  },
});
