// What the notification actions share: the inbox dict and the caller's own rows.
import type { ActionContext, AuthRule } from '../../actions/types.ts';
import { NotAuthorized } from '../../errors.ts';
import type { NotificationTable } from '../../db/schema.ts';

/** Every inbox is its owner's alone: the actions only ever read the caller's rows. */
export const ownInbox: AuthRule = (ctx) => {
  if (!ctx.user) throw new NotAuthorized('Notifications require an authenticated user');
};

export const NOTICE_COLUMNS = [
  'id',
  'kind',
  'created',
  'read_at',
  'subject',
  'body',
  'expected',
  'due_date',
  'language',
  'package_id',
  'organization_id',
  'data',
] as const;

type Row = Pick<
  { [K in keyof NotificationTable]: K extends 'data' ? Record<string, unknown> : NotificationTable[K] },
  (typeof NOTICE_COLUMNS)[number]
>;

export function noticeDict(r: Row): Record<string, unknown> {
  const data = (r.data ?? {}) as Record<string, unknown>;
  return {
    id: r.id,
    kind: r.kind,
    created: r.created,
    read: r.read_at !== null,
    read_at: r.read_at,
    subject: r.subject,
    body: r.body,
    expected: r.expected,
    due_date: r.due_date,
    language: r.language,
    dataset: data.dataset ?? null,
    organization_id: r.organization_id,
    data,
  };
}

export async function unreadCounts(ctx: ActionContext): Promise<{ unread: number; by_kind: Record<string, number> }> {
  const rows = await ctx.db
    .selectFrom('notification')
    .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
    .where('user_id', '=', ctx.user!.id)
    .where('read_at', 'is', null)
    .groupBy('kind')
    .execute();
  const by_kind: Record<string, number> = {};
  for (const r of rows) by_kind[r.kind] = Number(r.n);
  return { unread: Object.values(by_kind).reduce((a, b) => a + b, 0), by_kind };
}
