import { defineAction } from '../types.ts';
import { resourceByKey, resourceEdit, type ResourceTarget } from '../../auth/rules.ts';
import { replaceResource, requireTarget, targetDict } from '../../packages/resources.ts';

export default defineAction({
  name: 'resource_patch',
  tag: 'resources',
  description: `Change some of a resource's fields, keeping the rest.

:param id: the resource id
:rtype: the updated resource

The resource stays in its dataset: a \`package_id\` in the input is ignored.`,
  sideEffectFree: false,
  input: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
  resolve: resourceByKey('id'),
  auth: resourceEdit,
  async handler(ctx, input: Record<string, unknown>, target?: ResourceTarget) {
    const t = requireTarget(target);
    return replaceResource(ctx, t, { ...targetDict(ctx, t), ...input });
  },
});
