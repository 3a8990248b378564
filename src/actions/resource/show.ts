import { defineAction } from '../types.ts';
import { resourceRead } from '../../auth/rules.ts';
import { findResource } from '../../packages/resources.ts';
import { resourceDict } from '../../packages/dictize.ts';

export default defineAction({
  name: 'resource_show',
  tag: 'resources',
  description: `Return a resource (distribution) of a dataset.

:param id: the resource id
:rtype: dictionary`,
  sideEffectFree: true,
  input: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
  auth: resourceRead,
  async handler(ctx, input: { id: string }) {
    const row = await findResource(ctx, input.id, '');
    return resourceDict(row, ctx.config.siteUrl, row.filename ?? undefined);
  },
});
