import { sql } from 'kysely';
import { defineAction } from '../../actions/types.ts';
import { searchLogRead } from '../../auth/rules-search.ts';
import { period } from './search-log-list.ts';

export default defineAction({
  name: 'search_log_stats',
  tag: 'search',
  description: `Summarise the search log: the most frequent queries and the queries that found nothing.

:param since, until: ISO timestamps bounding the period (UTC; default: all)
:param limit: how many queries in each list (default 20, at most 1000)
:rtype: {searches, distinct_queries, zero_result_searches, top_queries: [{q, count, avg_results,
  last_seen}], zero_result_queries: [{q, count, last_seen}]}

Queries are compared case- and space-insensitively. Operators and sysadmins only.`,
  sideEffectFree: true,
  input: {
    type: 'object',
    properties: {
      since: { type: 'string' },
      until: { type: 'string' },
      limit: { type: 'integer', minimum: 0, maximum: 1000 },
    },
  },
  auth: searchLogRead,
  async handler(ctx, input) {
    const { since, until } = period(input);
    const limit = input.limit ?? 20;
    let base = ctx.db.selectFrom('search_log');
    if (since) base = base.where('created', '>=', since);
    if (until) base = base.where('created', '<', until);
    const [totals, top, zero] = await Promise.all([
      base
        .select([
          (eb) => eb.fn.countAll<number>().as('searches'),
          sql<number>`count(DISTINCT q_norm)`.as('distinct_queries'),
          sql<number>`count(*) FILTER (WHERE result_count = 0)`.as('zero'),
        ])
        .executeTakeFirst(),
      base
        .select([
          'q_norm',
          (eb) => eb.fn.countAll<number>().as('n'),
          sql<number>`avg(result_count)`.as('avg'),
          (eb) => eb.fn.max('created').as('last'),
        ])
        .groupBy('q_norm')
        .orderBy('n', 'desc')
        .orderBy('q_norm')
        .limit(limit)
        .execute(),
      base
        .select(['q_norm', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.max('created').as('last')])
        .where('result_count', '=', 0)
        .groupBy('q_norm')
        .orderBy('n', 'desc')
        .orderBy('q_norm')
        .limit(limit)
        .execute(),
    ]);
    return {
      searches: Number(totals?.searches ?? 0),
      distinct_queries: Number(totals?.distinct_queries ?? 0),
      zero_result_searches: Number(totals?.zero ?? 0),
      top_queries: top.map((r) => ({
        q: r.q_norm,
        count: Number(r.n),
        avg_results: Math.round(Number(r.avg) * 100) / 100,
        last_seen: r.last,
      })),
      zero_result_queries: zero.map((r) => ({ q: r.q_norm, count: Number(r.n), last_seen: r.last })),
    };
  },
});
