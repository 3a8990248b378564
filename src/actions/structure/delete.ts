import { defineAction } from '../types.ts';
import { ValidationError } from '../../errors.ts';
import { operator } from '../../auth/rules.ts';
import { recordChange } from '../../outbox.ts';
import { requireStructure } from './common.ts';

export default defineAction({
  name: 'structure_delete',
  tag: 'structures',
  description: `Delete an organizational structure (softly); operators only.

:param id: id or code of the structure
:rtype: null

Refused while an organization that is not deleted belongs to it.`,
  sideEffectFree: false,
  input: { type: 'object', properties: { id: { type: 'string' } } },
  auth: operator,
  async handler(ctx, input) {
    const s = await requireStructure(ctx, input.id);
    const used = await ctx.db
      .selectFrom('group')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('is_organization', '=', true)
      .where('structure_code', '=', s.code)
      .where('state', '!=', 'deleted')
      .executeTakeFirst();
    const n = Number(used?.n ?? 0);
    if (n)
      throw new ValidationError({
        message: `Structure ${s.code} cannot be deleted while ${n} organization(s) belong to it`,
      });
    await ctx.db.updateTable('structure').set({ state: 'deleted' }).where('id', '=', s.id).execute();
    await recordChange(ctx, 'structure', s.id, 'delete');
    return null;
  },
});
