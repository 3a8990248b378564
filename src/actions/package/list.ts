import { defineAction, type ActionContext } from '../types.ts';
import { anyone } from '../../auth/rules.ts';
import { readCache } from '../../packages/read-cache.ts';

const natural = { type: 'integer', minimum: 0 };

export default defineAction({
  name: 'package_list',
  tag: 'datasets',
  description: `Return the names of all active, public datasets, sorted by name.

:param limit: how many names at most (default: all)
:param offset: where to start
:rtype: list of strings

Private, draft and deleted datasets are never listed, whoever asks.`,
  sideEffectFree: true,
  input: { type: 'object', properties: { limit: natural, offset: natural } },
  auth: anyone,
  async handler(ctx, input) {
    // The same list for every caller (public datasets only), so one visibility class: one entry per
    // (limit, offset), dropped by any dataset write (packages/read-cache.ts). Inside a transaction
    // (a nested call of a write) the tables are read, never the cache.
    if (ctx.inTransaction) return names(ctx, input);
    return readCache(ctx.services, 'package_list').get(`${input.limit ?? ''}:${input.offset ?? 0}`, async () =>
      JSON.stringify(await names(ctx, input)),
    );
  },
});

async function names(ctx: ActionContext, input: { limit?: number; offset?: number }): Promise<string[]> {
  let q = ctx.db
    .selectFrom('package')
    .select('name')
    .where('state', '=', 'active')
    .where('private', '=', false)
    .where('type', '=', 'dataset')
    .orderBy('name');
  if (input.limit !== undefined) q = q.limit(input.limit);
  if (input.offset) q = (input.limit === undefined ? q.limit(Number.MAX_SAFE_INTEGER) : q).offset(input.offset);
  return (await q.execute()).map((r) => r.name);
}
