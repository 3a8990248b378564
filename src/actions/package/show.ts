import { defineAction, RawJson } from '../types.ts';
import { NotFound, ValidationError } from '../../errors.ts';
import { packageRead } from '../../auth/rules.ts';
import { readPackage } from '../../packages/lookup.ts';
import type { CachedPackage } from '../../packages/cache.ts';
import { trackingSummary, withTracking } from '../../tracking/summary.ts';

export default defineAction({
  name: 'package_show',
  tag: 'datasets',
  description: `Return the metadata of a dataset (package) and its resources, with the passport fields.

:param id: the id or name of the dataset
:type id: string
:param include_tracking: add tracking_summary {total, recent} (views; recent = the last 14 days) and
  download_summary {total, recent}, as CKAN's tracking does (default false)
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
      include_tracking: {
        type: 'boolean',
        description: 'add tracking_summary {total, recent}: page views, all time and the last 14 days',
      },
    },
  },
  resolve: (ctx, input: { id?: string; name_or_id?: string }) => {
    const ref = input.id || input.name_or_id;
    return ref ? readPackage(ctx, ref) : Promise.resolve(undefined);
  },
  auth: packageRead,
  async handler(ctx, input, pkg?: CachedPackage) {
    if (!(input.id || input.name_or_id)) throw new ValidationError({ name_or_id: ['Missing value'] });
    if (!pkg) throw new NotFound();
    // The counters change with every view, so they are added to the cached dict, never stored in it.
    if (input.include_tracking)
      return new RawJson(withTracking(pkg.answer.json, await trackingSummary(ctx.db, pkg.id)));
    return pkg.answer;
  },
});
