// A feedback message as stored and as shown, and who may read or answer it: operators read every
// message with the sender's contact details; the editors and admins of the organization it concerns
// read its messages with the sender's name only. Nobody else reads feedback at all.
import type { Selectable } from 'kysely';
import type { ActionContext } from '../actions/types.ts';
import type { FeedbackTable } from './tables.ts';
import { NotAuthorized, NotFound, ValidationError } from '../errors.ts';
import { atLeast, capacityIn, siteWide } from '../auth/permissions.ts';
import { isUuid } from '../db/ref.ts';
import { localDay } from '../calendar/days.ts';

export type FeedbackRow = Selectable<FeedbackTable>;
export const FEEDBACK_STATUSES = ['new', 'forwarded', 'extended', 'answered'] as const;

export async function findFeedback(
  ctx: ActionContext,
  input: Record<string, unknown>,
): Promise<FeedbackRow | undefined> {
  if (!isUuid(input.id)) return undefined;
  let q = ctx.db.selectFrom('feedback').selectAll().where('id', '=', input.id);
  if (ctx.inTransaction) q = q.forUpdate();
  return q.executeTakeFirst();
}

export function mustExist(row: FeedbackRow | undefined, id: unknown): FeedbackRow {
  if (!row) throw new NotFound(`Feedback ${String(id ?? '')} not found`);
  return row;
}

export function mustBe(row: FeedbackRow, statuses: string[], action: string): void {
  if (!statuses.includes(row.status))
    throw ValidationError.field(
      'status',
      `The message is ${row.status}: ${action} needs it to be ${statuses.join(' or ')}`,
    );
}

export function shortRef(id: string): string {
  return `F-${id.slice(0, 8)}`;
}

export function today(ctx: ActionContext): string {
  return localDay(ctx.services.clock.now(), ctx.config.timezone);
}

/** Operators, and editors/admins of the message's organization (answering needs it forwarded to them). */
export async function readerOf(ctx: ActionContext, row: FeedbackRow): Promise<'operator' | 'organization' | null> {
  if (siteWide(ctx.user)) return 'operator';
  if (ctx.user && row.organization_id && atLeast(await capacityIn(ctx.db, ctx.user, row.organization_id), 'editor'))
    return 'organization';
  return null;
}

export function readRule(ctx: ActionContext, input: { id?: string }, row: FeedbackRow | undefined): Promise<void> {
  return (async () => {
    if (!ctx.user)
      throw new NotAuthorized('Feedback is read by the portal operator and the organization concerned only');
    if (row && !(await readerOf(ctx, row)))
      throw new NotAuthorized(`User ${ctx.user.name} not authorized to read feedback ${String(input.id ?? '')}`);
  })();
}

/** Answering or extending: operators always; the organization once the message is forwarded to it. */
export async function answerRule(
  ctx: ActionContext,
  input: { id?: string },
  row: FeedbackRow | undefined,
): Promise<void> {
  if (!ctx.user) throw new NotAuthorized(`User  not authorized to answer feedback ${String(input.id ?? '')}`);
  if (!row || ctx.user.operator) return;
  if ((await readerOf(ctx, row)) !== 'organization' || row.status === 'new') {
    throw new NotAuthorized(`User ${ctx.user.name} not authorized to answer feedback ${row.id}`);
  }
}

type Brief = { id: string; name: string; title: string | null };

export async function feedbackDicts(ctx: ActionContext, rows: FeedbackRow[], seen: 'operator' | 'organization') {
  const pkgIds = [...new Set(rows.map((r) => r.package_id).filter((x): x is string => !!x))];
  const orgIds = [...new Set(rows.map((r) => r.organization_id).filter((x): x is string => !!x))];
  const pkgs = new Map<string, Brief>(
    (pkgIds.length
      ? await ctx.db.selectFrom('package').select(['id', 'name', 'title']).where('id', 'in', pkgIds).execute()
      : []
    ).map((p) => [p.id, p]),
  );
  const orgs = new Map<string, Brief>(
    (orgIds.length
      ? await ctx.db.selectFrom('group').select(['id', 'name', 'title']).where('id', 'in', orgIds).execute()
      : []
    ).map((g) => [g.id, g]),
  );
  return rows.map((r) => ({
    id: r.id,
    ref: shortRef(r.id),
    message: r.message,
    status: r.status,
    language: r.language,
    package: r.package_id ? (pkgs.get(r.package_id) ?? null) : null,
    organization: r.organization_id ? (orgs.get(r.organization_id) ?? null) : null,
    forward_due: r.forward_due,
    forwarded_at: r.forwarded_at,
    forwarded_late: r.forwarded_late,
    answer_due: r.answer_due,
    extended_reason: r.extended_reason,
    answer: r.answer,
    answered_at: r.answered_at,
    answered_in_time: r.answered_in_time,
    overdue: !!r.overdue_at,
    overdue_at: r.overdue_at,
    created: r.created,
    modified: r.modified,
    sender:
      seen === 'operator'
        ? { name: r.name, email: r.email, ip: r.ip, user_id: r.user_id, erased_at: r.erased_at }
        : { name: r.name, erased_at: r.erased_at },
  }));
}
