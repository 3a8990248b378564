import { defineAction } from '../types.ts';
import { anyone } from '../../auth/rules.ts';
import { NotFound } from '../../errors.ts';

export default defineAction({
  name: 'help_show',
  tag: 'site',
  description: `Return the documentation of an action.

:param name: the action's name
:rtype: string`,
  sideEffectFree: true,
  input: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
  auth: anyone,
  async handler(ctx, input) {
    const def = ctx.definition(input.name);
    if (!def) throw new NotFound('Action function not found');
    return def.description;
  },
});
