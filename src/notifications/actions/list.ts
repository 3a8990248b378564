import { defineAction } from '../../actions/types.ts';
import { NOTICE_KINDS } from '../texts.ts';
import { NOTICE_COLUMNS, noticeDict, ownInbox, unreadCounts } from './common.ts';
import { parseIso } from '../../packages/time.ts';
import { ValidationError } from '../../errors.ts';

export default defineAction({
  name: 'notification_list',
  tag: 'notifications',
  description: `Return the caller's notifications, newest first.

:param unread: only unread ones (default false)
:param kind: only these kinds (one or a list): ${NOTICE_KINDS.join(', ')}
:param package_id: only notices about this dataset (id)
:param since: only notices created at or after this timestamp
:param limit: how many (1-100, default 20)
:param offset: where to start (default 0)
:rtype: {count, unread, by_kind, results: [notification]}

A notification: {id, kind, created, read, read_at, subject, body, expected, due_date, language,
dataset: {id, name, passport_code} | null, organization_id, data}. \`subject\` and \`body\` say what
happened, \`expected\` what the recipient is expected to do and by when (\`due_date\`), in the
recipient's language (notification_preferences_update). Everyone sees only their own inbox.`,
  sideEffectFree: true,
  input: {
    type: 'object',
    properties: {
      unread: { type: 'boolean' },
      kind: { type: ['string', 'array'], items: { type: 'string', enum: NOTICE_KINDS } },
      package_id: { type: 'string', format: 'uuid' },
      since: { type: 'string' },
      limit: { type: 'integer', minimum: 1, maximum: 100 },
      offset: { type: 'integer', minimum: 0 },
    },
  },
  auth: ownInbox,
  async handler(
    ctx,
    input: {
      unread?: boolean;
      kind?: string | string[];
      package_id?: string;
      since?: string;
      limit?: number;
      offset?: number;
    },
  ) {
    const kinds = input.kind === undefined ? null : Array.isArray(input.kind) ? input.kind : [input.kind];
    if (kinds?.some((k) => !(NOTICE_KINDS as string[]).includes(k)))
      throw ValidationError.field('kind', `Value must be one of: ${NOTICE_KINDS.join(', ')}`);
    const since = input.since === undefined ? null : parseIso(input.since);
    if (input.since !== undefined && !since) throw ValidationError.field('since', 'Date format incorrect');
    let q = ctx.db.selectFrom('notification').where('user_id', '=', ctx.user!.id);
    if (input.unread) q = q.where('read_at', 'is', null);
    if (kinds?.length) q = q.where('kind', 'in', kinds);
    if (input.package_id) q = q.where('package_id', '=', input.package_id);
    if (since) q = q.where('created', '>=', since);
    const count = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    const rows = await q
      .select([...NOTICE_COLUMNS])
      .orderBy('created', 'desc')
      .orderBy('id', 'desc')
      .limit(input.limit ?? 20)
      .offset(input.offset ?? 0)
      .execute();
    return {
      count: Number(count?.n ?? 0),
      ...(await unreadCounts(ctx)),
      results: rows.map((r) => noticeDict(r as never)),
    };
  },
});
