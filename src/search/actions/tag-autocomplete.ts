import { sql } from 'kysely';
import { defineAction } from '../../actions/types.ts';
import { anyone } from '../../auth/rules.ts';
import { visiblePackages } from '../../packages/visibility.ts';
import { containsPattern, prefixPattern } from '../../db/like.ts';
import { AUTOCOMPLETE_PARAMS } from './autocomplete-params.ts';

export default defineAction({
  name: 'tag_autocomplete',
  tag: 'search',
  description: `Return tag names containing a string, most used first (names starting with it before others).

:param q: the string to look for
:param limit: how many at most (default 10)
:rtype: list of strings

Only tags of datasets the caller may read are offered.`,
  sideEffectFree: true,
  input: {
    type: 'object',
    properties: {
      ...AUTOCOMPLETE_PARAMS,
      vocabulary_id: { type: 'string' },
    },
    required: ['q'],
  },
  auth: anyone,
  async handler(ctx, input) {
    const like = containsPattern(input.q);
    let q = visiblePackages(ctx, ctx.db.selectFrom('package'), { includePrivate: true })
      .innerJoin('package_tag', 'package_tag.package_id', 'package.id')
      .innerJoin('tag', 'tag.id', 'package_tag.tag_id')
      .select(['tag.name', (eb) => eb.fn.countAll<number>().as('n')])
      .where('tag.name', 'ilike', like);
    q = input.vocabulary_id
      ? q.where('tag.vocabulary_id', '=', input.vocabulary_id)
      : q.where('tag.vocabulary_id', 'is', null);
    const rows = await q
      .groupBy('tag.name')
      .orderBy(sql`tag.name ilike ${prefixPattern(input.q)}`, 'desc')
      .orderBy('n', 'desc')
      .orderBy('tag.name')
      .limit(input.limit ?? 10)
      .execute();
    return rows.map((r) => r.name);
  },
});
