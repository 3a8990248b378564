import { sql } from 'kysely';
import { defineAction } from '../types.ts';
import { anyone } from '../../auth/rules.ts';
import { createdCounts, userDict } from './dict.ts';
import { containsPattern } from '../../db/like.ts';

const ORDER = ['name', 'display_name', 'fullname', 'created', 'last_active', 'number_created_packages'] as const;
type Order = (typeof ORDER)[number];

export default defineAction({
  name: 'user_list',
  tag: 'users',
  description: `Return the active users.

:param q: only users whose name or full name contains this string (sysadmins also match emails)
:param order_by: ${ORDER.join(', ')} (default display_name)
:param all_fields: return user dicts (default true) or just names
:param limit: how many at most (default all)
:param offset: where to start
:rtype: list of dictionaries or of strings`,
  sideEffectFree: true,
  input: {
    type: 'object',
    properties: {
      q: { type: 'string', maxLength: 200 },
      order_by: { type: 'string', enum: [...ORDER] },
      all_fields: { type: 'boolean' },
      limit: { type: 'integer', minimum: 0 },
      offset: { type: 'integer', minimum: 0 },
      email: { type: 'string' },
    },
  },
  auth: anyone,
  async handler(
    ctx,
    input: { q?: string; order_by?: Order; all_fields?: boolean; limit?: number; offset?: number; email?: string },
  ) {
    const sysadmin = !!ctx.user?.sysadmin;
    let q = ctx.db.selectFrom('user').selectAll('user').where('user.state', '=', 'active');
    if (input.q) {
      const like = containsPattern(input.q);
      q = q.where((eb) =>
        eb.or([
          eb('user.name', 'ilike', like),
          eb('user.fullname', 'ilike', like),
          // Matching on addresses would let anyone probe who has which email.
          ...(sysadmin ? [eb('user.email', 'ilike', like)] : []),
        ]),
      );
    }
    // CKAN's `email` filter: exact match, sysadmins only for the same reason.
    if (input.email && sysadmin) q = q.where(sql`lower("user".email)`, '=', input.email.trim().toLowerCase());
    const order = input.order_by ?? 'display_name';
    if (order === 'display_name') q = q.orderBy(sql`coalesce(nullif("user".fullname, ''), "user".name)`);
    // Ordered by public datasets only, so the order cannot hint at private ones.
    else if (order === 'number_created_packages') {
      q = q.orderBy(
        (eb) =>
          eb
            .selectFrom('package')
            .select((e) => e.fn.countAll().as('n'))
            .whereRef('package.creator_user_id', '=', 'user.id')
            .where('package.state', '=', 'active')
            .where('package.private', '=', false),
        'desc',
      );
    } else q = q.orderBy(`user.${order}`);
    q = q.orderBy('user.name');
    if (input.limit !== undefined) q = q.limit(input.limit);
    if (input.offset) q = (input.limit === undefined ? q.limit(Number.MAX_SAFE_INTEGER) : q).offset(input.offset);
    const rows = await q.execute();
    if (input.all_fields === false) return rows.map((r) => r.name);
    const counts = await createdCounts(
      ctx,
      rows.map((r) => r.id),
    );
    return rows.map((r) => userDict(ctx, r, counts.get(r.id) ?? 0));
  },
});
