import { defineAction } from '../types.ts';
import { operator } from '../../auth/rules.ts';
import {
  changeStatus,
  noticeDataset,
  noticeOrganization,
  packageForStatus,
  requiredText,
} from '../../packages/status.ts';
import { notifyInAction } from '../../notifications/notify.ts';
import { authorsOf } from '../../notifications/recipients.ts';
import { workingDaysAhead } from '../../notifications/due.ts';

/** The regulation gives a provider 3 working days to report a change to the operator. */
const FIX_WORKING_DAYS = 3;

export default defineAction({
  name: 'package_deactivate',
  tag: 'datasets',
  description: `Deactivate a dataset with a reason (operators and sysadmins).

:param id: id or name of an active dataset
:param reason: what is wrong, told to the dataset's authors
:rtype: {id, name, state, change: {id, action, from_state, to_state, reason, user_id, created}}

A deactivated dataset (state "deactivated") disappears from every public surface, as a private one
does: the Action API, search and its facet counts, DCAT, SPARQL, the DataStore and its dumps. Its
organization's members and operators still read it (package_search with include_private=true lists
it) and its authors may edit it. Its authors (the organization's editors and admins) are notified
with the reason; they report the fix with package_fix_submitted, and package_activate restores it.`,
  sideEffectFree: false,
  input: {
    type: 'object',
    properties: { id: { type: 'string' }, reason: { type: 'string', maxLength: 2000 } },
    required: ['id', 'reason'],
  },
  auth: operator,
  async handler(ctx, input) {
    const reason = requiredText(input.reason, 'reason');
    const row = await packageForStatus(ctx, input.id, 'active', 'deactivate');
    const change = await changeStatus(ctx, row, 'deactivate', 'deactivated', reason);
    const by = await workingDaysAhead(ctx.db, ctx.services, FIX_WORKING_DAYS);
    await notifyInAction(ctx, [
      {
        kind: 'package_deactivated',
        userIds: await authorsOf(ctx.db, row.owner_org),
        dataset: noticeDataset(row),
        organization: await noticeOrganization(ctx, row.owner_org),
        params: { reason, by },
        due: by,
        data: { reason, status_change: change.id },
      },
    ]);
    return { id: row.id, name: row.name, state: 'deactivated', change };
  },
});
