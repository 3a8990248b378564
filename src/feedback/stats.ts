// Statistics of feedback for statistics_show (wired by the integrator): by status and timeliness of
// forwarding and answering. No personal data.
import { sql } from 'kysely';
import type { ActionContext } from '../actions/types.ts';

export async function feedbackStatistics(ctx: ActionContext): Promise<Record<string, unknown>> {
  const status = (
    await sql<{ status: string; n: string }>`SELECT status, count(*) AS n FROM feedback GROUP BY status`.execute(ctx.db)
  ).rows;
  const t = (
    await sql<Record<string, string>>`SELECT count(*) FILTER (WHERE forwarded_late = false) AS forwarded_in_time,
    count(*) FILTER (WHERE forwarded_late) AS forwarded_late, count(*) FILTER (WHERE answered_in_time) AS answered_in_time,
    count(*) FILTER (WHERE answered_in_time = false) AS answered_late, count(*) FILTER (WHERE status = 'extended') AS extended,
    count(*) FILTER (WHERE overdue_at IS NOT NULL AND status <> 'answered') AS overdue_open FROM feedback`.execute(
      ctx.db,
    )
  ).rows[0];
  const perOrg = (
    await sql<Record<string, string>>`SELECT f.organization_id, g.name, count(*) AS received,
    count(*) FILTER (WHERE f.answered_in_time) AS in_time, count(*) FILTER (WHERE f.answered_in_time = false) AS late
    FROM feedback f JOIN "group" g ON g.id = f.organization_id GROUP BY f.organization_id, g.name ORDER BY g.name`.execute(
      ctx.db,
    )
  ).rows;
  return {
    by_status: Object.fromEntries(status.map((r) => [r.status, Number(r.n)])),
    total: status.reduce((a, r) => a + Number(r.n), 0),
    ...Object.fromEntries(Object.entries(t).map(([k, v]) => [k, Number(v)])),
    by_organization: perOrg.map((r) => ({
      organization_id: r.organization_id,
      name: r.name,
      received: Number(r.received),
      in_time: Number(r.in_time),
      late: Number(r.late),
    })),
  };
}
