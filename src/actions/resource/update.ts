import { defineAction } from '../types.ts';
import { resourceByKey, resourceEdit, type ResourceTarget } from '../../auth/rules.ts';
import { replaceResource, requireTarget } from '../../packages/resources.ts';

export default defineAction({
  name: 'resource_update',
  tag: 'resources',
  description: `Replace a resource's fields, with CKAN 2.11's rule for what is not sent.

:param id: the resource id
:rtype: the updated resource

Cleared when not sent: url, description, resource_type, mimetype, mimetype_inner and the custom keys.
Kept when not sent: name, format, hash, size, created, last_modified, url_type, cache_url,
cache_last_updated, datastore_active. The resource stays in its dataset: a \`package_id\` in the input
is ignored, and edit rights on the resource's own dataset are what is checked.`,
  sideEffectFree: false,
  input: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
  resolve: resourceByKey('id'),
  auth: resourceEdit,
  handler: (ctx, input: Record<string, unknown>, target?: ResourceTarget) =>
    replaceResource(ctx, requireTarget(target), input),
});
