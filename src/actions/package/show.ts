import { defineAction, RawJson } from '../types.ts';
import { NotFound, ValidationError } from '../../api/errors.ts';
import { packageRead } from '../../auth/rules.ts';
import { readPackage } from '../../packages/lookup.ts';
import type { CachedPackage } from '../../packages/cache.ts';

export default defineAction({
  name: 'package_show',
  tag: 'datasets',
  description: `Return the metadata of a dataset (package) and its resources, with the passport fields.

:param id: the id or name of the dataset
:type id: string
:rtype: dictionary

A private, draft or deleted dataset is returned only to those who may read it (members of its
organization, operators, sysadmins); others get an Authorization Error.`,
  sideEffectFree: true,
  input: {
    type: 'object',
    properties: {
      id: { type: 'string', description: 'id or name of the dataset' },
      name_or_id: { type: 'string', description: 'legacy alias of id' },
      use_default_schema: { type: 'boolean' },
      include_plugin_data: { type: 'boolean' },
    },
  },
  resolve: (ctx, input: { id?: string; name_or_id?: string }) => {
    const ref = input.id || input.name_or_id;
    return ref ? readPackage(ctx, ref) : Promise.resolve(undefined);
  },
  auth: packageRead,
  async handler(ctx, input: { id?: string; name_or_id?: string }, pkg?: CachedPackage) {
    if (!(input.id || input.name_or_id)) throw new ValidationError({ name_or_id: ['Missing value'] });
    if (!pkg) throw new NotFound();
    return new RawJson(pkg.json);
  },
});
