import { defineAction } from '../../actions/types.ts';
import { operator } from '../../auth/rules.ts';
import { requireSource, sourceDict } from '../sources.ts';

export default defineAction({
  name: 'harvest_source_show',
  tag: 'harvest',
  description: `A harvest source with its status (job count, datasets, the last job). The API key is never
returned (api_key_set says whether one is stored). Operators and sysadmins.

:param id: id or name of the source`,
  sideEffectFree: true,
  input: { type: 'object', properties: { id: { type: 'string' }, url: { type: 'string' } } },
  auth: operator,
  async handler(ctx, input) {
    return sourceDict(ctx.db, await requireSource(ctx.db, input.id));
  },
});
