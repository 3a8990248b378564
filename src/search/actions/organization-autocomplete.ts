import { sql } from 'kysely';
import { defineAction } from '../../actions/types.ts';
import { anyone } from '../../auth/rules.ts';
import { containsPattern, prefixPattern } from '../../db/like.ts';
import { pickTitle } from '../facets.ts';
import { AUTOCOMPLETE_PARAMS } from './autocomplete-params.ts';

export default defineAction({
  name: 'organization_autocomplete',
  tag: 'search',
  description: `Return active organizations whose name or title (in any portal language) contains a string.

:param q: the string to look for
:param limit: how many at most (default 20)
:param lang: the language of the returned title (default: the portal's first language)
:rtype: list of {id, name, title, title_translated}`,
  sideEffectFree: true,
  input: {
    type: 'object',
    properties: {
      ...AUTOCOMPLETE_PARAMS,
      lang: { type: 'string' },
    },
    required: ['q'],
  },
  auth: anyone,
  async handler(ctx, input) {
    const like = containsPattern(input.q);
    const prefix = prefixPattern(input.q);
    const rows = await ctx.db
      .selectFrom('group')
      .select(['id', 'name', 'title', 'title_translated'])
      .where('is_organization', '=', true)
      .where('state', '=', 'active')
      .where((eb) =>
        eb.or([
          eb('name', 'ilike', like),
          eb('title', 'ilike', like),
          sql<boolean>`exists (select 1 from jsonb_each_text("group".title_translated) t where t.value ilike ${like})`,
        ]),
      )
      .orderBy(sql`(name ilike ${prefix} OR title ilike ${prefix})`, 'desc')
      .orderBy('name')
      .limit(input.limit ?? 20)
      .execute();
    const lang = input.lang && ctx.config.languages.includes(input.lang) ? input.lang : ctx.config.defaultLanguage;
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      title: pickTitle(r.title_translated, r.title, r.name, lang, ctx.config.defaultLanguage),
      title_translated: r.title_translated,
    }));
  },
});
