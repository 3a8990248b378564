import { sql } from 'kysely';
import { defineAction } from '../../actions/types.ts';
import { anyone } from '../../auth/rules.ts';
import { siteWide } from '../../auth/permissions.ts';
import { byRef } from '../../db/ref.ts';
import { ValidationError } from '../../api/errors.ts';
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
    let q = ctx.db.selectFrom('data_request');
    // The listed flag leads the indexes (migrations/0016): everyone but operators reads published requests.
    if (!siteWide(ctx.user)) q = q.where('listed', '=', true);
    if (statuses.length === 1) q = q.where('status', '=', statuses[0]);
    else if (statuses.length) q = q.where('status', 'in', statuses);
    if (org) q = q.where('organization_id', '=', org);
    if (sphere) q = q.where('sphere_id', '=', sphere);
    let page = q.selectAll();
    for (const [col, dir] of SORTS[input.sort ?? 'votes desc']) page = page.orderBy(col as 'created', dir);
    const [rows, count] = await Promise.all([
      page
        .limit(input.limit ?? 20)
        .offset(input.offset ?? 0)
        .execute(),
      q.select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow(),
    ]);
    return { count: Number(count.n), results: await listDicts(ctx, rows) };
  },
});
