// Who receives which notice. Authors are the organization's members who may edit its datasets
// (editors and admins); escalations go to its admins and to the portal's operators. Only active
// accounts receive anything.
import type { DB } from '../db/connect.ts';

/** Active members of each organization with one of the capacities, by organization id. */
export async function membersByOrg(db: DB, orgIds: string[], capacities: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!orgIds.length) return out;
  const rows = await db
    .selectFrom('member')
    .innerJoin('user', 'user.id', 'member.table_id')
    .select(['member.group_id', 'user.id'])
    .where('member.table_name', '=', 'user')
    .where('member.state', '=', 'active')
    .where('member.capacity', 'in', capacities)
    .where('user.state', '=', 'active')
    .where('member.group_id', 'in', [...new Set(orgIds)])
    .orderBy('user.name')
    .execute();
  for (const r of rows) {
    const list = out.get(r.group_id) ?? [];
    list.push(r.id);
    out.set(r.group_id, list);
  }
  return out;
}

export async function authorsOf(db: DB, orgId: string | null): Promise<string[]> {
  if (!orgId) return [];
  return (await membersByOrg(db, [orgId], ['editor', 'admin'])).get(orgId) ?? [];
}

export async function operators(db: DB): Promise<string[]> {
  const rows = await db
    .selectFrom('user')
    .select('id')
    .where('operator', '=', true)
    .where('state', '=', 'active')
    .orderBy('name')
    .execute();
  return rows.map((r) => r.id);
}
