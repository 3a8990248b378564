// The `quality` key of the package dict: the latest score, its rating and each indicator's points.
// The DCAT mapping publishes it as DQV (src/rdf/quality.ts), search sorts and facets on it.
import type { Selectable } from 'kysely';
import type { QualityScoreTable } from './tables.ts';
import { MQA_MAX, PASPORT_MAX } from './indicators.ts';

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

export function qualitySummary(row: Selectable<QualityScoreTable>): QualitySummary {
  const indicators: Record<string, number> = {};
  for (const i of (row.indicators as { id: string; points: number }[]) ?? []) indicators[i.id] = i.points;
  return {
    score: Number(row.score),
    max: MQA_MAX,
    rating: row.rating,
    pasport_points: Number(row.pasport_points),
    pasport_max: PASPORT_MAX,
    computed: row.computed,
    indicators,
  };
}
