// The sections of statistics_show, in order. Each computes one part of the operators' statistics; a
// subsystem adds its own with one line here.
import { sql } from 'kysely';
import type { ActionContext } from '../actions/types.ts';
import { surveyResults } from '../surveys/surveys.ts';
import { requestStatistics } from '../requests/stats.ts';
import { feedbackStatistics } from '../feedback/stats.ts';

export interface StatisticsOptions {
  /** Length of the top lists. */
  limit: number;
  /** Period of the downloads by purpose, portal days YYYY-MM-DD (inclusive); null: all time. */
  from: string | null;
  to: string | null;
}

export interface StatisticsSection {
  name: string;
  compute(ctx: ActionContext, opts: StatisticsOptions): Promise<unknown>;
}

async function top(ctx: ActionContext, opts: StatisticsOptions, by: 'views' | 'downloads') {
  const rows = await ctx.db
    .selectFrom('package_tracking as t')
    .innerJoin('package as p', 'p.id', 't.package_id')
    .select([
      'p.id',
      'p.name',
      'p.title',
      'p.title_translated',
      'p.passport_code',
      'p.owner_org',
      'p.private',
      'p.state',
      't.views_total',
      't.views_recent',
      't.downloads_total',
      't.downloads_recent',
    ])
    .where('p.state', '!=', 'deleted')
    .orderBy(`t.${by}_total`, 'desc')
    .orderBy(`t.${by}_recent`, 'desc')
    .orderBy('p.name')
    .limit(opts.limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    title: r.title,
    title_translated: r.title_translated,
    passport_code: r.passport_code,
    owner_org: r.owner_org,
    private: r.private,
    state: r.state,
    views: { total: Number(r.views_total), recent: Number(r.views_recent) },
    downloads: { total: Number(r.downloads_total), recent: Number(r.downloads_recent) },
  }));
}

async function downloadsByPurpose(ctx: ActionContext, opts: StatisticsOptions) {
  const rows = await sql<{ purpose: string; channel: string; n: string }>`
    SELECT purpose, channel, sum(count) AS n FROM tracking_daily
    WHERE kind = 'download' AND (${opts.from}::date IS NULL OR day >= ${opts.from}::date) AND (${opts.to}::date IS NULL OR day <= ${opts.to}::date)
    GROUP BY purpose, channel`.execute(ctx.db);
  const purposes = await ctx.db
    .selectFrom('download_purpose')
    .select(['id', 'name', 'label_translated', 'active'])
    .orderBy('position')
    .execute();
  const by = new Map<string, { total: number; by_channel: Record<string, number> }>();
  for (const r of rows.rows) {
    const e = by.get(r.purpose) ?? { total: 0, by_channel: {} };
    e.total += Number(r.n);
    e.by_channel[r.channel] = (e.by_channel[r.channel] ?? 0) + Number(r.n);
    by.set(r.purpose, e);
  }
  const list = purposes.map((p) => ({
    purpose: { id: p.id, name: p.name, label_translated: p.label_translated, active: p.active },
    ...(by.get(p.id) ?? { total: 0, by_channel: {} }),
  }));
  const none = by.get('') ?? { total: 0, by_channel: {} };
  return {
    from: opts.from,
    to: opts.to,
    total: [...by.values()].reduce((a, e) => a + e.total, 0),
    purposes: list,
    without_purpose: none,
  };
}

async function surveys(ctx: ActionContext) {
  const rows = await ctx.db.selectFrom('survey').selectAll().orderBy('created', 'desc').limit(50).execute();
  return Promise.all(rows.map((s) => surveyResults(ctx.db, s)));
}

async function comments(ctx: ActionContext) {
  const rows = await ctx.db
    .selectFrom('comment')
    .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

export const SECTIONS: StatisticsSection[] = [
  { name: 'most_viewed', compute: (ctx, o) => top(ctx, o, 'views') },
  { name: 'most_downloaded', compute: (ctx, o) => top(ctx, o, 'downloads') },
  { name: 'downloads_by_purpose', compute: downloadsByPurpose },
  { name: 'surveys', compute: surveys },
  { name: 'comments', compute: comments },
  { name: 'requests', compute: requestStatistics },
  { name: 'feedback', compute: feedbackStatistics },
];
