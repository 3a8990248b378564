import { defineAction } from '../types.ts';
import { groupById } from '../../auth/rules.ts';
import { memberChange } from '../../auth/rules-group.ts';
import { requireGroup, type GroupRow } from './common.ts';
import { objectType, removeMember, required, resolveObject } from './members.ts';

export default defineAction({
  name: 'member_delete',
  tag: 'groups',
  description: `Remove a user or a dataset from an organization or group.

:param id: id or name of the organization or group
:param object: id or name of the user or dataset
:param object_type: \`user\` or \`package\`
:rtype: null

Removing what is not a member does nothing. An admin cannot remove themselves.`,
  sideEffectFree: false,
  input: {
    type: 'object',
    properties: { id: { type: 'string' }, object: { type: 'string' }, object_type: { type: 'string' } },
  },
  resolve: groupById,
  auth: memberChange,
  async handler(ctx, input: Record<string, unknown>, found?: GroupRow) {
    required(input, 'id', 'object', 'object_type');
    const g = requireGroup(input.id, found, null, true);
    const type = objectType(input.object_type);
    const objectId = await resolveObject(ctx, type, String(input.object));
    return removeMember(ctx, g, type, objectId);
  },
});
