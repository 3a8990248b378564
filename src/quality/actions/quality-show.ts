import { defineAction, type ActionContext } from '../../actions/types.ts';
import { readCache } from '../../packages/read-cache.ts';
import { visibilityFor } from '../../search/service.ts';
import { NotFound } from '../../errors.ts';
import { packageRead } from '../../auth/rules.ts';
import { byRef } from '../../db/ref.ts';
import { aggregate, datasetView } from '../read.ts';
import { callerLanguage } from './lang.ts';

type Target =
  | { kind: 'dataset'; pkg: NonNullable<Awaited<ReturnType<typeof byRef<'package'>>>> }
  | { kind: 'organization'; org: { id: string; name: string; title: string | null } }
  | { kind: 'catalog' }
  | undefined;

async function resolveTarget(ctx: ActionContext, input: { id?: string }): Promise<Target> {
  if (!input.id) return { kind: 'catalog' };
  const pkg = await byRef(ctx.db, 'package', input.id);
  if (pkg && pkg.state !== 'deleted') return { kind: 'dataset', pkg };
  const org = await byRef(ctx.db, 'group', input.id);
  if (org && org.is_organization && org.state === 'active') return { kind: 'organization', org };
  return undefined;
}

export default defineAction({
  name: 'quality_show',
  tag: 'quality',
  description: `The metadata quality of a dataset, an organization or the whole catalogue, scored with the
indicators and weights of the data.europa.eu Metadata Quality Assessment (MQA, 405 points; rating
excellent 351-405, good 221-350, sufficient 121-220, bad 0-120), plus Pasport's own dimension
(timeliness, languages, DataStore descriptors; 60 points, reported beside the MQA score).

:param id: id or name of a dataset or an organization; omitted: the catalogue
:param lang: language of the hints (en, ru, uz; default: the caller's notification language, else the portal's)
:rtype: dict

A dataset: score, rating, pasport_points, computed, dimensions, and every indicator with its points, its
maximum and, when points are missing, how to earn them (hint). An organization or the catalogue: the
mean over the datasets the caller may read, the rating distribution, and each indicator's mean points.`,
  sideEffectFree: true,
  input: {
    type: 'object',
    properties: { id: { type: 'string' }, lang: { type: 'string', maxLength: 20 } },
  },
  resolve: resolveTarget,
  // A dataset's score is readable by whoever may read the dataset; aggregates count only readable ones.
  auth: async (ctx, input, target: Target) => {
    if (target?.kind === 'dataset') await packageRead(ctx, input, target.pkg);
  },
  async handler(ctx, input, target: Target) {
    const lang = await callerLanguage(ctx, input.lang);
    if (!target) throw new NotFound('Not found: no dataset or organization with this id or name.');
    if (target.kind === 'dataset') {
      const row = await ctx.db
        .selectFrom('quality_score')
        .selectAll()
        .where('package_id', '=', target.pkg.id)
        .executeTakeFirst();
      if (!row) throw new NotFound('Not found: this dataset has not been scored yet.');
      return {
        type: 'dataset',
        id: target.pkg.id,
        name: target.pkg.name,
        owner_org: target.pkg.owner_org,
        language: lang,
        ...datasetView(row, lang),
      };
    }
    // Aggregates read every visible score (1.5–2.2 s for the catalogue of 87,000 scored passports): each
    // answer is kept per visibility class until any dataset changes (packages/read-cache.ts), a new
    // score included, since the scorer records its datasets as changed.
    const visibility = await visibilityFor(ctx, { includePrivate: true, includeDrafts: false, includeDeleted: false });
    const org = target.kind === 'organization' ? target.org : null;
    return readCache(ctx.services, 'quality_show').get(JSON.stringify([org?.id ?? null, lang, visibility]), async () =>
      JSON.stringify(
        org
          ? {
              type: 'organization',
              id: org.id,
              name: org.name,
              language: lang,
              ...(await aggregate(ctx, org.id, lang)),
            }
          : { type: 'catalog', language: lang, ...(await aggregate(ctx, null, lang)) },
      ),
    );
  },
});
