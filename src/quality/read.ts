// Reading stored scores for quality_show and quality_list: one dataset's indicators with hints, and
// aggregates (mean, rating distribution, per-indicator mean) over the datasets a caller may read.
import { sql } from 'kysely';
import type { ActionContext } from '../actions/types.ts';
import { visiblePackages } from '../packages/visibility.ts';
import { INDICATORS, MQA_MAX, PASPORT_MAX, RATINGS, ratingOf, type Dimension } from './indicators.ts';
import { hint } from './hints.ts';
import type { IndicatorScore } from './score.ts';
import { pointsSql } from './summary.ts';

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

/** Mean score, rating distribution and each indicator's mean points over the visible datasets, in one
 * pass over their score rows' small `points` objects, not the indicators' details (migration 0026). */
export async function aggregate(ctx: ActionContext, organizationId: string | null, lang: string) {
  const rows = visibleScores(ctx, organizationId).select([
    'q.score',
    'q.pasport_points',
    'q.rating',
    pointsSql('q').as('points'),
  ]);
  // An indicator's mean is over the datasets scored on it (avg skips a row without its key).
  const { rows: found } = await sql<Record<string, unknown> & { n: number; mean: number; pasport_mean: number }>`
    SELECT count(*)::int AS n,
      coalesce(round(avg(v.score), 2), 0)::float8 AS mean,
      coalesce(round(avg(v.pasport_points), 2), 0)::float8 AS pasport_mean,
      ${sql.join(RATINGS.map((r) => sql`(count(*) FILTER (WHERE v.rating = ${r}))::int AS ${sql.id(r)}`))},
      jsonb_build_object(${sql.join(INDICATORS.map((d) => sql`${d.id}::text, round(avg(p.${sql.id(d.id)})::numeric, 2)`))}) AS per
    FROM (${rows}) v
    -- Each row's object unpacked once into a column per indicator: a ->> per indicator unpacked it
    -- thirty times (56 ms instead of 4 for an organization of 332 datasets).
    CROSS JOIN LATERAL jsonb_to_record(v.points) AS p(${sql.join(INDICATORS.map((d) => sql`${sql.id(d.id)} float8`))})`.execute(
    ctx.db,
  );
  const totals = found[0];
  const per = totals.per as Record<string, number | null>;
  const indicators = INDICATORS.map((d) => {
    const points = round2(Number(per[d.id] ?? 0));
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
