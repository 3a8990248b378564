import { defineAction } from '../../actions/types.ts';
import { operator } from '../../auth/rules.ts';
import { createJob, jobDict } from '../jobs.ts';
import { requireSource } from '../sources.ts';

export default defineAction({
  name: 'harvest_job_create',
  tag: 'harvest',
  description: `Queue a harvest of a source now; the scheduler runs it. Operators and sysadmins.

:param source_id: id or name of the source
:param dry_run: gather and compare only: report what would be added, updated, deleted; write nothing
:param force_all: a full run even when an increment is possible
:rtype: the job (harvest_job_show); a 409 when the source already has a New or Running job`,
  sideEffectFree: false,
  input: {
    type: 'object',
    properties: { source_id: { type: 'string' }, dry_run: { type: 'boolean' }, force_all: { type: 'boolean' } },
    required: ['source_id'],
  },
  auth: operator,
  async handler(ctx, input) {
    const s = await requireSource(ctx.db, input.source_id);
    const job = await createJob(ctx.db, s.id, ctx.services.clock.now(), {
      dryRun: input.dry_run,
      forceAll: input.force_all,
    });
    ctx.afterCommit(() => {
      ctx.services.events.emit('jobs');
    });
    return jobDict(job);
  },
});
