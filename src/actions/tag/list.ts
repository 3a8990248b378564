import { defineAction } from '../types.ts';
import { anyone } from '../../auth/rules.ts';
import { containsPattern } from '../../db/like.ts';

export default defineAction({
  name: 'tag_list',
  tag: 'tags',
  description: `Return the tags attached to at least one active, public dataset, sorted by name.

:param query: only tags whose name contains this string (\`q\` is accepted too)
:param vocabulary_id: tags of this vocabulary instead of the free tags
:param all_fields: return {id, name, vocabulary_id, display_name} dicts instead of names
:rtype: list of strings or dictionaries

Tags used only by private, draft or deleted datasets are never listed, whoever asks: the list is the
same for every caller, so it can reveal nothing about datasets one may not read.`,
  sideEffectFree: true,
  input: {
    type: 'object',
    properties: {
      query: { type: 'string', maxLength: 200 },
      q: { type: 'string', maxLength: 200 },
      vocabulary_id: { type: 'string' },
      all_fields: { type: 'boolean' },
    },
  },
  auth: anyone,
  async handler(ctx, input) {
    let q = ctx.db
      .selectFrom('tag')
      .select(['tag.id', 'tag.name', 'tag.vocabulary_id'])
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('package_tag')
            .innerJoin('package', 'package.id', 'package_tag.package_id')
            .select('package_tag.tag_id')
            .whereRef('package_tag.tag_id', '=', 'tag.id')
            .where('package.state', '=', 'active')
            .where('package.private', '=', false),
        ),
      )
      .orderBy('tag.name');
    q = input.vocabulary_id
      ? q.where('tag.vocabulary_id', '=', input.vocabulary_id)
      : q.where('tag.vocabulary_id', 'is', null);
    const needle = input.query ?? input.q;
    if (needle) q = q.where('tag.name', 'ilike', containsPattern(needle));
    const rows = await q.execute();
    if (!input.all_fields) return rows.map((r) => r.name);
    return rows.map((r) => ({ id: r.id, name: r.name, vocabulary_id: r.vocabulary_id, display_name: r.name }));
  },
});
