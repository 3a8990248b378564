// The links between showcases and datasets (ckanext-showcase): create and delete a link, the datasets
// of a showcase, the showcases of a dataset. A link re-publishes the dataset, whose DCAT description
// names its showcases as related resources (dct:relation).
import { defineAction, type ActionContext, type ActionDef } from '../../actions/types.ts';
import { NotFound, ValidationError } from '../../errors.ts';
import { anyone, operator } from '../../auth/rules.ts';
import { findPackageRow } from '../../packages/dictize.ts';
import { datasetCount, requireShowcase, showcaseDict, touchDatasets } from '../showcase/common.ts';
import { canWrite } from '../visibility.ts';

const TAG = 'showcases';
const pair = {
  type: 'object',
  additionalProperties: false,
  required: ['package_id', 'showcase_id'],
  properties: {
    package_id: { type: 'string', description: 'id or name of the dataset' },
    showcase_id: { type: 'string', description: 'id or name of the showcase' },
  },
};

async function requireDataset(ctx: ActionContext, ref: string) {
  const pkg = await findPackageRow(ctx.db, ref);
  if (!pkg || pkg.type !== 'dataset' || pkg.state === 'deleted')
    throw ValidationError.field('package_id', 'Not found: Dataset');
  return pkg;
}

const associate = defineAction({
  name: 'ckanext_showcase_package_association_create',
  tag: TAG,
  sideEffectFree: false,
  auth: operator,
  input: pair,
  description:
    'Link a dataset to a showcase.\n\n:param package_id: id or name of the dataset\n:param showcase_id: id or name of the showcase\n:rtype: {package_id, showcase_id}',
  async handler(ctx, input: { package_id: string; showcase_id: string }) {
    const showcase = await requireShowcase(ctx, input.showcase_id, 'showcase_id');
    const pkg = await requireDataset(ctx, input.package_id);
    const exists = await ctx.db
      .selectFrom('showcase_package')
      .select('package_id')
      .where('showcase_id', '=', showcase.id)
      .where('package_id', '=', pkg.id)
      .executeTakeFirst();
    if (exists)
      throw new ValidationError({ message: `The dataset ${pkg.name} is already in the showcase ${showcase.name}` });
    await ctx.db.insertInto('showcase_package').values({ showcase_id: showcase.id, package_id: pkg.id }).execute();
    await touchDatasets(ctx, showcase.id, [pkg.id]);
    return { package_id: pkg.id, showcase_id: showcase.id };
  },
});

const dissociate = defineAction({
  name: 'ckanext_showcase_package_association_delete',
  tag: TAG,
  sideEffectFree: false,
  auth: operator,
  input: pair,
  description:
    'Remove the link between a dataset and a showcase.\n\n:param package_id: id or name of the dataset\n:param showcase_id: id or name of the showcase\n:rtype: null',
  async handler(ctx, input: { package_id: string; showcase_id: string }) {
    const showcase = await requireShowcase(ctx, input.showcase_id, 'showcase_id');
    const pkg = await requireDataset(ctx, input.package_id);
    const gone = await ctx.db
      .deleteFrom('showcase_package')
      .where('showcase_id', '=', showcase.id)
      .where('package_id', '=', pkg.id)
      .executeTakeFirst();
    if (!Number(gone.numDeletedRows))
      throw new NotFound(
        `ShowcasePackageAssociation with package_id '${pkg.id}' and showcase_id '${showcase.id}' does not exist.`,
      );
    await touchDatasets(ctx, showcase.id, [pkg.id]);
    return null;
  },
});

const datasetsOf = defineAction({
  name: 'ckanext_showcase_package_list',
  tag: TAG,
  sideEffectFree: true,
  auth: anyone,
  input: {
    type: 'object',
    additionalProperties: false,
    required: ['showcase_id'],
    properties: { showcase_id: { type: 'string', description: 'id or name of the showcase' } },
  },
  description:
    'The datasets of a showcase that the caller may read, as package_show returns them.\n\n:param showcase_id: id or name\n:rtype: list of package dicts',
  async handler(ctx, input: { showcase_id: string }) {
    const showcase = await requireShowcase(ctx, input.showcase_id, 'showcase_id');
    const links = await ctx.db
      .selectFrom('showcase_package')
      .innerJoin('package', 'package.id', 'showcase_package.package_id')
      .select('package.id')
      .where('showcase_package.showcase_id', '=', showcase.id)
      .where('package.state', '!=', 'deleted')
      .orderBy('package.name')
      .execute();
    const out: unknown[] = [];
    // package_show applies the dataset's read rule: a private dataset is left out for those who may not read it.
    for (const l of links) {
      try {
        out.push(await ctx.call('package_show', { id: l.id }));
      } catch {
        /* not readable by this caller */
      }
    }
    return out;
  },
});

const showcasesOf = defineAction({
  name: 'ckanext_package_showcase_list',
  tag: TAG,
  sideEffectFree: true,
  auth: anyone,
  input: {
    type: 'object',
    additionalProperties: false,
    required: ['package_id'],
    properties: { package_id: { type: 'string', description: 'id or name of the dataset' } },
  },
  description:
    'The showcases a dataset appears in.\n\n:param package_id: id or name of the dataset\n:rtype: list of showcases',
  async handler(ctx, input: { package_id: string }) {
    const pkg = await ctx.call<{ id: string }>('package_show', { id: input.package_id });
    let q = ctx.db
      .selectFrom('showcase')
      .innerJoin('showcase_package', 'showcase_package.showcase_id', 'showcase.id')
      .selectAll('showcase')
      .where('showcase_package.package_id', '=', pkg.id)
      .orderBy('showcase.name');
    if (!canWrite(ctx)) q = q.where('showcase.state', '=', 'active');
    const rows = await q.execute();
    const counts = await datasetCount(
      ctx,
      rows.map((r) => r.id),
    );
    return rows.map((r) => showcaseDict(ctx, r, counts.get(r.id) ?? 0));
  },
});

export default [associate, dissociate, datasetsOf, showcasesOf] as ActionDef[];
