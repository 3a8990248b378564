import { defineAction } from '../types.ts';
import { groupById } from '../../auth/rules.ts';
import { organizationMemberChange } from '../../auth/rules-group.ts';
import { requireGroup, type GroupRow } from './common.ts';
import { addMember, required, resolveObject } from './members.ts';

export default defineAction({
  name: 'organization_member_create',
  tag: 'organizations',
  description: `Make a user a member of an organization, or change their role: the org's admins or an operator.

:param id: id or name of the organization
:param username: name or id of the user
:param role: \`admin\`, \`editor\` or \`member\`
:rtype: {id, table_name, table_id, group_id, capacity, state}

An admin cannot demote themselves.`,
  sideEffectFree: false,
  input: {
    type: 'object',
    properties: { id: { type: 'string' }, username: { type: 'string' }, role: { type: 'string' } },
  },
  resolve: groupById,
  auth: organizationMemberChange,
  async handler(ctx, input: Record<string, unknown>, found?: GroupRow) {
    required(input, 'id', 'username', 'role');
    const g = requireGroup(input.id, found, 'organization', true);
    const userId = await resolveObject(ctx, 'user', String(input.username));
    return addMember(ctx, g, 'user', userId, input.role, 'role');
  },
});
