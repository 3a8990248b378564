// Who reads monitoring reports: operators and sysadmins every organization's; an organization's
// editors and admins their own organization's (they must name it).
import type { ActionContext, AuthRule } from '../actions/types.ts';
import { NotAuthorized, NotFound, ValidationError } from '../errors.ts';
import { atLeast, capacityIn } from '../auth/permissions.ts';
import { isLocalDay } from '../calendar/days.ts';
import { whereRef } from '../db/ref.ts';

export async function organizationId(ctx: ActionContext, ref: string | undefined): Promise<string | null> {
  if (!ref) return null;
  const g = await whereRef(
    ctx.db.selectFrom('group').select('id').where('is_organization', '=', true),
    'group',
    ref,
  ).executeTakeFirst();
  if (!g) throw new NotFound('Organization not found');
  return g.id;
}

export const monitoringRead: AuthRule = async (ctx, input) => {
  const u = ctx.user;
  if (!u) throw new NotAuthorized('Monitoring reports require an authenticated user');
  if (u.operator) return;
  const org =
    typeof input.organization === 'string' ? await organizationId(ctx, input.organization).catch(() => null) : null;
  if (!org || !atLeast(await capacityIn(ctx.db, u, org), 'editor')) {
    throw new NotAuthorized(
      `User ${u.name} may read only the monitoring of an organization they edit (name it in "organization")`,
    );
  }
};

export const operatorsOnly: AuthRule = (ctx) => {
  if (!ctx.user?.operator)
    throw new NotAuthorized(`User ${ctx.user?.name ?? ''} not authorized to perform this action`);
};

export function period(input: { from?: unknown; to?: unknown }): { from: string; to: string } {
  const errors: Record<string, string[]> = {};
  if (!isLocalDay(input.from)) errors.from = ['Date format incorrect (YYYY-MM-DD)'];
  if (!isLocalDay(input.to)) errors.to = ['Date format incorrect (YYYY-MM-DD)'];
  if (!Object.keys(errors).length && (input.from as string) > (input.to as string))
    errors.to = ['Must not be before from'];
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return { from: input.from as string, to: input.to as string };
}
