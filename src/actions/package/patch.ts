import { defineAction } from '../types.ts';
import { NotFound } from '../../errors.ts';
import { packageByKeys, packageEdit, type PackageRow } from '../../auth/rules.ts';
import { loadPackage, type PackageDict } from '../../packages/dictize.ts';

export default defineAction({
  name: 'package_patch',
  tag: 'datasets',
  description: `Update some of a dataset's fields, keeping the rest.

:param id: id or name of the dataset
:rtype: the dataset as package_show returns it

A top-level merge: a list that is sent (resources, tags, groups, extras) replaces the old list whole.`,
  sideEffectFree: false,
  input: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
  resolve: packageByKeys('id'),
  auth: packageEdit,
  async handler(ctx, input: Record<string, unknown>, row?: PackageRow) {
    if (!row) throw new NotFound('Package was not found.');
    // Partial: the tags are dropped below when tag_string stands for them.
    const current: Partial<PackageDict> | undefined = await loadPackage(ctx.db, row.id, ctx.config);
    if (!current) throw new NotFound('Package was not found.');
    if (input.tag_string !== undefined && input.tags === undefined) delete current.tags;
    return ctx.call('package_update', { ...current, ...input, id: row.id }, { ignoreAuth: true });
  },
});
