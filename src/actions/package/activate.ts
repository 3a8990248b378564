import { defineAction } from '../types.ts';
import { operator } from '../../auth/rules.ts';
import { changeStatus, noticeDataset, noticeOrganization, packageForStatus } from '../../packages/status.ts';
import { notifyInAction } from '../../notifications/notify.ts';
import { authorsOf } from '../../notifications/recipients.ts';

export default defineAction({
  name: 'package_activate',
  tag: 'datasets',
  description: `Activate a deactivated dataset again (operators and sysadmins).

:param id: id or name of a deactivated dataset
:param message: optional note to the authors
:rtype: {id, name, state, change}

The dataset is public again on every surface (unless it is private); its authors are notified.`,
  sideEffectFree: false,
  input: {
    type: 'object',
    properties: { id: { type: 'string' }, message: { type: 'string', maxLength: 2000 } },
    required: ['id'],
  },
  auth: operator,
  async handler(ctx, input) {
    const row = await packageForStatus(ctx, input.id, 'deactivated', 'activate');
    const note = input.message?.trim() || null;
    const change = await changeStatus(ctx, row, 'activate', 'active', note);
    await notifyInAction(ctx, [
      {
        kind: 'package_activated',
        userIds: await authorsOf(ctx.db, row.owner_org),
        dataset: noticeDataset(row),
        organization: await noticeOrganization(ctx, row.owner_org),
        params: { message: note ?? '' },
        data: { status_change: change.id },
      },
    ]);
    return { id: row.id, name: row.name, state: 'active', change };
  },
});
