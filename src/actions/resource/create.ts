import { defineAction } from '../types.ts';
import { packageByKeys, resourceCreate, type PackageRow } from '../../auth/rules.ts';
import { createResource } from '../../packages/resources.ts';

export default defineAction({
  name: 'resource_create',
  tag: 'resources',
  description: `Add a resource to a dataset.

:param package_id: id or name of the dataset
:param url: where the data is (default ""); or send the file as a multipart part named "upload"
:param name, description, format, hash, mimetype, size, resource_type, created, last_modified: optional
:rtype: the new resource; other keys are kept as custom resource fields`,
  sideEffectFree: false,
  input: {
    type: 'object',
    properties: { package_id: { type: 'string' }, size: { type: ['integer', 'null', 'string'] } },
    required: ['package_id'],
  },
  resolve: packageByKeys('package_id'),
  auth: resourceCreate,
  handler: (ctx, input: Record<string, unknown>, pkg?: PackageRow) => createResource(ctx, input, pkg),
});
