import { defineAction } from '../types.ts';
import { NotFound, ValidationError } from '../../errors.ts';
import { anyone } from '../../auth/rules.ts';
import { isUuid, whereRef } from '../../db/ref.ts';
import { visiblePackages } from '../../packages/visibility.ts';
import { loadPackages } from '../../packages/dictize.ts';

const MAX_DATASETS = 1000;

export default defineAction({
  name: 'tag_show',
  tag: 'tags',
  description: `Return a tag.

:param id: the id or name of the tag
:param vocabulary_id: the vocabulary of the tag, when it is not a free tag
:param include_datasets: add \`packages\`, the datasets with this tag that the caller may read (up to ${MAX_DATASETS})
:rtype: {id, name, vocabulary_id, display_name}

A tag attached to no dataset the caller may read is Not Found, so that tag names cannot reveal
private datasets.`,
  sideEffectFree: true,
  input: {
    type: 'object',
    properties: { id: { type: 'string' }, vocabulary_id: { type: 'string' }, include_datasets: { type: 'boolean' } },
  },
  auth: anyone,
  async handler(ctx, input) {
    if (!input.id) throw new ValidationError({ id: ['Missing value'] });
    const ref = input.id;
    let q = ctx.db.selectFrom('tag').select(['id', 'name', 'vocabulary_id']);
    q = input.vocabulary_id ? q.where('vocabulary_id', '=', input.vocabulary_id) : q;
    if (!input.vocabulary_id && !isUuid(ref)) q = q.where('vocabulary_id', 'is', null);
    q = whereRef(q, 'tag', ref);
    const tag = await q.executeTakeFirst();
    const notFound = new NotFound(`Could not find tag "${ref}"`);
    if (!tag) throw notFound;
    const ids = await visiblePackages(ctx, ctx.db.selectFrom('package'), { includePrivate: true })
      .innerJoin('package_tag', 'package_tag.package_id', 'package.id')
      .select('package.id')
      .where('package_tag.tag_id', '=', tag.id)
      .orderBy('package.name')
      .limit(input.include_datasets ? MAX_DATASETS : 1)
      .execute();
    if (!ids.length) throw notFound;
    const dict: Record<string, unknown> = {
      id: tag.id,
      name: tag.name,
      vocabulary_id: tag.vocabulary_id,
      display_name: tag.name,
    };
    if (input.include_datasets) {
      const dicts = await loadPackages(
        ctx.db,
        ids.map((r) => r.id),
        ctx.config,
      );
      dict.packages = ids.map((r) => dicts.get(r.id)).filter(Boolean);
    }
    return dict;
  },
});
