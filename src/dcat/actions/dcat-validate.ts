import { defineAction } from '../../actions/types.ts';
import { operator } from '../../auth/rules.ts';
import { NotFound, ValidationError } from '../../errors.ts';
import { findPackageRow, loadPackage } from '../../packages/dictize.ts';
import { isPublishable } from '../../rdf/mapping.ts';
import { validateDataset } from '../validate.ts';

export default defineAction({
  name: 'dcat_validate',
  tag: 'dcat',
  description: `Validate a dataset's DCAT-AP 3 description against the official DCAT-AP 3.0.1 SHACL shapes
(mandatory and recommended) before harvesters see it.

:param id: id or name of the dataset
:rtype: {"conforms": bool, "violations": [...], "warnings": [...]}, each result with focus node,
  path, message and value

Operators and sysadmins only. A private or deleted dataset is never published, so it is reported as
such rather than validated.`,
  sideEffectFree: true,
  input: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
  auth: operator,
  async handler(ctx, input) {
    const row = await findPackageRow(ctx.db, input.id);
    if (!row) throw new NotFound('Package was not found.');
    const pkg = (await loadPackage(ctx.db, row.id, ctx.config))!;
    if (!isPublishable(pkg))
      throw new ValidationError({
        id: [`Dataset is ${pkg.state === 'deleted' ? 'deleted' : 'private'}: it is not published as DCAT`],
      });
    const report = await validateDataset(ctx.services, pkg);
    return { conforms: report.conforms, violations: report.violations, warnings: report.warnings };
  },
});
