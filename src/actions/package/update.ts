import { defineAction } from '../types.ts';
import { NotFound, ValidationError } from '../../api/errors.ts';
import { packageEdit } from '../../auth/rules.ts';
import { packageInput } from '../../packages/input.ts';
import { updatePackage } from '../../packages/write.ts';
import { findPackageRow, loadPackage } from '../../packages/dictize.ts';
import { packageInputSchema } from './schema.ts';
import { checkRequiredLanguages, checkReservedFields, keepReservedFields } from '../../packages/operator-fields.ts';

export default defineAction({
  name: 'package_update',
  tag: 'datasets',
  description: `Replace a dataset's metadata (CKAN semantics: what is not sent is cleared).

:param id: id or name of the dataset (or give name)
:rtype: the dataset as package_show returns it

Resources sent with their id keep their identity; resources without an id are created; resources left
out are deleted. Tags, extras and groups are replaced. The passport code and the id never change.
With the operator workflow (PASPORT_OPERATOR_WORKFLOW, on by default) owner_org, sphere, priority,
relevance, ai_ready, update_frequency and update_schedule are the operator's: an author who changes
one gets an Authorization Error, and one who leaves them out keeps their values.`,
  sideEffectFree: false,
  input: packageInputSchema,
  auth: packageEdit,
  async handler(ctx, input: Record<string, unknown>) {
    const ref = (input.id as string | undefined) || (input.name as string | undefined);
    if (!ref) throw new ValidationError({ id: 'Missing value' });
    const row = await findPackageRow(ctx.db, ref);
    if (!row) throw new NotFound('Package was not found.');
    const data = keepReservedFields(ctx, { ...input, name: input.name ?? row.name, type: row.type }, row);
    const parsed = await packageInput(ctx, data, row);
    checkReservedFields(ctx, parsed, row);
    checkRequiredLanguages(ctx, parsed);
    await updatePackage(ctx, row.id, { ...parsed, type: row.type });
    return loadPackage(ctx.db, row.id, ctx.config);
  },
});
