import { defineAction } from '../../actions/types.ts';
import { NotFound, ValidationError } from '../../errors.ts';
import { packageRead, packageByKeys } from '../../auth/rules.ts';
import { canEditPackage } from '../../auth/permissions.ts';
import { findPackageRow } from '../../packages/dictize.ts';

export default defineAction({
  name: 'package_data_update_list',
  tag: 'update control',
  description: `The history of a dataset's data updates, newest first.

:param id: id or name of the dataset
:param limit: at most this many (default 100, up to 1000)
:param offset: skip this many (default 0)
:rtype: [{id, package_id, resource_id, at, source, note, user_id}]

source is one of datastore, upload, url, api, external, harvest. Who made an update (user_id) is shown
only to those who may edit the dataset.`,
  sideEffectFree: true,
  input: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      limit: { type: 'integer', minimum: 1, maximum: 1000 },
      offset: { type: 'integer', minimum: 0 },
    },
    required: ['id'],
  },
  // The rule checks exactly the dataset the handler acts on, resolved once by `id`.
  resolve: packageByKeys('id'),
  auth: packageRead,
  async handler(ctx, input) {
    const row = await findPackageRow(ctx.db, input.id);
    if (!row) throw new NotFound('Package was not found.');
    if (input.offset !== undefined && input.offset > 1_000_000) throw new ValidationError({ offset: ['Too large'] });
    const rows = await ctx.db
      .selectFrom('data_update')
      .selectAll()
      .where('package_id', '=', row.id)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(input.limit ?? 100)
      .offset(input.offset ?? 0)
      .execute();
    const showWho = await canEditPackage(ctx, row);
    return rows.map((r) => ({
      id: String(r.id),
      package_id: r.package_id,
      resource_id: r.resource_id,
      at: r.at,
      source: r.source,
      note: r.note,
      ...(showWho ? { user_id: r.user_id } : {}),
    }));
  },
});
