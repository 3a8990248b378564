import { defineAction } from '../types.ts';
import { NotFound } from '../../errors.ts';
import { packageEdit, packageByKeys } from '../../auth/rules.ts';
import { findPackageRow } from '../../packages/dictize.ts';

export default defineAction({
  name: 'package_status_list',
  tag: 'datasets',
  description: `The history of a dataset's status: every deactivation (with its reason), reported fix and
activation, oldest first, with who and when. For those who may edit the dataset and operators.

:param id: id or name of the dataset
:rtype: list of {id, action, from_state, to_state, reason, user_id, user_name, created}`,
  sideEffectFree: true,
  input: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
  // The rule checks exactly the dataset the handler acts on, resolved once by `id`.
  resolve: packageByKeys('id'),
  auth: packageEdit,
  async handler(ctx, input) {
    const row = await findPackageRow(ctx.db, input.id);
    if (!row) throw new NotFound('Package was not found.');
    return ctx.db
      .selectFrom('package_status_change as c')
      .leftJoin('user', 'user.id', 'c.user_id')
      .select([
        'c.id',
        'c.action',
        'c.from_state',
        'c.to_state',
        'c.reason',
        'c.user_id',
        'user.name as user_name',
        'c.created',
      ])
      .where('c.package_id', '=', row.id)
      .orderBy('c.id')
      .execute();
  },
});
