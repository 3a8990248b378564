import { defineAction } from '../../actions/types.ts';
import { operator } from '../../auth/rules.ts';
import { requireSource } from '../sources.ts';

export default defineAction({
  name: 'harvest_source_clear',
  tag: 'harvest',
  description: `Delete every dataset a source harvested (each with a reason) and its jobs and objects; the
source stays and the next job starts afresh. Operators and sysadmins.

:param id: id or name of the source
:rtype: {id, deleted: number of datasets}`,
  sideEffectFree: false,
  input: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
  auth: operator,
  async handler(ctx, input) {
    const s = await requireSource(ctx.db, input.id);
    const rows = await ctx.db
      .selectFrom('harvest_object as o')
      .innerJoin('package as p', 'p.id', 'o.package_id')
      .select('p.id')
      .where('o.source_id', '=', s.id)
      .where('o.current', '=', true)
      .where('p.state', '!=', 'deleted')
      .execute();
    for (const r of rows)
      await ctx.call(
        'package_delete',
        { id: r.id, reason: `The harvest source "${s.title ?? s.name}" was cleared` },
        { ignoreAuth: true },
      );
    await ctx.db.deleteFrom('harvest_object').where('source_id', '=', s.id).execute();
    await ctx.db.deleteFrom('harvest_job').where('source_id', '=', s.id).where('status', '=', 'Finished').execute();
    return { id: s.id, deleted: rows.length };
  },
});
