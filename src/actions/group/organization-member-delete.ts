import { defineAction } from '../types.ts';
import { groupById } from '../../auth/rules.ts';
import { organizationMemberChange } from '../../auth/rules-group.ts';
import { requireGroup, type GroupRow } from './common.ts';
import { removeMember, resolveObject } from './members.ts';
import { ValidationError } from '../../errors.ts';

export default defineAction({
  name: 'organization_member_delete',
  tag: 'organizations',
  description: `Remove a user from an organization: the org's admins or an operator.

:param id: id or name of the organization
:param username: name or id of the user (or \`user_id\`)
:rtype: null

An admin cannot remove themselves.`,
  sideEffectFree: false,
  input: {
    type: 'object',
    properties: { id: { type: 'string' }, username: { type: 'string' }, user_id: { type: 'string' } },
  },
  resolve: groupById,
  auth: organizationMemberChange,
  async handler(ctx, input, found?: GroupRow) {
    const ref = input.username || input.user_id;
    if (!input.id || !ref)
      throw new ValidationError({
        ...(input.id ? {} : { id: ['Missing value'] }),
        ...(ref ? {} : { username: ['Missing value'] }),
      });
    const g = requireGroup(input.id, found, 'organization', true);
    const userId = await resolveObject(ctx, 'user', ref);
    return removeMember(ctx, g, 'user', userId);
  },
});
