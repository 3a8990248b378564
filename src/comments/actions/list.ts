import { defineAction } from '../../actions/types.ts';
import { NotAuthorized, NotFound, ValidationError } from '../../errors.ts';
import { canReadPackage, siteWide } from '../../auth/permissions.ts';
import { byRef } from '../../db/ref.ts';
import { ownUnpublished, queuePage, STATUSES, threadPage } from '../store.ts';

interface Input {
  package_id?: string;
  status?: string;
  limit?: number;
  offset?: number;
}
type Pkg = NonNullable<Awaited<ReturnType<typeof byRef<'package'>>>>;

export default defineAction({
  name: 'comment_list',
  tag: 'comments',
  description: `A dataset's published comments, as threads, or (operators) the moderation queue.

:param package_id: id or name of the dataset (required unless status is given)
:param status: operators and sysadmins only: list comments of this status instead (pending, approved,
  rejected, deleted or any), oldest first, flat, with what anonymous writers gave (name, e-mail),
  from every dataset or only package_id's
:param limit: threads (or queue entries) per page, default 20, at most 100
:param offset: how many to skip
:rtype: {count, results: [{id, package_id, parent_id, author, anonymous, body, created, replies: [...]}],
  own: [the caller's comments on this dataset awaiting moderation or rejected, with status and reason]}

count is the number of published threads (top-level comments). Replies are nested under the comment
they answer, oldest first. Comments of a dataset the caller may not read are refused like the dataset.`,
  sideEffectFree: true,
  input: {
    type: 'object',
    properties: {
      package_id: { type: 'string' },
      status: { type: 'string', enum: [...STATUSES, 'any'] },
      limit: { type: 'integer', minimum: 1, maximum: 100 },
      offset: { type: 'integer', minimum: 0, maximum: 1_000_000 },
    },
  },
  resolve: (ctx, input: Input) =>
    input.package_id ? byRef(ctx.db, 'package', input.package_id) : Promise.resolve(undefined),
  auth: async (ctx, input: Input, pkg: Pkg | undefined) => {
    if (input.status && !siteWide(ctx.user))
      throw new NotAuthorized(`User ${ctx.user?.name ?? ''} not authorized to read the moderation queue`);
    if (pkg && !(await canReadPackage(ctx, pkg)))
      throw new NotAuthorized(`User ${ctx.user?.name ?? ''} not authorized to read package ${pkg.id}`);
  },
  async handler(ctx, input: Input, pkg?: Pkg) {
    const limit = input.limit ?? 20;
    const offset = input.offset ?? 0;
    if (input.package_id && !pkg) throw new NotFound('Dataset not found');
    if (input.status) return queuePage(ctx.db, { status: input.status, packageId: pkg?.id, limit, offset });
    if (!pkg) throw new ValidationError({ package_id: ['Missing value'] });
    const page = await threadPage(ctx.db, pkg.id, limit, offset);
    return { ...page, own: ctx.user ? await ownUnpublished(ctx.db, ctx.user.id, pkg.id) : [] };
  },
});
