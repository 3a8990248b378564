// The passport workflow: notifications, status changes, deadlines, monitoring, calendar, data updates, activity.
// Part of the Database type (src/db/schema.ts), written beside migrations/.
import type { Generated, ColumnType } from 'kysely';
import type { Json } from './columns.ts';

export interface NotificationTable {
  id: string;
  user_id: string;
  kind: string;
  package_id: string | null;
  organization_id: string | null;
  language: string;
  subject: string;
  body: string;
  expected: string | null;
  due_date: string | null;
  data: Json<Record<string, unknown>>;
  dedupe_key: string | null;
  created: string;
  read_at: string | null;
}

export interface NotificationPreferenceTable {
  user_id: string;
  language: string | null;
  email: Generated<boolean>;
  webhook_url: string | null;
  webhook_secret: string | null;
  muted: ColumnType<string[], string[] | undefined, string[]>;
  updated: Generated<string>;
}

export interface NotificationDeliveryTable {
  id: string;
  notification_id: string;
  user_id: string;
  channel: string;
  target: string;
  state: Generated<string>;
  attempts: Generated<number>;
  last_status: number | null;
  last_error: string | null;
  created: string;
  last_attempt_at: string | null;
  delivered_at: string | null;
}

/** Who changed a dataset's status (deactivate, fix submitted, activate), when and why. */
export interface PackageStatusChangeTable {
  id: Generated<number>;
  package_id: string;
  organization_id: string | null;
  action: string;
  from_state: string;
  to_state: string;
  reason: string | null;
  user_id: string | null;
  created: string;
}

/** A deadline as it came due (recorded by the daily sweep; monitoring reads these). */
export interface PackageDeadlineTable {
  package_id: string;
  due: string;
  previous_due: string | null;
  organization_id: string | null;
  frequency: string;
  recorded: string;
  /** The instant the day after previous_due begins: updates from then on meet this deadline. */
  window_start: string;
  /** The instant the deadline's day ends. */
  due_end: string;
  /** The first data update at or after window_start (kept by a trigger on data_update). */
  met_at: string | null;
}

export interface DeadlineSweepTable {
  name: string;
  through: string;
}

export interface MonitoringReportTable {
  id: string;
  period: string;
  period_from: string;
  period_to: string;
  generated: string;
  data: Json<Record<string, unknown>>;
}

/** Working-day calendar exceptions (migration 0011). */
export interface HolidayTable {
  day: string;
  kind: 'holiday' | 'working';
  name: Generated<string>;
  source: Generated<string>;
  created_by: string | null;
  created: Generated<string>;
}

export interface HolidaySeedTable {
  country: string;
  year: number;
  created: Generated<string>;
}

export type DataUpdateSource = 'datastore' | 'upload' | 'url' | 'api' | 'external' | 'harvest';

/** Every data update of a dataset: deadlines and monitoring are computed from it (migration 0011). */
export interface DataUpdateTable {
  id: Generated<string>;
  package_id: string;
  resource_id: string | null;
  at: string;
  user_id: string | null;
  source: DataUpdateSource;
  note: string | null;
}

/** CKAN's activity stream (migration 0011). */
export interface ActivityTable {
  id: string;
  timestamp: string;
  user_id: string | null;
  object_id: string;
  activity_type: string;
  data: Json<Record<string, unknown>>;
  owner_org: string | null;
  permission_labels: ColumnType<string[], string[] | undefined, string[]>;
}
