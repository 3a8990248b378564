import { defineAction } from '../../actions/types.ts';
import { packageByKeys, packageEdit, type PackageRow } from '../../auth/rules.ts';
import { externalPackage, mergedRow, SOURCE_DOC, SOURCE_PROPS } from '../input.ts';
import { findExternal } from '../source.ts';
import { pullSource } from '../pull.ts';

export default defineAction({
  name: 'external_source_test',
  tag: 'external sources',
  description: `Fetch a dataset's external source now and report what a load would do, without loading: every
step of a real pull runs (fetch, parse, validation against the descriptor, the write into the table)
and is then rolled back. Settings given here override the stored ones for this test only. Authors of
the dataset's organization, operators and sysadmins.

${SOURCE_DOC}
:rtype: {status: ok | invalid | error, dry_run, fetched_bytes, records, action: replace | none,
    error_count, errors (the first 10)}`,
  sideEffectFree: true,
  input: { type: 'object', properties: SOURCE_PROPS, required: ['id'] },
  resolve: packageByKeys('id'),
  auth: packageEdit,
  async handler(ctx, input: Record<string, any>, target: PackageRow | undefined) {
    const pkg = externalPackage(target, input.id);
    const row = await mergedRow(ctx, pkg, input, await findExternal(ctx.db, pkg.id));
    return pullSource(ctx.services, row, { dryRun: true });
  },
});
