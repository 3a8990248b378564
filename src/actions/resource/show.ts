import { defineAction } from '../types.ts';
import { resourceByKey, resourceRead, type ResourceTarget } from '../../auth/rules.ts';
import { requireTarget, targetDict } from '../../packages/resources.ts';

export default defineAction({
  name: 'resource_show',
  tag: 'resources',
  description: `Return a resource (distribution) of a dataset.

:param id: the resource id
:rtype: dictionary`,
  sideEffectFree: true,
  input: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
  resolve: resourceByKey('id'),
  auth: resourceRead,
  async handler(ctx, _input: { id: string }, target?: ResourceTarget) {
    return targetDict(ctx, requireTarget(target, ''));
  },
});
