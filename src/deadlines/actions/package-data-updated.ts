import { defineAction } from '../../actions/types.ts';
import { NotFound, ValidationError } from '../../errors.ts';
import { packageEdit, packageByKeys } from '../../auth/rules.ts';
import { findPackageRow, loadPackage } from '../../packages/dictize.ts';
import { recordDataUpdate } from '../../packages/data-updates.ts';
import { UUID } from '../../packages/names.ts';

export default defineAction({
  name: 'package_data_updated',
  tag: 'update control',
  description: `Record that a dataset's data was updated outside Pasport's own upload paths: called by the
author's information system after pushing data (provision "automatic"), or to record an update of the
external API a dataset points to (provision "external"). Authors (editors and admins of the dataset's
organization), operators and sysadmins.

:param id: id or name of the dataset
:param resource_id: the resource that changed (optional; must belong to the dataset)
:param note: what changed (optional, up to 1000 characters)
:rtype: {id, package_id, resource_id, at, source, note, last_data_update, next_update_due, overdue_days}

The update counts toward the dataset's deadlines like a DataStore load or a file upload: it satisfies
the first deadline on or after its day. Manually provided datasets are updated by uploads and DataStore
loads, which record themselves.`,
  sideEffectFree: false,
  input: {
    type: 'object',
    properties: { id: { type: 'string' }, resource_id: { type: 'string' }, note: { type: 'string', maxLength: 1000 } },
    required: ['id'],
  },
  // The rule checks exactly the dataset the handler acts on, resolved once by `id`.
  resolve: packageByKeys('id'),
  auth: packageEdit,
  async handler(ctx, input) {
    const row = await findPackageRow(ctx.db, input.id);
    if (!row || row.state === 'deleted') throw new NotFound('Package was not found.');
    if (row.provision === 'manual')
      throw new ValidationError({
        provision: ['The dataset is provided manually: its uploads and DataStore loads record its updates'],
      });
    let resourceId: string | null = null;
    if (input.resource_id) {
      const r = UUID.test(input.resource_id)
        ? await ctx.db
            .selectFrom('resource')
            .select('id')
            .where('id', '=', input.resource_id)
            .where('package_id', '=', row.id)
            .where('state', '=', 'active')
            .executeTakeFirst()
        : undefined;
      if (!r) throw new ValidationError({ resource_id: ['Not found: Resource of this dataset'] });
      resourceId = r.id;
    }
    const source = row.provision === 'external' ? 'external' : 'api';
    const note = input.note?.trim() || null;
    await recordDataUpdate(ctx, { packageId: row.id, resourceId, source, note });
    const entry = await ctx.db
      .selectFrom('data_update')
      .selectAll()
      .where('package_id', '=', row.id)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    const dict = (await loadPackage(ctx.db, row.id, ctx.config))!;
    return {
      id: String(entry.id),
      package_id: row.id,
      resource_id: resourceId,
      at: entry.at,
      source,
      note,
      last_data_update: dict.last_data_update,
      next_update_due: dict.next_update_due,
      overdue_days: dict.overdue_days,
    };
  },
});
