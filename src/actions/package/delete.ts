import { defineAction } from '../types.ts';
import { NotFound, ValidationError } from '../../errors.ts';
import { packageByKeys, packageDelete, type PackageRow } from '../../auth/rules.ts';
import { nowIso } from '../../packages/time.ts';
import { recordChange } from '../../outbox.ts';
import { packageActivity } from '../../activity/record.ts';

export default defineAction({
  name: 'package_delete',
  tag: 'datasets',
  description: `Delete a dataset (softly: it is marked deleted, never erased).

:param id: id or name of the dataset
:param reason: why it is deleted; stored with who deleted it and when (mandatory with the operator
  workflow, PASPORT_OPERATOR_WORKFLOW, on by default, or PASPORT_DELETE_REASON_REQUIRED)
:rtype: null

With the operator workflow only operators and sysadmins delete passports. The dataset leaves package_list, package_search and every public feed; sysadmins and members of its
organization still see it with state "deleted".`,
  sideEffectFree: false,
  input: {
    type: 'object',
    properties: { id: { type: 'string' }, reason: { type: 'string', maxLength: 1000 } },
    required: ['id'],
  },
  resolve: packageByKeys('id'),
  auth: packageDelete,
  async handler(ctx, input, row?: PackageRow) {
    if (!row) throw new NotFound('Package was not found.');
    const reason = input.reason?.trim() || null;
    if (!reason && (ctx.config.deleteReasonRequired || ctx.config.operatorWorkflow))
      throw new ValidationError({ reason: ['Missing value'] });
    // The clock's time: monitoring counts the passports that existed at a period's end by deleted_at.
    const now = nowIso(ctx.services.clock);
    await ctx.db
      .updateTable('package')
      .set({
        state: 'deleted',
        metadata_modified: now,
        deleted_reason: reason,
        deleted_by: ctx.user?.id ?? null,
        deleted_at: now,
      })
      .where('id', '=', row.id)
      .execute();
    // CKAN ends the dataset's group memberships; the organization stays.
    const orgIds = ctx.db.selectFrom('group').select('id').where('is_organization', '=', true);
    await ctx.db
      .updateTable('member')
      .set({ state: 'deleted' })
      .where('table_name', '=', 'package')
      .where('table_id', '=', row.id)
      .where('group_id', 'not in', orgIds)
      .execute();
    await recordChange(ctx, 'package', row.id, 'delete');
    await packageActivity(ctx, row.id, 'deleted');
    return null;
  },
});
