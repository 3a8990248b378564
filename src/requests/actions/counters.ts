import { sql } from 'kysely';
import { defineAction } from '../../actions/types.ts';
import { anyone } from '../../auth/rules.ts';

export default defineAction({
  name: 'citizen_counters_show',
  tag: 'requests',
  description: `Public counters of citizens' dataset requests and feedback messages (anyone).

:rtype: {requests: {registered, answered, in_progress}, feedback: {registered, answered, in_progress}}

"answered": requests accepted or refused, feedback answered; "in_progress": requests published for
voting or forwarded, feedback not answered yet. Requests closed by the operator count as registered
only. Counts only: no personal data.`,
  sideEffectFree: true,
  input: { type: 'object', properties: {} },
  auth: anyone,
  async handler(ctx) {
    const r = await sql<{ registered: string; answered: string; in_progress: string }>`SELECT count(*) AS registered,
      count(*) FILTER (WHERE status IN ('accepted', 'refused')) AS answered,
      count(*) FILTER (WHERE status IN ('new', 'voting', 'forwarded')) AS in_progress FROM data_request`.execute(
      ctx.db,
    );
    const f = await sql<{ registered: string; answered: string; in_progress: string }>`SELECT count(*) AS registered,
      count(*) FILTER (WHERE status = 'answered') AS answered,
      count(*) FILTER (WHERE status IN ('new', 'forwarded', 'extended')) AS in_progress FROM feedback`.execute(ctx.db);
    const num = (x: { registered: string; answered: string; in_progress: string }) => ({
      registered: Number(x.registered),
      answered: Number(x.answered),
      in_progress: Number(x.in_progress),
    });
    return { requests: num(r.rows[0]), feedback: num(f.rows[0]) };
  },
});
