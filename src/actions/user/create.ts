import crypto from 'node:crypto';
import { defineAction } from '../types.ts';
import { ValidationError } from '../../errors.ts';
import { userCreate } from '../../auth/rules-user.ts';
import { emailErrors, nameErrors } from '../../packages/names.ts';
import { userActivity } from '../../activity/record.ts';
import { userDictFor } from './dict.ts';

const text = { type: ['string', 'null'], maxLength: 1000 };

export default defineAction({
  name: 'user_create',
  tag: 'users',
  description: `Create a user account. Operators and sysadmins only: people normally sign in through the
national identity service (OpenID Connect), which creates their account on first sign-in.

:param name: the login name: 2-100 lowercase ascii letters, digits, - and _
:param email: the user's email address
:param fullname, about, image_url: optional profile
:param sysadmin, operator: roles (sysadmins only)
:param oidc_sub: the subject identifier at the identity provider, to link the account in advance (sysadmins only)
:rtype: the new user as user_show returns it

Passwords are not accepted: Pasport has no password sign-in.`,
  sideEffectFree: false,
  input: {
    type: 'object',
    properties: {
      name: { type: 'string' },
      email: { type: 'string' },
      fullname: text,
      about: { type: ['string', 'null'], maxLength: 10000 },
      image_url: text,
      sysadmin: { type: 'boolean' },
      operator: { type: 'boolean' },
      oidc_sub: { type: 'string', minLength: 1, maxLength: 255 },
      password: { type: 'string' },
    },
    required: ['name', 'email'],
  },
  auth: userCreate,
  async handler(
    ctx,
    input: {
      name: string;
      email: string;
      fullname?: string | null;
      about?: string | null;
      image_url?: string | null;
      sysadmin?: boolean;
      operator?: boolean;
      oidc_sub?: string;
    },
  ) {
    const errors: Record<string, string[]> = {};
    const ne = nameErrors(input.name);
    if (ne.length) errors.name = ne;
    const ee = input.email.trim() === '' ? ['Missing value'] : emailErrors(input.email.trim());
    if (ee.length) errors.email = ee;
    if (
      !errors.name &&
      (await ctx.db.selectFrom('user').select('id').where('name', '=', input.name).executeTakeFirst())
    ) {
      errors.name = ['That login name is not available.'];
    }
    if (
      input.oidc_sub &&
      (await ctx.db.selectFrom('user').select('id').where('oidc_sub', '=', input.oidc_sub).executeTakeFirst())
    ) {
      errors.oidc_sub = ['That identity is already linked to another user.'];
    }
    if (Object.keys(errors).length) throw new ValidationError(errors);
    const id = crypto.randomUUID();
    // A concurrent create of the same name or identity must be a 409, not a failed transaction.
    const inserted = await ctx.db
      .insertInto('user')
      .values({
        id,
        name: input.name,
        email: input.email.trim(),
        fullname: input.fullname ?? null,
        about: input.about ?? null,
        image_url: input.image_url ?? null,
        oidc_sub: input.oidc_sub ?? null,
        sysadmin: !!input.sysadmin,
        operator: !!input.operator,
      })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) throw new ValidationError({ name: ['That login name is not available.'] });
    await userActivity(ctx, id, 'new');
    const row = await ctx.db.selectFrom('user').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    // The creator typed the address; showing it back leaks nothing.
    return { ...(await userDictFor(ctx, row)), email: row.email };
  },
});
