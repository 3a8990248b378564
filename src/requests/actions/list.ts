import { sql, type SqlBool } from 'kysely';
import { defineAction } from '../../actions/types.ts';
import { anyone } from '../../auth/rules.ts';
import { siteWide } from '../../auth/permissions.ts';
import { byRef } from '../../db/ref.ts';
import { ValidationError } from '../../errors.ts';
import { listDicts } from '../store.ts';
import { REQUEST_STATUSES } from '../texts.ts';

const SORTS: Record<string, [string, 'asc' | 'desc'][]> = {
  'votes desc': [
    ['votes', 'desc'],
    ['created', 'desc'],
    ['id', 'desc'],
  ],
  'created desc': [
    ['created', 'desc'],
    ['id', 'desc'],
  ],
  'created asc': [
    ['created', 'asc'],
    ['id', 'asc'],
  ],
};

export default defineAction({
  name: 'request_list',
  tag: 'requests',
  description: `Dataset requests, a page at a time (anyone; operators also see those not yet published for voting).

:param status: only these statuses (one or a list of ${REQUEST_STATUSES.join(', ')})
:param organization: only requests for this organization (id or name)
:param sphere: only requests in this sphere (id or name)
:param sort: "votes desc" (default), "created desc" or "created asc"
:param limit: page size, 1-100 (default 20)
:param offset: how many to skip (default 0)
:rtype: {count, results: [request without history or personal data]}`,
  sideEffectFree: true,
  input: {
    type: 'object',
    properties: {
      status: { type: ['string', 'array'], items: { type: 'string', enum: [...REQUEST_STATUSES] } },
      organization: { type: 'string' },
      sphere: { type: 'string' },
      sort: { type: 'string', enum: Object.keys(SORTS) },
      limit: { type: 'integer', minimum: 1, maximum: 100 },
      offset: { type: 'integer', minimum: 0, maximum: 1000000 },
    },
  },
  auth: anyone,
  async handler(
    ctx,
    input: {
      status?: string | string[];
      organization?: string;
      sphere?: string;
      sort?: string;
      limit?: number;
      offset?: number;
    },
  ) {
    const statuses = input.status === undefined ? [] : Array.isArray(input.status) ? input.status : [input.status];
    if (statuses.some((s) => !(REQUEST_STATUSES as readonly string[]).includes(s)))
      throw ValidationError.field('status', `Value must be one of: ${REQUEST_STATUSES.join(', ')}`);
    const group = async (ref: string | undefined, field: string) => {
      if (!ref) return undefined;
      const g = await byRef(ctx.db, 'group', ref);
      if (!g) throw ValidationError.field(field, 'Not found');
      return g.id;
    };
    const [org, sphere] = [await group(input.organization, 'organization'), await group(input.sphere, 'sphere')];
    // The same filters select the page from data_request and the total from data_request_count
    // (migrations/0023), which has the filtered columns and a count per combination of them.
    const conds = [];
    // The listed flag leads the indexes (migrations/0016): everyone but operators reads published requests.
    if (!siteWide(ctx.user)) conds.push(sql`listed`);
    if (statuses.length === 1) conds.push(sql`status = ${statuses[0]}`);
    else if (statuses.length) conds.push(sql`status = ANY(${sql.val(statuses)}::text[])`);
    if (org) conds.push(sql`organization_id = ${org}`);
    if (sphere) conds.push(sql`sphere_id = ${sphere}`);
    const where = sql<SqlBool>`${conds.length ? sql.join(conds, sql` AND `) : sql`true`}`;
    let page = ctx.db.selectFrom('data_request').where(where).selectAll();
    for (const [col, dir] of SORTS[input.sort ?? 'votes desc']) page = page.orderBy(col as 'created', dir);
    const [rows, count] = await Promise.all([
      page
        .limit(input.limit ?? 20)
        .offset(input.offset ?? 0)
        .execute(),
      ctx.db
        .selectFrom('data_request_count')
        .where(where)
        .select(sql<string>`coalesce(sum(n), 0)`.as('n'))
        .executeTakeFirstOrThrow(),
    ]);
    return { count: Number(count.n), results: await listDicts(ctx, rows) };
  },
});
