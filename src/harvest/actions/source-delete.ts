import { defineAction } from '../../actions/types.ts';
import { operator } from '../../auth/rules.ts';
import { stamp } from '../../scheduler/queue.ts';
import { requireSource } from '../sources.ts';

export default defineAction({
  name: 'harvest_source_delete',
  tag: 'harvest',
  description: `Delete a harvest source: it is no longer harvested. Its datasets stay (as in ckanext-harvest);
harvest_source_clear removes them. Operators and sysadmins.

:param id: id or name of the source`,
  sideEffectFree: false,
  input: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
  auth: operator,
  async handler(ctx, input) {
    const s = await requireSource(ctx.db, input.id);
    await ctx.db
      .updateTable('harvest_source')
      .set({
        state: 'deleted',
        active: false,
        next_run_at: null,
        name: `${s.name}-deleted-${s.id.slice(0, 8)}`,
        modified: stamp(ctx.services.clock.now()),
      })
      .where('id', '=', s.id)
      .execute();
    return null;
  },
});
