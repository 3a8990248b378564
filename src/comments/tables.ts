// Kysely types of the citizens' voice tables (migrations/0017_citizens_voice.ts): comments, download
// purposes, surveys and the popularity counters.
import type { ColumnType, Generated } from 'kysely';

type Json<T> = ColumnType<T, string | undefined, string>;

export interface CommentTable {
  id: string;
  package_id: string;
  parent_id: string | null;
  root_id: string;
  user_id: string | null;
  author_name: string | null;
  author_email: string | null;
  body: string;
  status: string;
  reason: string | null;
  created: string;
  moderated: string | null;
  moderated_by: string | null;
}

export interface CommentStatsTable {
  package_id: string;
  threads: ColumnType<string, number | string, number | string>;
}

export interface DownloadPurposeTable {
  id: string;
  name: string;
  label_translated: Json<Record<string, string>>;
  position: Generated<number>;
  active: Generated<boolean>;
  created: Generated<string>;
  modified: Generated<string>;
}

export interface SurveyTable {
  id: string;
  name: string;
  title_translated: Json<Record<string, string>>;
  description_translated: Json<Record<string, string>>;
  questions: Json<unknown[]>;
  active: Generated<boolean>;
  created: Generated<string>;
  modified: Generated<string>;
}

export interface SurveyResponseTable {
  id: string;
  survey_id: string;
  language: string | null;
  answers: Json<Record<string, unknown>>;
  created: string;
}

export interface TrackingDailyTable {
  package_id: string;
  day: ColumnType<string, string, string>;
  kind: string;
  resource_id: Generated<string>;
  channel: Generated<string>;
  purpose: Generated<string>;
  count: ColumnType<string, number | string, number | string>;
}

export interface PackageTrackingTable {
  package_id: string;
  views_total: ColumnType<string, number | string | undefined, number | string>;
  views_recent: ColumnType<string, number | string | undefined, number | string>;
  downloads_total: ColumnType<string, number | string | undefined, number | string>;
  downloads_recent: ColumnType<string, number | string | undefined, number | string>;
  recent_day: string | null;
}

export interface VoiceTables {
  comment: CommentTable;
  comment_stats: CommentStatsTable;
  download_purpose: DownloadPurposeTable;
  survey: SurveyTable;
  survey_response: SurveyResponseTable;
  tracking_daily: TrackingDailyTable;
  package_tracking: PackageTrackingTable;
}
