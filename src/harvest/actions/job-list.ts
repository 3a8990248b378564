import { defineAction } from '../../actions/types.ts';
import { operator } from '../../auth/rules.ts';
import { jobDict } from '../jobs.ts';
import { requireSource } from '../sources.ts';

export default defineAction({
  name: 'harvest_job_list',
  tag: 'harvest',
  description: `A source's jobs, newest first (at most PASPORT_HARVEST_KEEP_JOBS finished ones are kept).
Operators and sysadmins.

:param source_id: id or name of the source
:param status: only jobs with this status (New, Running, Finished)`,
  sideEffectFree: true,
  input: {
    type: 'object',
    properties: { source_id: { type: 'string' }, status: { enum: ['New', 'Running', 'Finished'] } },
    required: ['source_id'],
  },
  auth: operator,
  async handler(ctx, input) {
    const s = await requireSource(ctx.db, input.source_id);
    let q = ctx.db.selectFrom('harvest_job').selectAll().where('source_id', '=', s.id).orderBy('created', 'desc');
    if (input.status) q = q.where('status', '=', input.status);
    return (await q.execute()).map(jobDict);
  },
});
