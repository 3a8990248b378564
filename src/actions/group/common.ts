// Shared by the organization and group (sphere) actions: lookup, the group dict (what *_show returns),
// lists, memberships and the first datasets of a group. A helper module: no default export.
import { sql, type Selectable } from 'kysely';
import type { ActionContext } from '../types.ts';
import type { GroupTable, MemberTable } from '../../db/schema.ts';
import { NotFound, ValidationError } from '../../errors.ts';
import { byRef } from '../../db/ref.ts';
import { capacityIn } from '../../auth/permissions.ts';
import { visiblePackages } from '../../packages/visibility.ts';
import { loadPackages } from '../../packages/dictize.ts';
import { createdCounts, userDict } from '../user/dict.ts';

export type GroupRow = Selectable<GroupTable>;
export type MemberRow = Selectable<MemberTable>;
export type Kind = 'organization' | 'group';
export type Dict = Record<string, unknown>;

export const isOrg = (kind: Kind) => kind === 'organization';

/** Finds an organization or group by id or name, in any state; the other kind counts as absent. */
export async function findGroup(
  ctx: Pick<ActionContext, 'db'>,
  ref: string,
  kind: Kind | null,
): Promise<GroupRow | undefined> {
  const row = await byRef(ctx.db, 'group', ref);
  if (!row || (kind && row.is_organization !== isOrg(kind))) return undefined;
  return row;
}

/** The group the action resolved from `id` (ActionDef.resolve: the one its rule checked): a missing id
 * is a 409; unknown, the wrong kind, or (when `activeOnly`) deleted is CKAN's 404. */
export function requireGroup(
  ref: unknown,
  resolved: GroupRow | undefined,
  kind: Kind | null,
  activeOnly = false,
): GroupRow {
  if (typeof ref !== 'string' || !ref) throw new ValidationError({ id: ['Missing value'] });
  if (!resolved || (kind && resolved.is_organization !== isOrg(kind)) || (activeOnly && resolved.state !== 'active'))
    throw new NotFound('Group was not found.');
  return resolved;
}

function imageDisplayUrl(ctx: Pick<ActionContext, 'config'>, url: string | null): string {
  if (!url) return '';
  // Uploaded images are stored by file name, as CKAN does; links are kept as given.
  return /^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('/') ? url : `${ctx.config.siteUrl}/uploads/group/${url}`;
}

/** The keys every group dict has (lists with all_fields, show, organization_list_for_user). */
export function baseDict(ctx: Pick<ActionContext, 'config'>, g: GroupRow): Dict {
  const d: Dict = {
    id: g.id,
    name: g.name,
    title: g.title ?? '',
    display_name: g.title || g.name,
    description: g.description ?? '',
    image_url: g.image_url ?? '',
    image_display_url: imageDisplayUrl(ctx, g.image_url),
    created: g.created,
    type: g.type,
    state: g.state,
    is_organization: g.is_organization,
    approval_status: g.approval_status,
    title_translated: g.title_translated,
    description_translated: g.description_translated,
  };
  if (g.is_organization)
    Object.assign(d, {
      code: g.code,
      structure: g.structure_code,
      email: g.email,
      phone: g.phone,
      website: g.website,
      active: g.active,
      external_id: g.external_id ?? null,
    });
  else Object.assign(d, { icon_url: g.icon_url, eu_theme: g.eu_theme });
  return d;
}

export function extrasOf(g: GroupRow) {
  return [...g.extras]
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((e) => ({ key: e.key, value: e.value, state: 'active' }));
}

/** Public, active datasets of each group: the count CKAN's lists show. */
export function publicCount(organization: boolean) {
  return organization
    ? sql<number>`(select count(*) from package p where p.owner_org = "group".id and p.state = 'active' and not p.private)`
    : sql<number>`(select count(*) from member m join package p on p.id = m.table_id where m.group_id = "group".id and m.table_name = 'package' and m.state = 'active' and p.state = 'active' and not p.private)`;
}

function datasetsQuery(ctx: Pick<ActionContext, 'db'>, g: GroupRow) {
  const q = ctx.db.selectFrom('package');
  return g.is_organization
    ? q.where('package.owner_org', '=', g.id)
    : q.where(
        'package.id',
        'in',
        ctx.db
          .selectFrom('member')
          .select('table_id')
          .where('group_id', '=', g.id)
          .where('table_name', '=', 'package')
          .where('state', '=', 'active'),
      );
}

/** Whether the caller sees the group's private datasets (CKAN: 'read' permission on the group). */
export async function readsPrivate(ctx: Pick<ActionContext, 'db' | 'user'>, g: GroupRow): Promise<boolean> {
  const u = ctx.user;
  if (!u) return false;
  return u.sysadmin || u.operator || (await capacityIn(ctx.db, u, g.id)) !== null;
}

export async function visibleCount(
  ctx: Pick<ActionContext, 'db' | 'user'>,
  g: GroupRow,
  includePrivate: boolean,
): Promise<number> {
  const row = await visiblePackages(ctx, datasetsQuery(ctx, g), { includePrivate })
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The first 10 datasets of a group, as package_search returns them. Reads the tables (the same
 * visibility rule, the same dicts) while the search module is not running. */
export async function firstDatasets(ctx: ActionContext, g: GroupRow, includePrivate: boolean): Promise<unknown[]> {
  if (ctx.services.extensions.search) {
    const fq = g.is_organization ? `owner_org:"${g.id}"` : `groups:"${g.name}"`;
    const r = await ctx.call<{ results: unknown[] }>('package_search', {
      fq,
      rows: 10,
      include_private: includePrivate,
    });
    return r.results;
  }
  const rows = await visiblePackages(ctx, datasetsQuery(ctx, g), { includePrivate })
    .select('package.id')
    .orderBy('package.metadata_modified', 'desc')
    .limit(10)
    .execute();
  const dicts = await loadPackages(
    ctx.db,
    rows.map((r) => r.id),
    ctx.config,
  );
  return rows.map((r) => dicts.get(r.id)).filter(Boolean);
}

/** Active user members of the given groups, as user dicts with their capacity, by name. */
export async function usersOf(
  ctx: Pick<ActionContext, 'db' | 'user'>,
  groupIds: string[],
): Promise<Map<string, Dict[]>> {
  const out = new Map<string, Dict[]>();
  if (!groupIds.length) return out;
  const rows = await ctx.db
    .selectFrom('member')
    .innerJoin('user', 'user.id', 'member.table_id')
    .select([
      'member.group_id',
      'member.capacity',
      'user.id',
      'user.name',
      'user.fullname',
      'user.email',
      'user.about',
      'user.image_url',
      'user.sysadmin',
      'user.operator',
      'user.state',
      'user.created',
      'user.last_active',
    ])
    .where('member.group_id', 'in', groupIds)
    .where('member.table_name', '=', 'user')
    .where('member.state', '=', 'active')
    .where('user.state', '=', 'active')
    .orderBy('user.name')
    .execute();
  const counts = await createdCounts(ctx, [...new Set(rows.map((r) => r.id))]);
  for (const r of rows) {
    const { group_id, capacity, ...user } = r;
    const list = out.get(group_id) ?? [];
    list.push({ ...userDict(ctx, user, counts.get(user.id) ?? 0), capacity });
    out.set(group_id, list);
  }
  return out;
}

export interface ShowOptions {
  include_datasets?: boolean;
  include_dataset_count?: boolean;
  include_extras?: boolean;
  include_users?: boolean;
  include_groups?: boolean;
  include_tags?: boolean;
  include_followers?: boolean;
}

/** The *_show dict. */
export async function groupDict(ctx: ActionContext, g: GroupRow, o: ShowOptions = {}): Promise<Dict> {
  const d = baseDict(ctx, g);
  const priv = await readsPrivate(ctx, g);
  if (o.include_dataset_count !== false) d.package_count = await visibleCount(ctx, g, priv);
  if (o.include_followers !== false) d.num_followers = 0;
  if (o.include_extras !== false) d.extras = extrasOf(g);
  if (o.include_users !== false) d.users = (await usersOf(ctx, [g.id])).get(g.id) ?? [];
  // Pasport has no group hierarchy nor group tags; the keys stay for clients that expect them.
  if (o.include_groups !== false) d.groups = [];
  if (o.include_tags !== false) d.tags = [];
  if (o.include_datasets) d.packages = await firstDatasets(ctx, g, priv);
  return d;
}

export async function showById(ctx: ActionContext, id: string, o?: ShowOptions): Promise<Dict> {
  const g = await ctx.db.selectFrom('group').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return groupDict(ctx, g, o);
}

/** The member dict member_create returns. */
export function memberDict(m: MemberRow) {
  return {
    id: m.id,
    table_name: m.table_name,
    table_id: m.table_id,
    group_id: m.group_id,
    capacity: m.capacity,
    state: m.state,
  };
}

export const USER_CAPACITIES = ['admin', 'editor', 'member'];
