import { defineAction } from '../types.ts';
import { NotFound } from '../../errors.ts';
import { anyone } from '../../auth/rules.ts';
import { findUserRow } from '../../auth/rules-user.ts';
import { visiblePackages } from '../../packages/visibility.ts';
import { loadPackages } from '../../packages/dictize.ts';
import { userDictFor } from './dict.ts';

const MAX_DATASETS = 50;

export default defineAction({
  name: 'user_show',
  tag: 'users',
  description: `Return a user account.

:param id: the id or name of the user (default: the caller)
:param include_datasets: add \`datasets\`, up to ${MAX_DATASETS} datasets the user created that the caller may see
:param include_num_followers: accepted for CKAN compatibility (always 0)
:rtype: dictionary

\`email\` and \`apikey\` (always null: API tokens replace per-user keys) are included only for the
user themselves and for sysadmins. An unknown id, or an anonymous
caller without id, gives a Not Found Error.`,
  sideEffectFree: true,
  input: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      include_datasets: { type: 'boolean' },
      include_num_followers: { type: 'boolean' },
      include_plugin_extras: { type: 'boolean' },
    },
  },
  auth: anyone,
  async handler(ctx, input) {
    const ref = input.id || ctx.user?.id;
    if (!ref) throw new NotFound();
    const row = await findUserRow(ctx, ref);
    if (!row) throw new NotFound();
    const dict = await userDictFor(ctx, row);
    if (input.include_num_followers) dict.num_followers = 0;
    if (input.include_datasets) {
      const self = ctx.user?.id === row.id;
      // The same visibility filter as every list: private datasets only for those who may read them,
      // drafts only for their creator.
      const ids = await visiblePackages(ctx, ctx.db.selectFrom('package'), {
        includePrivate: true,
        includeDrafts: self,
      })
        .select('package.id')
        .where('package.creator_user_id', '=', row.id)
        .orderBy('package.metadata_modified', 'desc')
        .limit(MAX_DATASETS)
        .execute();
      const dicts = await loadPackages(
        ctx.db,
        ids.map((r) => r.id),
        ctx.config,
      );
      dict.datasets = ids.map((r) => dicts.get(r.id)).filter(Boolean);
    }
    return dict;
  },
});
