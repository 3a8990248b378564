import { defineAction } from '../../actions/types.ts';
import { NotFound } from '../../errors.ts';
import { operator } from '../../auth/rules.ts';
import { isUuid } from '../../db/ref.ts';
import { jobDict } from '../jobs.ts';

export default defineAction({
  name: 'harvest_job_show',
  tag: 'harvest',
  description: `One harvest job: status, times, stats (added, updated, not_modified, deleted, errored) and errors,
with the errored objects' messages. Operators and sysadmins.

:param id: the job's id`,
  sideEffectFree: true,
  input: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
  auth: operator,
  async handler(ctx, input) {
    const job = isUuid(input.id)
      ? await ctx.db.selectFrom('harvest_job').selectAll().where('id', '=', input.id).executeTakeFirst()
      : undefined;
    if (!job) throw new NotFound(`Harvest job "${input.id}" was not found.`);
    const objectErrors = await ctx.db
      .selectFrom('harvest_object')
      .select(['id', 'guid', 'errors'])
      .where('job_id', '=', job.id)
      .where('report_status', '=', 'errored')
      .limit(1000)
      .execute();
    return {
      ...jobDict(job),
      object_errors: objectErrors.map((o) => ({ object_id: o.id, guid: o.guid, errors: o.errors })),
    };
  },
});
