import { defineAction } from '../types.ts';
import { resourceEdit } from '../../auth/rules.ts';
import { replaceResource, showResource } from '../../packages/resources.ts';

export default defineAction({
  name: 'resource_patch',
  tag: 'resources',
  description: `Change some of a resource's fields, keeping the rest.

:param id: the resource id
:rtype: the updated resource`,
  sideEffectFree: false,
  input: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
  auth: resourceEdit,
  async handler(ctx, input: Record<string, unknown>) {
    const current = await showResource(ctx, String(input.id));
    return replaceResource(ctx, String(input.id), { ...current, ...input });
  },
});
