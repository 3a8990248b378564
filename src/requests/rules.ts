// Who may act on a request: operators keep the queue; the organization a request was forwarded to
// (its editors and admins) answers it.
import type { ActionContext, AuthRule } from '../actions/types.ts';
import { NotAuthorized } from '../errors.ts';
import { atLeast, capacityIn } from '../auth/permissions.ts';
import { findRequest, type RequestRow } from './store.ts';

export function resolveRequest(ctx: ActionContext, input: Record<string, unknown>): Promise<RequestRow | undefined> {
  return findRequest(ctx, input.id, true);
}

/** Editors and admins of the organization the request was forwarded to, and operators. */
export const requestOrganization: AuthRule<RequestRow | undefined> = async (ctx, input, row) => {
  const u = ctx.user;
  if (!u) throw new NotAuthorized(`User  not authorized to answer request ${String(input.id ?? '')}`);
  if (u.operator) return;
  if (!row) return;
  if (!row.organization_id || !atLeast(await capacityIn(ctx.db, u, row.organization_id), 'editor')) {
    throw new NotAuthorized(
      `User ${u.name} not authorized to answer request ${row.id}: it is not addressed to an organization of theirs`,
    );
  }
};
