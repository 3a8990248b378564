// Statistics of citizens' requests and feedback for statistics_show (wired by the integrator):
// counts by status, answered in time vs late, and the most voted requests. No personal data.
import { sql } from 'kysely';
import type { ActionContext } from '../actions/types.ts';

type Row = Record<string, string | number | null>;

async function rows(ctx: ActionContext, q: ReturnType<typeof sql>): Promise<Row[]> {
  return (await q.execute(ctx.db)).rows as Row[];
}

function byKey(list: Row[], key: string): Record<string, number> {
  return Object.fromEntries(list.map((r) => [String(r[key]), Number(r.n)]));
}

export async function requestStatistics(ctx: ActionContext): Promise<Record<string, unknown>> {
  const [status, timely, top, perOrg] = await Promise.all([
    rows(ctx, sql`SELECT status, count(*) AS n FROM data_request GROUP BY status`),
    rows(
      ctx,
      sql`SELECT count(*) FILTER (WHERE answered_in_time) AS in_time, count(*) FILTER (WHERE answered_in_time = false) AS late,
      count(*) FILTER (WHERE status = 'forwarded' AND (response_overdue_at IS NOT NULL OR publish_overdue_at IS NOT NULL)) AS overdue_open FROM data_request`,
    ),
    rows(
      ctx,
      sql`SELECT id, title, status, votes, organization_id FROM data_request WHERE listed ORDER BY votes DESC, created DESC LIMIT 10`,
    ),
    rows(
      ctx,
      sql`SELECT r.organization_id, g.name, count(*) AS forwarded, count(*) FILTER (WHERE r.answered_in_time) AS in_time,
      count(*) FILTER (WHERE r.answered_in_time = false) AS late FROM data_request r JOIN "group" g ON g.id = r.organization_id
      WHERE r.forwarded_at IS NOT NULL GROUP BY r.organization_id, g.name ORDER BY g.name`,
    ),
  ]);
  return {
    by_status: byKey(status, 'status'),
    total: status.reduce((a, r) => a + Number(r.n), 0),
    answered_in_time: Number(timely[0].in_time),
    answered_late: Number(timely[0].late),
    overdue_open: Number(timely[0].overdue_open),
    most_voted: top.map((r) => ({
      id: r.id,
      title: r.title,
      status: r.status,
      votes: Number(r.votes),
      organization_id: r.organization_id,
    })),
    by_organization: perOrg.map((r) => ({
      organization_id: r.organization_id,
      name: r.name,
      forwarded: Number(r.forwarded),
      in_time: Number(r.in_time),
      late: Number(r.late),
    })),
  };
}
