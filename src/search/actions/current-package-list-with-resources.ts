import { defineAction, RawJson } from '../../actions/types.ts';
import { anyone } from '../../auth/rules.ts';
import { packageSearch } from '../service.ts';

const natural = { type: 'integer', minimum: 0 };

export default defineAction({
  name: 'current_package_list_with_resources',
  tag: 'datasets',
  description: `Return the most recently modified datasets, with their resources.

:param limit: how many (default 10, at most 1000)
:param offset: where to start; page: the page number from 1 (deprecated)
:rtype: list of package dicts, newest modification first

Sysadmins also see private datasets.`,
  sideEffectFree: true,
  input: { type: 'object', properties: { limit: natural, offset: natural, page: { type: 'integer', minimum: 1 } } },
  auth: anyone,
  async handler(ctx, input: { limit?: number; offset?: number; page?: number }) {
    const rows = input.limit ?? 10;
    const start = input.offset ?? (input.page ? (input.page - 1) * rows : 0);
    const out = await packageSearch(
      ctx,
      { q: '', rows, start, sort: 'metadata_modified desc', include_private: !!ctx.user?.sysadmin, facet: 'false' },
      { log: false },
    );
    return new RawJson(`[${out.results.join(',')}]`);
  },
});
