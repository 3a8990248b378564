import { sql } from 'kysely';
import { defineAction } from '../../actions/types.ts';
import { NotFound } from '../../errors.ts';
import { anyone } from '../../auth/rules.ts';
import { byRef } from '../../db/ref.ts';
import { RATINGS, ratingOf } from '../indicators.ts';
import { visibleScores } from '../read.ts';

interface Input {
  type?: 'dataset' | 'organization';
  organization?: string;
  rating?: string;
  order?: 'desc' | 'asc';
  limit?: number;
  offset?: number;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export default defineAction({
  name: 'quality_list',
  tag: 'quality',
  description: `Ranks datasets or organizations by metadata quality score (MQA points, see quality_show).
Only datasets the caller may read are ranked or counted: private ones only for those who may read them.

:param type: dataset (default) or organization
:param organization: id or name of an organization (datasets only: rank within it)
:param rating: only datasets rated excellent, good, sufficient or bad
:param order: desc (default, best first) or asc (worst first)
:param limit: at most this many (default 20, up to 1000)
:param offset: skip this many (default 0)
:rtype: {count, results}: datasets {id, name, title, owner_org, score, rating, pasport_points}, organizations
 {id, name, title, datasets, score (mean), rating (of the mean), pasport_points (mean), distribution}`,
  sideEffectFree: true,
  input: {
    type: 'object',
    properties: {
      type: { enum: ['dataset', 'organization'] },
      organization: { type: 'string' },
      rating: { enum: RATINGS },
      order: { enum: ['desc', 'asc'] },
      limit: { type: 'integer', minimum: 1, maximum: 1000 },
      offset: { type: 'integer', minimum: 0, maximum: 1_000_000 },
    },
  },
  auth: anyone,
  async handler(ctx, input: Input) {
    const limit = input.limit ?? 20;
    const offset = input.offset ?? 0;
    const dir = input.order === 'asc' ? 'asc' : 'desc';
    let orgId: string | null = null;
    if (input.organization) {
      const org = await byRef(ctx.db, 'group', input.organization);
      if (!org || !org.is_organization || org.state !== 'active') throw new NotFound('Organization not found');
      orgId = org.id;
    }
    let base = visibleScores(ctx, orgId);
    if (input.rating) base = base.where('q.rating', '=', input.rating);
    if (input.type === 'organization') {
      const grouped = base
        .innerJoin('group', 'group.id', 'package.owner_org')
        .groupBy(['group.id', 'group.name', 'group.title']);
      const [rows, count] = await Promise.all([
        grouped
          .select([
            'group.id',
            'group.name',
            'group.title',
            sql<number>`count(*)::int`.as('datasets'),
            sql<number>`round(avg(q.score), 2)::float8`.as('score'),
            sql<number>`round(avg(q.pasport_points), 2)::float8`.as('pasport_points'),
            ...RATINGS.map((r) => sql<number>`(count(*) FILTER (WHERE q.rating = ${r}))::int`.as(r)),
          ])
          .orderBy(sql`avg(q.score)`, dir)
          .orderBy('group.name')
          .limit(limit)
          .offset(offset)
          .execute(),
        base.select(sql<number>`count(DISTINCT package.owner_org)::int`.as('n')).executeTakeFirstOrThrow(),
      ]);
      return {
        count: count.n,
        results: rows.map((r) => ({
          id: r.id,
          name: r.name,
          title: r.title,
          datasets: r.datasets,
          score: round2(r.score),
          rating: ratingOf(round2(r.score)),
          pasport_points: round2(r.pasport_points),
          distribution: Object.fromEntries(RATINGS.map((k) => [k, Number((r as Record<string, unknown>)[k])])),
        })),
      };
    }
    const [rows, count] = await Promise.all([
      base
        .select([
          'package.id',
          'package.name',
          'package.title',
          'package.owner_org',
          'q.score',
          'q.rating',
          'q.pasport_points',
        ])
        .orderBy('q.score', dir)
        .orderBy('package.name')
        .limit(limit)
        .offset(offset)
        .execute(),
      base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
    ]);
    return {
      count: count.n,
      results: rows.map((r) => ({ ...r, score: Number(r.score), pasport_points: Number(r.pasport_points) })),
    };
  },
});
