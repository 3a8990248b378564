import { defineAction } from '../types.ts';
import { packageEdit, packageByKeys } from '../../auth/rules.ts';
import {
  changeStatus,
  noticeDataset,
  noticeOrganization,
  packageForStatus,
  requiredText,
} from '../../packages/status.ts';
import { notifyInAction } from '../../notifications/notify.ts';
import { operators } from '../../notifications/recipients.ts';
import { workingDaysAhead } from '../../notifications/due.ts';

export default defineAction({
  name: 'package_fix_submitted',
  tag: 'datasets',
  description: `Report that a deactivated dataset has been fixed (its authors: editors and admins of its
organization).

:param id: id or name of a deactivated dataset
:param message: what was fixed
:rtype: {id, name, state, change}

The operators (and the operator who deactivated it) are notified and expected to review the dataset
within one working day; it stays deactivated until one of them calls package_activate.`,
  sideEffectFree: false,
  input: {
    type: 'object',
    properties: { id: { type: 'string' }, message: { type: 'string', maxLength: 2000 } },
    required: ['id', 'message'],
  },
  // The rule checks exactly the dataset the handler acts on, resolved once by `id`.
  resolve: packageByKeys('id'),
  auth: packageEdit,
  async handler(ctx, input) {
    const message = requiredText(input.message, 'message');
    const row = await packageForStatus(ctx, input.id, 'deactivated', 'fix_submitted');
    const change = await changeStatus(ctx, row, 'fix_submitted', 'deactivated', message);
    const deactivator = await ctx.db
      .selectFrom('package_status_change')
      .select('user_id')
      .where('package_id', '=', row.id)
      .where('action', '=', 'deactivate')
      .orderBy('id', 'desc')
      .executeTakeFirst();
    const recipients = [...(await operators(ctx.db)), ...(deactivator?.user_id ? [deactivator.user_id] : [])];
    const by = await workingDaysAhead(ctx.db, ctx.services, 1);
    await notifyInAction(ctx, [
      {
        kind: 'package_fix_submitted',
        userIds: recipients,
        dataset: noticeDataset(row),
        organization: await noticeOrganization(ctx, row.owner_org),
        params: { message, by },
        due: by,
        data: { message, status_change: change.id },
      },
    ]);
    return { id: row.id, name: row.name, state: 'deactivated', change };
  },
});
