import { defineAction } from '../types.ts';
import { groupById } from '../../auth/rules.ts';
import { memberChange } from '../../auth/rules-group.ts';
import { requireGroup, type GroupRow } from './common.ts';
import { addMember, objectType, required, resolveObject } from './members.ts';

export default defineAction({
  name: 'member_create',
  tag: 'groups',
  description: `Make a user or a dataset a member of an organization or group, or change its capacity.

:param id: id or name of the organization or group
:param object: id or name of the user or dataset
:param object_type: \`user\` or \`package\`
:param capacity: \`admin\`, \`editor\` or \`member\` for users; \`public\` for datasets (in groups)
:rtype: {id, table_name, table_id, group_id, capacity, state}

An existing membership is updated. Admins manage users, editors add datasets; an admin cannot demote
themselves. Datasets join organizations through owner_org, not here.`,
  sideEffectFree: false,
  input: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      object: { type: 'string' },
      object_type: { type: 'string' },
      capacity: { type: 'string' },
    },
  },
  resolve: groupById,
  auth: memberChange,
  async handler(ctx, input: Record<string, unknown>, found?: GroupRow) {
    required(input, 'id', 'object', 'object_type', 'capacity');
    const g = requireGroup(input.id, found, null, true);
    const type = objectType(input.object_type);
    const objectId = await resolveObject(ctx, type, String(input.object));
    return addMember(ctx, g, type, objectId, input.capacity);
  },
});
