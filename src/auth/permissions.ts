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

/** CKAN's read rule: active public datasets for everyone; otherwise org members (any capacity),
 * the creator of an unowned dataset, operators and sysadmins. */
export async function canReadPackage(ctx: Pick<ActionContext, 'db' | 'user'>, pkg: PackageVisibility): Promise<boolean> {
  if (pkg.state === 'active' && !pkg.private) return true;
  const user = ctx.user;
  if (!user) return false;
  if (user.sysadmin || user.operator) return true;
  if (!pkg.owner_org) return pkg.creator_user_id === user.id;
  return (await capacityIn(ctx.db, user, pkg.owner_org)) !== null;
}

export async function canEditPackage(ctx: Pick<ActionContext, 'db' | 'user'>, pkg: PackageVisibility): Promise<boolean> {
  const user = ctx.user;
  if (!user) return false;
  if (user.sysadmin || user.operator) return true;
  if (!pkg.owner_org) return pkg.creator_user_id === user.id;
  return atLeast(await capacityIn(ctx.db, user, pkg.owner_org), 'editor');
}
