// Kysely types of the quality tables (migrations/0020_quality.ts).
import type { ColumnType, Generated } from 'kysely';

type Json<T> = ColumnType<T, string, string>;

export interface QualityScoreTable {
  package_id: string;
  owner_org: string | null;
  score: number;
  rating: string;
  pasport_points: number;
  indicators: Json<unknown>;
  /** Points per indicator id (migrations/0026_quality_points.ts); null in a row of an earlier version. */
  points: ColumnType<Record<string, number> | null, string | undefined, string>;
  computed: string;
}

export interface LinkCheckTable {
  url: string;
  ok: boolean | null;
  status: number | null;
  method: string | null;
  error: string | null;
  checked: string | null;
  next_check: string;
}

export interface LinkCheckHistoryTable {
  id: Generated<string>;
  url: string;
  ok: boolean;
  status: number | null;
  method: string | null;
  error: string | null;
  ms: number;
  checked: string;
}

export interface QualityTables {
  quality_score: QualityScoreTable;
  link_check: LinkCheckTable;
  link_check_history: LinkCheckHistoryTable;
}
