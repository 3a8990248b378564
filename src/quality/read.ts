// Reading stored scores for quality_show and quality_list: one dataset's indicators with hints, and
// aggregates (mean, rating distribution, per-indicator mean) over the datasets a caller may read.
import { sql } from 'kysely';
import type { ActionContext } from '../actions/types.ts';
import { visiblePackages } from '../packages/visibility.ts';
import { INDICATORS, MQA_MAX, PASPORT_MAX, RATINGS, ratingOf, type Dimension } from './indicators.ts';
import { hint } from './hints.ts';
import type { IndicatorScore } from './score.ts';

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Dimension totals from indicator points. */
function dimensions(indicators: { dimension: Dimension; points: number; max: number }[]) {
  const out: Record<string, { points: number; max: number }> = {};
  for (const i of indicators) {
    const d = (out[i.dimension] ??= { points: 0, max: 0 });
    d.points = round2(d.points + i.points);
    d.max += i.max;
  }
  return out;
}

export function indicatorsWithHints(indicators: IndicatorScore[], lang: string) {
  return indicators.map((i) => ({
    ...i,
    ...(i.points < i.max ? { missing: round2(i.max - i.points), hint: hint(i.id, lang) } : {}),
  }));
}

export function datasetView(
  row: { score: number; rating: string; pasport_points: number; indicators: unknown; computed: string },
  lang: string,
) {
  const indicators = row.indicators as IndicatorScore[];
  return {
    score: Number(row.score),
    max: MQA_MAX,
    rating: row.rating,
    pasport_points: Number(row.pasport_points),
    pasport_max: PASPORT_MAX,
    computed: row.computed,
    dimensions: dimensions(indicators),
    indicators: indicatorsWithHints(indicators, lang),
  };
}

/** Scores of the datasets the caller may read (private ones only for those who may read them). */
export function visibleScores(ctx: ActionContext, organizationId: string | null) {
  let q = ctx.db
    .selectFrom('package')
    .innerJoin('quality_score as q', 'q.package_id', 'package.id')
    .where('package.type', '=', 'dataset');
  if (organizationId) q = q.where('package.owner_org', '=', organizationId);
  // visiblePackages is typed for `package` alone; the join it filters keeps its columns.
  return visiblePackages(ctx, q as never, { includePrivate: true }) as unknown as typeof q;
}

/** Mean score, rating distribution and each indicator's mean points over the visible datasets. */
export async function aggregate(ctx: ActionContext, organizationId: string | null, lang: string) {
  const base = visibleScores(ctx, organizationId);
  const [totals, per] = await Promise.all([
    base
      .select([
        sql<number>`count(*)::int`.as('n'),
        sql<number>`coalesce(round(avg(q.score), 2), 0)::float8`.as('mean'),
        sql<number>`coalesce(round(avg(q.pasport_points), 2), 0)::float8`.as('pasport_mean'),
        ...RATINGS.map((r) => sql<number>`(count(*) FILTER (WHERE q.rating = ${r}))::int`.as(r)),
      ])
      .executeTakeFirstOrThrow(),
    sql<{
      id: string;
      mean: number;
    }>`SELECT i.id, round(avg(i.points)::numeric, 2)::float8 AS mean FROM (${base.select('q.indicators')}) v
      CROSS JOIN LATERAL jsonb_to_recordset(v.indicators) AS i(id text, points float8) GROUP BY i.id`.execute(ctx.db),
  ]);
  const mean = new Map(per.rows.map((r) => [r.id, Number(r.mean)]));
  const indicators = INDICATORS.map((d) => {
    const points = round2(mean.get(d.id) ?? 0);
    return {
      id: d.id,
      dimension: d.dimension,
      max: d.points,
      points,
      share: round2(points / d.points),
      ...(points < d.points ? { missing: round2(d.points - points), hint: hint(d.id, lang) } : {}),
    };
  });
  const score = round2(Number(totals.mean));
  return {
    datasets: totals.n,
    score,
    max: MQA_MAX,
    rating: totals.n ? ratingOf(score) : null,
    pasport_points: round2(Number(totals.pasport_mean)),
    pasport_max: PASPORT_MAX,
    distribution: Object.fromEntries(RATINGS.map((r) => [r, Number((totals as Record<string, unknown>)[r])])),
    dimensions: dimensions(indicators),
    indicators,
  };
}
