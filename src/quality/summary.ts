// The `quality` key of the package dict: the latest score, its rating and each indicator's points.
// The DCAT mapping publishes it as DQV (src/rdf/quality.ts), search sorts and facets on it.
import { sql, type RawBuilder, type Selectable } from 'kysely';
import type { QualityScoreTable } from './tables.ts';
import { INDICATORS, MQA_MAX, PASPORT_MAX } from './indicators.ts';

export interface QualitySummary {
  score: number;
  max: number;
  rating: string;
  pasport_points: number;
  pasport_max: number;
  computed: string;
  /** Points earned per indicator id (quality_show explains each). */
  indicators: Record<string, number>;
}

/** Points per indicator id: what the dict and the aggregates need of a score (stored as `points`). */
export function indicatorPoints(indicators: readonly { id: string; points: number }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of indicators) out[i.id] = i.points;
  return out;
}

/**
 * A score row's points per indicator, as SQL: the stored `points`, or for a row of an earlier version
 * (migrations/0026_quality_points.ts) the same object taken out of `indicators`.
 */
export function pointsSql(table: string): RawBuilder<Record<string, number>> {
  const t = sql.ref(table);
  return sql`coalesce(${t}.points, (SELECT coalesce(jsonb_object_agg(i.id, i.points), '{}'::jsonb)
    FROM jsonb_to_recordset(${t}.indicators) AS i(id text, points float8)))`;
}

/** The columns of a score row that the summary reads (not the indicators' details). */
export type SummaryRow = Pick<
  Selectable<QualityScoreTable>,
  'package_id' | 'score' | 'rating' | 'pasport_points' | 'computed'
> & { points: Record<string, number> };

export function qualitySummary(row: SummaryRow): QualitySummary {
  return {
    score: Number(row.score),
    max: MQA_MAX,
    rating: row.rating,
    pasport_points: Number(row.pasport_points),
    pasport_max: PASPORT_MAX,
    computed: row.computed,
    indicators: inIndicatorOrder(row.points),
  };
}

/** jsonb keeps an object's keys in its own order: the dict lists them as the methodology does. */
function inIndicatorOrder(points: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of INDICATORS) if (d.id in points) out[d.id] = points[d.id];
  for (const [k, v] of Object.entries(points)) if (!(k in out)) out[k] = v;
  return out;
}
