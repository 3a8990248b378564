import crypto from 'node:crypto';
import { defineAction } from '../types.ts';
import { ValidationError } from '../../errors.ts';
import { operator } from '../../auth/rules.ts';
import { recordChange } from '../../outbox.ts';
import { structureDict, structureFields } from './common.ts';

export default defineAction({
  name: 'structure_create',
  tag: 'structures',
  description: `Create an organizational structure; operators and sysadmins keep this dictionary.

:param code: 1 to 3 digits, unique: the S of the passport codes of its organizations' datasets
:param name_translated: its name per portal language
:rtype: {id, code, name_translated}

Creating the code of a deleted structure brings that structure back.`,
  sideEffectFree: false,
  input: {
    type: 'object',
    properties: {
      code: { type: ['string', 'integer'] },
      name_translated: { type: ['object', 'string', 'null'], description: 'language code -> name' },
    },
  },
  auth: operator,
  async handler(ctx, input: Record<string, unknown>) {
    const { errors, code, name_translated } = structureFields(ctx, input, null);
    const clash = code
      ? await ctx.db.selectFrom('structure').select(['id', 'state']).where('code', '=', code).executeTakeFirst()
      : undefined;
    if (clash?.state === 'active') (errors.code ??= []).push('Structure code already exists');
    if (Object.keys(errors).length) throw new ValidationError(errors);
    let id: string;
    if (clash) {
      // The code stays referenced by deleted organizations, so the old row is revived, not duplicated.
      id = clash.id;
      await ctx.db
        .updateTable('structure')
        .set({ state: 'active', name_translated: JSON.stringify(name_translated) })
        .where('id', '=', id)
        .execute();
    } else {
      id = crypto.randomUUID();
      await ctx.db
        .insertInto('structure')
        .values({ id, code: code!, name_translated: JSON.stringify(name_translated) })
        .execute();
    }
    await recordChange(ctx, 'structure', id);
    return structureDict(
      await ctx.db.selectFrom('structure').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
    );
  },
});
