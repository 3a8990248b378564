import { defineAction } from '../../actions/types.ts';
import { packageByKeys, packageEdit, type PackageRow } from '../../auth/rules.ts';
import { stamp } from '../../scheduler/queue.ts';
import { nowIso } from '../../packages/time.ts';
import { externalPackage, mergedRow, SOURCE_DOC, SOURCE_PROPS } from '../input.ts';
import { externalDict, findExternal } from '../source.ts';

export default defineAction({
  name: 'external_source_update',
  tag: 'external sources',
  description: `Describe where the data of an externally provided passport comes from; the scheduler pulls it
from then on (the first pull at the next dispatch), validates every record against the resource's
descriptor, and replaces the resource's DataStore table in one transaction. Authors of the dataset's
organization, operators and sysadmins. Keys not given keep their stored value.

${SOURCE_DOC}
:rtype: the source (external_source_show); the secret is never returned, only secret_set`,
  sideEffectFree: false,
  input: { type: 'object', properties: SOURCE_PROPS, required: ['id'] },
  resolve: packageByKeys('id'),
  auth: packageEdit,
  async handler(ctx, input: Record<string, any>, target: PackageRow | undefined) {
    const pkg = externalPackage(target, input.id);
    const stored = await findExternal(ctx.db, pkg.id);
    const row = await mergedRow(ctx, pkg, input, stored);
    const now = nowIso();
    const values = {
      ...row,
      last_errors: JSON.stringify(row.last_errors),
      max_bytes: Number(row.max_bytes),
      next_run_at: stamp(ctx.services.clock.now()),
      created: stored?.created ?? now,
      modified: now,
    };
    await ctx.db
      .insertInto('external_source')
      .values(values)
      .onConflict((oc) => oc.column('package_id').doUpdateSet({ ...values, created: undefined }))
      .execute();
    return externalDict((await findExternal(ctx.db, pkg.id))!, pkg.update_frequency);
  },
});
