// Comments on datasets: the dicts each audience sees, the threaded public page and the moderation
// queue. Who wrote an anonymous comment (name, e-mail) is kept for the operators only: the public
// dict names a signed-in author by account name and an anonymous one not at all.
import type { Selectable } from 'kysely';
import type { ActionContext } from '../actions/types.ts';
import type { DB } from '../db/connect.ts';
import type { CommentTable } from './tables.ts';
import { siteWide } from '../auth/permissions.ts';
import { isUuid } from '../db/ref.ts';

export type CommentRow = Selectable<CommentTable> & { user_name?: string | null };

export const STATUSES = ['pending', 'approved', 'rejected', 'deleted'] as const;
/** Replies shown with one page of threads, at most (a flood in one thread cannot blow up a page). */
const MAX_REPLIES = 2000;

export interface PublicComment {
  id: string;
  package_id: string;
  parent_id: string | null;
  author: string | null;
  anonymous: boolean;
  body: string;
  created: string;
  replies?: PublicComment[];
  [k: string]: unknown;
}

export function publicDict(r: CommentRow): PublicComment {
  return {
    id: r.id,
    package_id: r.package_id,
    parent_id: r.parent_id,
    author: r.user_id ? (r.user_name ?? null) : null,
    anonymous: !r.user_id,
    body: r.body,
    created: r.created,
  };
}

/** What the author sees of their own comment: its status and the reason of a rejection. */
export function authorDict(r: CommentRow) {
  return { ...publicDict(r), status: r.status, reason: r.reason, moderated: r.moderated };
}

/** The moderators' view: who wrote an anonymous comment. */
export function operatorDict(r: CommentRow) {
  return {
    ...authorDict(r),
    user_id: r.user_id,
    author_name: r.author_name,
    author_email: r.author_email,
    moderated_by: r.moderated_by,
  };
}

export function dictFor(ctx: Pick<ActionContext, 'user'>, r: CommentRow) {
  if (siteWide(ctx.user)) return operatorDict(r);
  if (ctx.user && r.user_id === ctx.user.id) return authorDict(r);
  return publicDict(r);
}

function withUser(db: DB) {
  return db
    .selectFrom('comment')
    .leftJoin('user', 'user.id', 'comment.user_id')
    .selectAll('comment')
    .select('user.name as user_name');
}

export async function commentById(db: DB, id: unknown): Promise<CommentRow | undefined> {
  if (!isUuid(id)) return undefined;
  return withUser(db).where('comment.id', '=', id).executeTakeFirst();
}

/** One page of a dataset's approved threads, oldest first, each with its approved replies nested. A
 * reply under a comment that is no longer approved is hidden with it. */
export async function threadPage(db: DB, packageId: string, limit: number, offset: number) {
  // The count is kept by a trigger (migration 0017): counting a busy dataset's threads per page was the cost.
  const base = db.selectFrom('comment_stats').select('threads as n').where('package_id', '=', packageId);
  const [roots, total] = await Promise.all([
    withUser(db)
      .where('comment.package_id', '=', packageId)
      .where('comment.status', '=', 'approved')
      .where('comment.parent_id', 'is', null)
      .orderBy('comment.created')
      .orderBy('comment.id')
      .limit(limit)
      .offset(offset)
      .execute(),
    base.executeTakeFirst(),
  ]);
  const replies = roots.length
    ? await withUser(db)
        .where(
          'comment.root_id',
          'in',
          roots.map((r) => r.id),
        )
        .where('comment.status', '=', 'approved')
        .where('comment.parent_id', 'is not', null)
        .orderBy('comment.created')
        .orderBy('comment.id')
        .limit(MAX_REPLIES)
        .execute()
    : [];
  const nodes = new Map<string, PublicComment>();
  const results = roots.map((r) => {
    const n = { ...publicDict(r), replies: [] };
    nodes.set(r.id, n);
    return n;
  });
  // Every reply's node first, then each under its parent: a reply may carry its parent's very timestamp
  // and sort before it (ids break the tie), so "oldest first" does not place parents first. A reply whose
  // parent is not approved is reachable from no root: hidden with it.
  const placed = replies.map((r) => ({ r, n: { ...publicDict(r), replies: [] } as PublicComment }));
  for (const { r, n } of placed) nodes.set(r.id, n);
  for (const { r, n } of placed) {
    const parent = r.parent_id ? nodes.get(r.parent_id) : undefined;
    if (parent) parent.replies!.push(n);
  }
  return { count: Number(total?.n ?? 0), results };
}

/** The moderation queue: comments of a status (any dataset, or one), oldest first. */
export async function queuePage(db: DB, f: { status: string; packageId?: string; limit: number; offset: number }) {
  let q = withUser(db)
    .innerJoin('package', 'package.id', 'comment.package_id')
    .select(['package.name as package_name', 'package.title as package_title']);
  let c = db.selectFrom('comment');
  if (f.status !== 'any') {
    q = q.where('comment.status', '=', f.status);
    c = c.where('status', '=', f.status);
  }
  if (f.packageId) {
    q = q.where('comment.package_id', '=', f.packageId);
    c = c.where('package_id', '=', f.packageId);
  }
  const [rows, total] = await Promise.all([
    q.orderBy('comment.created').orderBy('comment.id').limit(f.limit).offset(f.offset).execute(),
    c.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    count: Number(total.n),
    results: rows.map((r) => ({
      ...operatorDict(r),
      package: { id: r.package_id, name: r.package_name, title: r.package_title },
    })),
  };
}

/** The caller's own comments on a dataset that are not (or no longer) public: pending or rejected. */
export async function ownUnpublished(db: DB, userId: string, packageId: string) {
  const rows = await withUser(db)
    .where('comment.user_id', '=', userId)
    .where('comment.package_id', '=', packageId)
    .where('comment.status', 'in', ['pending', 'rejected'])
    .orderBy('comment.created')
    .limit(100)
    .execute();
  return rows.map(authorDict);
}
