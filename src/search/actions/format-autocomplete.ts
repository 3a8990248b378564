import { sql } from 'kysely';
import { defineAction } from '../../actions/types.ts';
import { anyone } from '../../auth/rules.ts';
import { visiblePackages } from '../../packages/visibility.ts';
import { containsPattern, prefixPattern } from '../../db/like.ts';
import { AUTOCOMPLETE_PARAMS } from './autocomplete-params.ts';

export default defineAction({
  name: 'format_autocomplete',
  tag: 'search',
  description: `Return resource formats containing a string, most used first, in lower case as CKAN does.

:param q: the string to look for
:param limit: how many at most (default 5)
:rtype: list of strings

Only formats of resources in datasets the caller may read are offered.`,
  sideEffectFree: true,
  input: {
    type: 'object',
    properties: AUTOCOMPLETE_PARAMS,
    required: ['q'],
  },
  auth: anyone,
  async handler(ctx, input) {
    const rows = await visiblePackages(ctx, ctx.db.selectFrom('package'), { includePrivate: true })
      .innerJoin('resource', 'resource.package_id', 'package.id')
      .select([sql<string>`lower(resource.format)`.as('f'), (eb) => eb.fn.countAll<number>().as('n')])
      .where('resource.state', '=', 'active')
      .where('resource.format', 'ilike', containsPattern(input.q))
      .groupBy(sql`lower(resource.format)`)
      .orderBy(sql`lower(resource.format) like ${prefixPattern(input.q.toLowerCase())}`, 'desc')
      .orderBy('n', 'desc')
      .orderBy('f')
      .limit(input.limit ?? 5)
      .execute();
    return rows.map((r) => r.f);
  },
});
