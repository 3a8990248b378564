// What a sign-in changes besides the profile: the national id (stored as an HMAC, never returned), the
// roles the provider manages, and the memberships it manages. Memberships are found through
// organizations' external_id; each one a sign-in makes is marked with the provider (member.synced_from),
// so the next sign-in can change its capacity or remove it, while memberships made by hand stay as they are.
import crypto from 'node:crypto';
import type { DB } from '../db/connect.ts';
import type { MappedPerson } from './claims.ts';

export function nationalIdHash(key: string | null, nationalId: string): string {
  // A keyed hash: a 14-digit PINFL has too few values for a plain hash to hide it.
  return crypto
    .createHmac('sha256', key ?? 'pasport-national-id')
    .update(nationalId.replace(/\s+/g, ''))
    .digest('hex');
}

export interface SyncReport {
  added: string[];
  changed: string[];
  removed: string[];
  unknown: string[];
}

export async function applyPerson(
  db: DB,
  userId: string,
  person: MappedPerson,
  provider: string,
  nationalIdKey: string | null,
): Promise<SyncReport> {
  const changes: { operator?: boolean; sysadmin?: boolean; national_id_hash?: string } = { ...person.roles };
  if (person.nationalId) changes.national_id_hash = nationalIdHash(nationalIdKey, person.nationalId);
  if (Object.keys(changes).length) await db.updateTable('user').set(changes).where('id', '=', userId).execute();
  const report: SyncReport = { added: [], changed: [], removed: [], unknown: [] };
  if (!person.organizations) return report;

  const ids = person.organizations.map((o) => o.externalId);
  const orgs = ids.length
    ? await db
        .selectFrom('group')
        .select(['id', 'name', 'external_id'])
        .where('is_organization', '=', true)
        .where('state', '=', 'active')
        .where('external_id', 'in', ids)
        .execute()
    : [];
  const byExternal = new Map(orgs.map((o) => [o.external_id!, o]));
  const wanted = new Map<string, { name: string; capacity: string }>();
  for (const o of person.organizations) {
    const org = byExternal.get(o.externalId);
    if (org) wanted.set(org.id, { name: org.name, capacity: o.capacity });
    else report.unknown.push(o.externalId);
  }
  const current = await db
    .selectFrom('member')
    .innerJoin('group', 'group.id', 'member.group_id')
    .select(['member.id', 'member.group_id', 'member.capacity', 'member.state', 'member.synced_from', 'group.name'])
    .where('member.table_name', '=', 'user')
    .where('member.table_id', '=', userId)
    .where('group.is_organization', '=', true)
    .execute();
  for (const m of current) {
    const want = wanted.get(m.group_id);
    const mine = m.synced_from === provider;
    if (want) {
      wanted.delete(m.group_id);
      // A membership an administrator made by hand is theirs to change: the sign-in leaves it be.
      if (m.state === 'active' && !mine) continue;
      if (m.state !== 'active' || m.capacity !== want.capacity) {
        await db
          .updateTable('member')
          .set({ capacity: want.capacity, state: 'active', synced_from: provider })
          .where('id', '=', m.id)
          .execute();
        (m.state === 'active' ? report.changed : report.added).push(m.name);
      }
    } else if (mine && m.state === 'active') {
      await db.updateTable('member').set({ state: 'deleted' }).where('id', '=', m.id).execute();
      report.removed.push(m.name);
    }
  }
  for (const [groupId, want] of wanted) {
    await db
      .insertInto('member')
      .values({
        id: crypto.randomUUID(),
        group_id: groupId,
        table_name: 'user',
        table_id: userId,
        capacity: want.capacity,
        state: 'active',
        synced_from: provider,
      })
      .execute();
    report.added.push(want.name);
  }
  return report;
}
