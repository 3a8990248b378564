import { defineAction } from '../../actions/types.ts';
import { operatorsOnly } from '../access.ts';

export default defineAction({
  name: 'monitoring_report_list',
  tag: 'update control',
  description: `The kept quarterly monitoring reports, newest first (operators and sysadmins). The scheduler
generates one at the start of each quarter for the quarter that closed; a kept report never changes.

:param limit: 1-100 (default 20)
:param offset: default 0
:rtype: {count, results: [{id, period, from, to, generated, totals}]}`,
  sideEffectFree: true,
  input: {
    type: 'object',
    properties: { limit: { type: 'integer', minimum: 1, maximum: 100 }, offset: { type: 'integer', minimum: 0 } },
  },
  auth: operatorsOnly,
  async handler(ctx, input) {
    const count = await ctx.db
      .selectFrom('monitoring_report')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    const rows = await ctx.db
      .selectFrom('monitoring_report')
      .select(['id', 'period', 'period_from', 'period_to', 'generated', 'data'])
      .orderBy('period_from', 'desc')
      .limit(input.limit ?? 20)
      .offset(input.offset ?? 0)
      .execute();
    return {
      count: Number(count?.n ?? 0),
      results: rows.map((r) => ({
        id: r.id,
        period: r.period,
        from: r.period_from,
        to: r.period_to,
        generated: r.generated,
        totals: (r.data as { totals?: unknown }).totals,
      })),
    };
  },
});
