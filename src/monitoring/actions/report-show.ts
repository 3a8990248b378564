import { defineAction } from '../../actions/types.ts';
import { NotFound, ValidationError } from '../../errors.ts';
import { operatorsOnly } from '../access.ts';

export default defineAction({
  name: 'monitoring_report_show',
  tag: 'update control',
  description: `One kept quarterly monitoring report, as it was generated (operators and sysadmins).

:param id: the report's id, or
:param period: its quarter, e.g. 2026-Q1
:rtype: {id, period, generated, from, to, as_of, organizations, totals} (see monitoring_report)

As CSV or XLSX: \`GET /monitoring/reports/{period}.csv\` (or \`.xlsx\`).`,
  sideEffectFree: true,
  input: {
    type: 'object',
    properties: { id: { type: 'string', format: 'uuid' }, period: { type: 'string', pattern: '^\\d{4}-Q[1-4]$' } },
  },
  auth: operatorsOnly,
  async handler(ctx, input) {
    if (!input.id && !input.period) throw ValidationError.field('id', 'Missing value');
    let q = ctx.db.selectFrom('monitoring_report').select(['id', 'period', 'generated', 'data']);
    q = input.id ? q.where('id', '=', input.id) : q.where('period', '=', input.period!);
    const row = await q.executeTakeFirst();
    if (!row) throw new NotFound('Report not found');
    return { id: row.id, period: row.period, generated: row.generated, ...(row.data as Record<string, unknown>) };
  },
});
