// A dataset request as stored and as shown, its status changes (each kept in data_request_status and
// told to the requester and every confirmed voter), and who may see whom. Personal data (requester's
// name, e-mail, IP) is shown to operators and to the requester only: never in lists, never to others.
import crypto from 'node:crypto';
import { sql, type RawBuilder, type Selectable, type SqlBool } from 'kysely';
import type { ActionContext, AuthUser } from '../actions/types.ts';
import type { DataRequestTable } from './tables.ts';
import { NotFound, ValidationError } from '../errors.ts';
import { isUuid } from '../db/ref.ts';
import { stamp } from '../scheduler/queue.ts';
import { canReadPackage } from '../auth/permissions.ts';
import { siteWide } from '../auth/permissions.ts';
import { statusWord, type RequestStatus } from './texts.ts';
import { tellParties, wakeScheduler, type Party } from './citizen.ts';

export type RequestRow = Selectable<DataRequestTable>;

export async function findRequest(ctx: ActionContext, id: unknown, lock = false): Promise<RequestRow | undefined> {
  if (!isUuid(id)) return undefined;
  let q = ctx.db.selectFrom('data_request').selectAll().where('id', '=', id);
  if (lock && ctx.inTransaction) q = q.forUpdate();
  return q.executeTakeFirst();
}

export function mustExist(row: RequestRow | undefined, id: unknown): RequestRow {
  if (!row) throw new NotFound(`Request ${String(id ?? '')} not found`);
  return row;
}

export function mustBe(row: RequestRow, statuses: RequestStatus[], action: string): void {
  if (!statuses.includes(row.status as RequestStatus)) {
    throw ValidationError.field(
      'status',
      `The request is ${row.status}: ${action} needs it to be ${statuses.join(' or ')}`,
    );
  }
}

/** Operators and sysadmins, and the requester, see the requester's contact details. */
export function seesPersonal(ctx: ActionContext, row: RequestRow): boolean {
  return siteWide(ctx.user) || (!!ctx.user && ctx.user.id === row.requester_user_id);
}

/** A request not yet published for voting is seen by operators and its requester only. */
export function canSee(ctx: ActionContext, row: RequestRow): boolean {
  return row.listed || seesPersonal(ctx, row);
}

/** canSee as a condition on data_request, for a statement that checks visibility itself (a vote). */
export function canSeeWhere(user: AuthUser | null): RawBuilder<SqlBool> {
  if (siteWide(user)) return sql<SqlBool>`true`;
  return user ? sql<SqlBool>`(listed OR requester_user_id = ${user.id})` : sql<SqlBool>`listed`;
}

/** A short reference that reads the same in every language (the first block of the id). */
export function shortRef(id: string): string {
  return `R-${id.slice(0, 8)}`;
}

type GroupBrief = { id: string; name: string; title: string | null; title_translated: unknown };

async function groups(ctx: ActionContext, ids: (string | null)[]): Promise<Map<string, GroupBrief>> {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (!wanted.length) return new Map();
  const rows = await ctx.db
    .selectFrom('group')
    .select(['id', 'name', 'title', 'title_translated'])
    .where('id', 'in', wanted)
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

export function publicFields(row: RequestRow) {
  return {
    id: row.id,
    ref: shortRef(row.id),
    title: row.title,
    description: row.description,
    intended_use: row.intended_use,
    status: row.status,
    votes: row.votes,
    reason: row.reason,
    forwarded_at: row.forwarded_at,
    refuse_due: row.refuse_due,
    publish_due: row.publish_due,
    answered_at: row.answered_at,
    answered_in_time: row.answered_in_time,
    overdue: !!(row.response_overdue_at || row.publish_overdue_at),
    response_overdue_at: row.response_overdue_at,
    publish_overdue_at: row.publish_overdue_at,
    created: row.created,
    modified: row.modified,
  };
}

/** Dicts of many requests (request_list): public fields, organization, sphere, never personal data. */
export async function listDicts(ctx: ActionContext, rows: RequestRow[]) {
  const g = await groups(
    ctx,
    rows.flatMap((r) => [r.organization_id, r.sphere_id]),
  );
  const brief = (id: string | null) => (id && g.get(id)) || null;
  return rows.map((r) => ({
    ...publicFields(r),
    organization: brief(r.organization_id),
    sphere: brief(r.sphere_id),
    package_id: r.package_id,
  }));
}

export async function showDict(ctx: ActionContext, row: RequestRow) {
  const [dict] = await listDicts(ctx, [row]);
  const history = await ctx.db
    .selectFrom('data_request_status')
    .select(['from_status', 'to_status', 'reason', 'created'])
    .where('request_id', '=', row.id)
    .orderBy('seq')
    .execute();
  let pkg: { id: string; name: string; title: string | null } | null = null;
  if (row.package_id) {
    const p = await ctx.db
      .selectFrom('package')
      .select(['id', 'name', 'title', 'state', 'private', 'owner_org', 'creator_user_id'])
      .where('id', '=', row.package_id)
      .executeTakeFirst();
    if (p && (await canReadPackage(ctx, p))) pkg = { id: p.id, name: p.name, title: p.title };
  }
  let voted: boolean | undefined;
  if (ctx.user) {
    voted = !!(await ctx.db
      .selectFrom('data_request_vote')
      .select('id')
      .where('request_id', '=', row.id)
      .where('user_id', '=', ctx.user.id)
      .executeTakeFirst());
  }
  const personal = seesPersonal(ctx, row)
    ? {
        requester: {
          user_id: row.requester_user_id,
          name: row.requester_name,
          email: row.requester_email,
          ip: row.requester_ip,
          erased_at: row.erased_at,
        },
      }
    : {};
  return {
    ...dict,
    package_id: pkg ? pkg.id : null,
    package: pkg,
    history,
    ...(voted === undefined ? {} : { voted }),
    ...personal,
  };
}

/** The requester and every confirmed voter: who is told of a status change. */
export async function partiesOf(ctx: ActionContext, row: RequestRow): Promise<Party[]> {
  const voters = await ctx.db
    .selectFrom('data_request_vote')
    .select(['user_id', 'email', 'language'])
    .where('request_id', '=', row.id)
    .where('confirmed_at', 'is not', null)
    .execute();
  const requester: Party = { userId: row.requester_user_id, email: row.requester_email, language: row.language };
  return [requester, ...voters.map((v) => ({ userId: v.user_id, email: v.email, language: v.language }))];
}

export function noticeSubject(row: RequestRow) {
  return { title: row.title, title_translated: null, name: shortRef(row.id) };
}

export interface StatusChange {
  to: RequestStatus;
  reason?: string | null;
  /** Columns changed with the status (deadlines, the linked dataset). */
  set?: Partial<DataRequestTable>;
  due?: string | null;
  /** A line under the notice (the published dataset's address). */
  lines?: string;
}

/** Change the status, keep it in the history, and tell the requester and the voters. */
export async function changeStatus(ctx: ActionContext, row: RequestRow, change: StatusChange): Promise<RequestRow> {
  const now = stamp(ctx.services.clock.now());
  const listed = row.listed || change.to === 'voting';
  const updated = await ctx.db
    .updateTable('data_request')
    .set({ ...change.set, status: change.to, listed, reason: change.reason ?? row.reason, modified: now })
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await ctx.db
    .insertInto('data_request_status')
    .values({
      id: crypto.randomUUID(),
      request_id: row.id,
      from_status: row.status,
      to_status: change.to,
      reason: change.reason ?? null,
      user_id: ctx.user?.id ?? null,
      created: now,
    })
    .execute();
  await tellParties(ctx.db, ctx.services, await partiesOf(ctx, updated), {
    kind: 'request_status',
    subject: noticeSubject(updated),
    requestId: row.id,
    params: { code: shortRef(row.id), reason: change.reason ?? '', due: change.due ?? '', lines: change.lines ?? '' },
    paramsFor: (lang) => ({ message: statusWord(change.to, lang) }),
    dedupeKey: `request_status:${row.id}:${change.to}`,
    data: { request_id: row.id, status: change.to },
  });
  wakeScheduler(ctx);
  return updated;
}
