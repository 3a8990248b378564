import { defineAction } from '../../actions/types.ts';
import { localDay } from '../../calendar/days.ts';
import { buildReport } from '../report.ts';
import { monitoringRead, organizationId, period } from '../access.ts';

export default defineAction({
  name: 'monitoring_report',
  tag: 'update control',
  description: `Publication and updating per organization over a period, from recorded history only.

:param from: first day (YYYY-MM-DD, portal time zone)
:param to: last day
:param organization: id or name: only that organization (its editors and admins must give it)
:rtype: {from, to, as_of, organizations: [{organization_id, name, title, code, passports, deadlines,
  on_time, late, late_days, overdue, pending, deactivations}], totals}

\`deadlines\`: deadlines falling in the period (recorded as they came due); \`on_time\`: met by an update
after the previous deadline and on or before it; \`late\` / \`late_days\`: met later, and the days late in
all; \`overdue\`: still not met on \`as_of\` (the period's end, or today for an open period);
\`pending\`: not yet past; \`passports\`: passports existing at the period's end; \`deactivations\`:
package_deactivate calls in the period. The same figures as CSV or XLSX:
\`GET /monitoring/report.csv?from=&to=&organization=\` (or \`.xlsx\`). Operators and sysadmins.`,
  sideEffectFree: true,
  input: {
    type: 'object',
    properties: { from: { type: 'string' }, to: { type: 'string' }, organization: { type: 'string' } },
    required: ['from', 'to'],
  },
  auth: monitoringRead,
  async handler(ctx, input) {
    const p = period(input);
    const org = await organizationId(ctx, input.organization);
    return buildReport(
      ctx.db,
      ctx.config,
      { ...p, organization: org },
      localDay(ctx.services.clock.now(), ctx.config.timezone),
    );
  },
});
