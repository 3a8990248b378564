import { defineAction } from '../types.ts';
import { NotFound, ValidationError } from '../../errors.ts';
import { packageByKeys, packageEdit, type PackageRow } from '../../auth/rules.ts';
import { packageInput } from '../../packages/input.ts';
import { updatePackage } from '../../packages/write.ts';
import { currentDict } from '../../packages/dict-memo.ts';
import { packageInputSchema } from './schema.ts';
import { checkRequiredLanguages, checkReservedFields, keepReservedFields } from '../../packages/operator-fields.ts';

export default defineAction({
  name: 'package_update',
  tag: 'datasets',
  description: `Replace a dataset's metadata (CKAN 2.11 semantics).

:param id: id or name of the dataset (or give name)
:rtype: the dataset as package_show returns it

Not sent and cleared: title, notes, url, version, author, author_email, maintainer, maintainer_email,
license_id, the passport fields and the lists. Not sent and kept: owner_org, private, state, type, name.
A plain field and its translation (title/title_translated, notes/notes_translated): the one that differs
from the stored value wins, so sending back package_show's dict with one of them edited keeps that edit;
both changed to different values is a Validation Error naming both.

Resources sent with their id keep their identity; resources without an id are created; resources left
out are deleted. Tags, extras and groups are replaced. The passport code and the id never change.
With the operator workflow (PASPORT_OPERATOR_WORKFLOW, on by default) owner_org, sphere, priority,
relevance, ai_ready, update_frequency and update_schedule are the operator's: an author who changes
one gets an Authorization Error, and one who leaves them out keeps their values.`,
  sideEffectFree: false,
  input: packageInputSchema,
  // The dataset is named by id, else by name; the rule checks exactly that one.
  resolve: packageByKeys('id', 'name'),
  auth: packageEdit,
  async handler(ctx, input: Record<string, unknown>, row?: PackageRow) {
    const ref = (input.id as string | undefined) || (input.name as string | undefined);
    if (!ref) throw new ValidationError({ id: 'Missing value' });
    if (!row) throw new NotFound('Package was not found.');
    const data = keepReservedFields(ctx, { ...input, name: input.name ?? row.name, type: row.type }, row);
    const parsed = await packageInput(ctx, data, row);
    checkReservedFields(ctx, parsed, row);
    checkRequiredLanguages(ctx, parsed);
    await updatePackage(ctx, row.id, { ...parsed, type: row.type });
    return ctx.returnIdOnly ? row.id : currentDict(ctx, row.id);
  },
});
