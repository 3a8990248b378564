import { defineAction } from '../types.ts';
import { NotFound, ValidationError } from '../../errors.ts';
import { userByKeys, userUpdate, type UserRowT } from '../../auth/rules-user.ts';
import { emailErrors, nameErrors } from '../../packages/names.ts';
import { userActivity } from '../../activity/record.ts';
import { userDictFor } from './dict.ts';

const text = { type: ['string', 'null'], maxLength: 1000 };

export default defineAction({
  name: 'user_update',
  tag: 'users',
  description: `Update a user account. Only the keys given change.

:param id: the id or name of the user
:param name, email, fullname, about, image_url: the profile
:param sysadmin, operator, state (active | deleted), oidc_sub: sysadmins only
:rtype: the user as user_show returns it

Users may update themselves; sysadmins anyone.`,
  sideEffectFree: false,
  input: {
    type: 'object',
    properties: {
      id: { type: 'string', minLength: 1 },
      name: { type: 'string' },
      email: { type: 'string' },
      fullname: text,
      about: { type: ['string', 'null'], maxLength: 10000 },
      image_url: text,
      sysadmin: { type: 'boolean' },
      operator: { type: 'boolean' },
      state: { type: 'string', enum: ['active', 'deleted'] },
      oidc_sub: { type: ['string', 'null'], maxLength: 255 },
      password: { type: 'string' },
    },
    required: ['id'],
  },
  resolve: userByKeys('id'),
  auth: userUpdate,
  async handler(ctx, input: Record<string, any>, row?: UserRowT) {
    if (!row) throw new NotFound('User not found');
    const errors: Record<string, string[]> = {};
    const changes: Record<string, unknown> = {};
    if (input.name !== undefined && input.name !== row.name) {
      const ne = nameErrors(input.name);
      if (ne.length) errors.name = ne;
      else if (await ctx.db.selectFrom('user').select('id').where('name', '=', input.name).executeTakeFirst())
        errors.name = ['That login name is not available.'];
      else changes.name = input.name;
    }
    if (input.email !== undefined) {
      const email = String(input.email).trim();
      const ee = email === '' ? ['Missing value'] : emailErrors(email);
      if (ee.length) errors.email = ee;
      else changes.email = email;
    }
    for (const k of ['fullname', 'about', 'image_url', 'sysadmin', 'operator', 'state'] as const) {
      if (input[k] !== undefined) changes[k] = input[k];
    }
    if (input.oidc_sub !== undefined) {
      const sub = input.oidc_sub || null;
      if (
        sub &&
        (await ctx.db
          .selectFrom('user')
          .select('id')
          .where('oidc_sub', '=', sub)
          .where('id', '!=', row.id)
          .executeTakeFirst())
      ) {
        errors.oidc_sub = ['That identity is already linked to another user.'];
      } else changes.oidc_sub = sub;
    }
    if (Object.keys(errors).length) throw new ValidationError(errors);
    if (Object.keys(changes).length) {
      await ctx.db.updateTable('user').set(changes).where('id', '=', row.id).execute();
      // Cached token lookups carry the name and roles: a demoted or deleted user must lose them now.
      ctx.services.tokenCache.clear();
      ctx.afterCommit(() => ctx.services.tokenCache.clear());
      await userActivity(ctx, row.id, 'changed');
    }
    const updated = await ctx.db.selectFrom('user').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
    return userDictFor(ctx, updated);
  },
});
