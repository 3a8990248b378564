// Authorization rules of the search module's actions. Sysadmins never reach a rule (the runner skips them).
import type { AuthRule } from '../actions/types.ts';
import { NotAuthorized } from '../errors.ts';

/** The search log is the operator's analysis tool: operators and sysadmins only. */
export const searchLogRead: AuthRule = (ctx) => {
  if (!ctx.user) throw new NotAuthorized('Action requires an authenticated user');
  if (!ctx.user.operator) throw new NotAuthorized(`User ${ctx.user.name} not authorized to read the search log`);
};
