import { defineAction } from '../../actions/types.ts';
import { NotFound } from '../../errors.ts';
import { packageByKeys, packageEdit, type PackageRow } from '../../auth/rules.ts';
import { externalDict, findExternal } from '../source.ts';

export default defineAction({
  name: 'external_source_show',
  tag: 'external sources',
  description: `The external source of a dataset: URL, format, authentication (never the secret), schedule, the
resource it feeds, and the outcome of the last pull. Authors of the dataset's organization, operators
and sysadmins.

:param id: id or name of the dataset`,
  sideEffectFree: true,
  input: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
  resolve: packageByKeys('id'),
  auth: packageEdit,
  async handler(ctx, input, pkg: PackageRow | undefined) {
    const row = pkg ? await findExternal(ctx.db, pkg.id) : undefined;
    if (!pkg || !row) throw new NotFound(`No external source for dataset "${input.id}".`);
    return externalDict(row, pkg.update_frequency);
  },
});
