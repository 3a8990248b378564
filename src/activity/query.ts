// Reading the activity stream with CKAN 2.11's parameters and shapes: newest first; `limit` (default 31,
// at most 100) and `offset`; `after` / `before` (seconds since the epoch, or ISO timestamps);
// `activity_types` / `exclude_activity_types`; `include_data` (lists give only each object's title, as
// CKAN does). A reader sees an activity when they hold one of its permission labels.
import { sql, type SelectQueryBuilder } from 'kysely';
import type { ActionContext } from '../actions/types.ts';
import type { Database } from '../db/schema.ts';
import { ValidationError } from '../errors.ts';
import { membershipsOf } from '../auth/permissions.ts';
import { naiveUtc } from '../packages/time.ts';

export const LIST_LIMIT = 31;
export const LIST_MAX = 100;

export const listParams = {
  offset: { type: 'integer', minimum: 0 },
  limit: { type: 'integer', minimum: 1 },
  after: { type: ['number', 'string'] },
  before: { type: ['number', 'string'] },
  activity_types: { type: ['array', 'string'], items: { type: 'string' } },
  exclude_activity_types: { type: ['array', 'string'], items: { type: 'string' } },
  include_hidden_activity: { type: 'boolean' },
  include_data: { type: 'boolean' },
} as const;

export interface ListInput {
  offset?: number;
  limit?: number;
  after?: number | string;
  before?: number | string;
  activity_types?: string[] | string;
  exclude_activity_types?: string[] | string;
  include_data?: boolean;
}

type Row = {
  id: string;
  timestamp: string;
  user_id: string | null;
  object_id: string;
  activity_type: string;
  data: Record<string, unknown>;
  permission_labels: string[];
};
type Query = SelectQueryBuilder<Database, 'activity', Row>;

/** The labels the caller holds; null: operators and sysadmins see every activity. */
export async function readerLabels(ctx: Pick<ActionContext, 'db' | 'user'>): Promise<string[] | null> {
  const u = ctx.user;
  if (!u) return ['public'];
  if (u.sysadmin || u.operator) return null;
  const groups = await membershipsOf(ctx.db, u.id);
  return ['public', `creator-${u.id}`, ...[...groups.keys()].map((g) => `member-${g}`)];
}

function stamp(v: number | string, field: string): string {
  const n = typeof v === 'number' ? v : /^\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : NaN;
  const d = Number.isFinite(n)
    ? new Date(n * 1000)
    : new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(String(v)) ? String(v) : `${String(v)}Z`);
  if (Number.isNaN(d.getTime())) throw new ValidationError({ [field]: ['Invalid timestamp'] });
  return naiveUtc(d);
}

const list = (v: string[] | string | undefined) =>
  v === undefined
    ? []
    : Array.isArray(v)
      ? v
      : v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);

export function activityDict(r: Row, includeData: boolean) {
  const data = includeData
    ? r.data
    : Object.fromEntries(
        Object.entries(r.data)
          .filter(([, v]) => v && typeof v === 'object' && 'title' in (v as object))
          .map(([k, v]) => [k, { title: (v as { title: unknown }).title }]),
      );
  return {
    id: r.id,
    timestamp: r.timestamp,
    user_id: r.user_id,
    object_id: r.object_id,
    activity_type: r.activity_type,
    data,
    permission_labels: r.permission_labels,
  };
}

export async function listActivities(ctx: ActionContext, input: ListInput, scope: (q: Query) => Query) {
  const limit = Math.min(input.limit ?? LIST_LIMIT, LIST_MAX);
  const types = list(input.activity_types);
  const excluded = list(input.exclude_activity_types);
  if (types.length && excluded.length)
    throw new ValidationError({ activity_types: ['Cannot be used together with exclude_activity_types'] });
  let q = scope(
    ctx.db
      .selectFrom('activity')
      .select(['id', 'timestamp', 'user_id', 'object_id', 'activity_type', 'data', 'permission_labels']),
  );
  const labels = await readerLabels(ctx);
  if (labels) q = q.where(sql<boolean>`permission_labels && ${sql.val(labels)}::text[]`);
  if (types.length) q = q.where('activity_type', 'in', types);
  if (excluded.length) q = q.where('activity_type', 'not in', excluded);
  if (input.after !== undefined) q = q.where('timestamp', '>', stamp(input.after, 'after'));
  if (input.before !== undefined) q = q.where('timestamp', '<', stamp(input.before, 'before'));
  // Paging forward from `after` takes the oldest ones after it; the page is still shown newest first.
  const forward = input.after !== undefined && input.before === undefined;
  q = q
    .orderBy('timestamp', forward ? 'asc' : 'desc')
    .orderBy('id', forward ? 'asc' : 'desc')
    .limit(limit)
    .offset(input.offset ?? 0);
  const rows = (await q.execute()) as Row[];
  if (forward) rows.reverse();
  return rows.map((r) => activityDict(r, input.include_data === true));
}
