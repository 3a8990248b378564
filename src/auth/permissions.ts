// Who may do what with an organization's datasets. Capacities rank member < editor < admin; the
// site-wide operator role can create passports for any organization and keeps the dictionaries.
import type { ActionContext, AuthUser } from '../actions/types.ts';
import type { DB } from '../db/connect.ts';

export type Capacity = 'member' | 'editor' | 'admin';
const RANK: Record<string, number> = { member: 1, editor: 2, admin: 3 };

export function atLeast(capacity: string | null | undefined, needed: Capacity): boolean {
  return !!capacity && (RANK[capacity] ?? 0) >= RANK[needed];
}

/** The caller's capacity in an organization or group, or null. */
export async function capacityIn(db: DB, user: AuthUser | null, groupId: string | null): Promise<string | null> {
  if (!user || !groupId) return null;
  const row = await db
    .selectFrom('member')
    .select('capacity')
    .where('group_id', '=', groupId)
    .where('table_name', '=', 'user')
    .where('table_id', '=', user.id)
    .where('state', '=', 'active')
    .executeTakeFirst();
  return row?.capacity ?? null;
}

/** Ids of the organizations (and groups) the user belongs to, with capacities. */
export async function membershipsOf(db: DB, userId: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('member')
    .select(['group_id', 'capacity'])
    .where('table_name', '=', 'user')
    .where('table_id', '=', userId)
    .where('state', '=', 'active')
    .execute();
  return new Map(rows.map((r) => [r.group_id, r.capacity]));
}

export interface PackageVisibility {
  id: string;
  state: string;
  private: boolean;
  owner_org: string | null;
  creator_user_id: string | null;
}

// THE read rule, defined once (CKAN's DefaultPermissionLabels is the model; drafts follow CKAN's
// package_show, which asks for edit rights). A dataset carries one owner label; a caller holds labels
// per need. The imperative checks below, the SQL filter (packages/visibility.ts) and the search
// engines' filters (search/service.ts visibilityFor) are all derived from these few definitions, and
// test/auth/read-rule.test.ts checks that every surface agrees.

/** What reading a dataset needs: nothing when it is public and active; edit rights for a draft;
 * membership of its owner otherwise (private, deleted). */
export type ReadNeed = 'public' | 'read' | 'edit';

export function readNeed(pkg: Pick<PackageVisibility, 'state' | 'private'>): ReadNeed {
  if (pkg.state === 'active' && !pkg.private) return 'public';
  return pkg.state === 'draft' ? 'edit' : 'read';
}

/** The dataset's owner label: its organization, or its creator when it has none. */
export function ownerLabel(ownerOrg: string | null, creator: string | null): string {
  return ownerOrg ? `member-${ownerOrg}` : `creator-${creator ?? ''}`;
}

/** The organization capacities that satisfy each need. */
export const CAPACITIES: Record<Exclude<ReadNeed, 'public'>, readonly Capacity[]> = {
  read: ['member', 'editor', 'admin'],
  edit: ['editor', 'admin'],
};

/** Callers whose rights are site-wide (sysadmins, operators): they satisfy every need. */
export function siteWide(user: AuthUser | null): boolean {
  return !!user && (user.sysadmin || user.operator);
}

export interface UserLabels {
  read: string[];
  edit: string[];
}

/** The caller's labels for each need, from their memberships (org id -> capacity). */
export function userLabels(user: AuthUser, memberships: Map<string, string>): UserLabels {
  const mine = `creator-${user.id}`;
  const out: UserLabels = { read: [], edit: [] };
  for (const need of ['read', 'edit'] as const) {
    for (const [org, cap] of memberships)
      if ((CAPACITIES[need] as readonly string[]).includes(cap)) out[need].push(`member-${org}`);
    out[need].push(mine);
  }
  return out;
}

/** Whether labels satisfy what the dataset needs for `need` (a read, or an edit). */
function allowed(
  pkg: PackageVisibility,
  user: AuthUser | null,
  need: ReadNeed,
  labels: () => Promise<UserLabels>,
): Promise<boolean> | boolean {
  if (need === 'public') return true;
  if (!user) return false;
  if (siteWide(user)) return true;
  const label = ownerLabel(pkg.owner_org, pkg.creator_user_id);
  return labels().then((l) => l[need].includes(label));
}

/** The caller's labels, with only the membership that matters for this dataset (one query). */
function labelsFor(ctx: Pick<ActionContext, 'db' | 'user'>, pkg: PackageVisibility) {
  return async (): Promise<UserLabels> => {
    const cap = await capacityIn(ctx.db, ctx.user, pkg.owner_org);
    return userLabels(ctx.user!, new Map(cap && pkg.owner_org ? [[pkg.owner_org, cap]] : []));
  };
}

/** The read rule, imperatively: may this caller see this dataset? */
export async function canReadPackage(
  ctx: Pick<ActionContext, 'db' | 'user'>,
  pkg: PackageVisibility,
): Promise<boolean> {
  return allowed(pkg, ctx.user, readNeed(pkg), labelsFor(ctx, pkg));
}

/** Edit rights: editors and admins of its organization, the creator of an unowned dataset, site-wide roles. */
export async function canEditPackage(
  ctx: Pick<ActionContext, 'db' | 'user'>,
  pkg: PackageVisibility,
): Promise<boolean> {
  return allowed(pkg, ctx.user, 'edit', labelsFor(ctx, pkg));
}
