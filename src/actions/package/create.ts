import { defineAction } from '../types.ts';
import { packageCreate } from '../../auth/rules.ts';
import { packageInput } from '../../packages/input.ts';
import { insertPackage } from '../../packages/write.ts';
import { currentDict } from '../../packages/dict-memo.ts';
import { packageInputSchema } from './schema.ts';
import { checkRequiredLanguages } from '../../packages/operator-fields.ts';

export default defineAction({
  name: 'package_create',
  tag: 'datasets',
  description: `Create a new dataset (package) with its passport.

:param name: the URL name of the dataset: 2-100 lowercase ascii letters, digits, - and _
:param owner_org: id or name of the responsible organization
:param title_translated, notes_translated: titles and descriptions per portal language
:param sphere, priority, relevance, ai_ready, provision, external_api, update_frequency, update_schedule: the passport
:param tags, extras, resources, groups: as in CKAN
:rtype: the new dataset as package_show returns it

The passport code S-OOO-NNNN is assigned from the organization's structure and code. With the operator
workflow (PASPORT_OPERATOR_WORKFLOW, on by default) only operators and sysadmins create passports. Titles
and descriptions are required in the languages of PASPORT_REQUIRED_LANGUAGES.`,
  sideEffectFree: false,
  input: packageInputSchema,
  auth: packageCreate,
  async handler(ctx, input: Record<string, unknown>) {
    const parsed = await packageInput(ctx, input, null);
    checkRequiredLanguages(ctx, parsed);
    const id = await insertPackage(ctx, parsed);
    return ctx.returnIdOnly ? id : currentDict(ctx, id);
  },
});
