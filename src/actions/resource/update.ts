import { defineAction } from '../types.ts';
import { resourceEdit } from '../../auth/rules.ts';
import { replaceResource } from '../../packages/resources.ts';

export default defineAction({
  name: 'resource_update',
  tag: 'resources',
  description: `Replace a resource's fields (what is not sent is cleared; datastore_active is kept).

:param id: the resource id
:rtype: the updated resource`,
  sideEffectFree: false,
  input: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
  auth: resourceEdit,
  handler: (ctx, input: Record<string, unknown>) => replaceResource(ctx, String(input.id), input),
});
