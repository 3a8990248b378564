import { defineAction } from '../types.ts';
import { ValidationError } from '../../errors.ts';
import { operator } from '../../auth/rules.ts';
import { recordChange } from '../../outbox.ts';
import { requireStructure, structureDict, structureFields } from './common.ts';

export default defineAction({
  name: 'structure_update',
  tag: 'structures',
  description: `Update an organizational structure; operators only.

:param id: id or code of the structure
:param code: a new code (datasets keep the passport codes they already have; new ones use it)
:param name_translated: its name per portal language (replaces the old names)
:rtype: {id, code, name_translated}`,
  sideEffectFree: false,
  input: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      code: { type: ['string', 'integer'] },
      name_translated: { type: ['object', 'string', 'null'] },
    },
  },
  auth: operator,
  async handler(ctx, input: Record<string, unknown>) {
    const s = await requireStructure(ctx, input.id);
    const { errors, code, name_translated } = structureFields(ctx, input, s);
    if (
      code &&
      code !== s.code &&
      (await ctx.db.selectFrom('structure').select('id').where('code', '=', code).executeTakeFirst())
    ) {
      (errors.code ??= []).push('Structure code already exists');
    }
    if (Object.keys(errors).length) throw new ValidationError(errors);
    // Organizations follow a new code through the foreign key (ON UPDATE CASCADE).
    await ctx.db
      .updateTable('structure')
      .set({ code: code!, name_translated: JSON.stringify(name_translated) })
      .where('id', '=', s.id)
      .execute();
    await recordChange(ctx, 'structure', s.id);
    if (code !== s.code) {
      const orgs = await ctx.db.selectFrom('group').select('id').where('structure_code', '=', code).execute();
      for (const o of orgs) await recordChange(ctx, 'organization', o.id);
    }
    return structureDict(
      await ctx.db.selectFrom('structure').selectAll().where('id', '=', s.id).executeTakeFirstOrThrow(),
    );
  },
});
