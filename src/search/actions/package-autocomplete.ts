import { sql } from 'kysely';
import { defineAction } from '../../actions/types.ts';
import { anyone } from '../../auth/rules.ts';
import { visiblePackages } from '../../packages/visibility.ts';
import { containsPattern } from '../../db/like.ts';
import { AUTOCOMPLETE_PARAMS } from './autocomplete-params.ts';

export default defineAction({
  name: 'package_autocomplete',
  tag: 'datasets',
  description: `Return datasets whose name or title (in any portal language) contains a string.

:param q: the string to look for
:param limit: how many at most (default 10)
:rtype: list of {name, title, match_field, match_displayed}

Only datasets the caller may read are returned.`,
  sideEffectFree: true,
  input: {
    type: 'object',
    properties: AUTOCOMPLETE_PARAMS,
    required: ['q'],
  },
  auth: anyone,
  async handler(ctx, input) {
    const like = containsPattern(input.q);
    const rows = await visiblePackages(ctx, ctx.db.selectFrom('package'), { includePrivate: true })
      .select(['package.name', 'package.title', 'package.title_translated'])
      .where((eb) =>
        eb.or([
          eb('package.name', 'ilike', like),
          eb('package.title', 'ilike', like),
          eb(sql`package.title_translated::text`, 'ilike', like),
        ]),
      )
      .orderBy(sql`package.name ilike ${like}`, 'desc')
      .orderBy('package.name')
      .limit(input.limit ?? 10)
      .execute();
    const needle = input.q.toLowerCase();
    return rows.map((r) => {
      const onName = r.name.toLowerCase().includes(needle);
      const title = r.title ?? r.name;
      const translatedHit = Object.values(r.title_translated).find((t) => t.toLowerCase().includes(needle));
      const shown = onName ? title : (translatedHit ?? title);
      return {
        name: r.name,
        title: shown,
        match_field: onName ? 'name' : 'title',
        match_displayed: onName ? r.name : `${shown} (${r.name})`,
      };
    });
  },
});
