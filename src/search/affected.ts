// The datasets a set of outbox changes touches, whatever their topic: a dataset itself, the datasets
// of an organization or group (embedded in each dict), of a resource or DataStore table, or of the
// organizations of a structure. Shared by the indexer and the in-transaction index write.
import type { DB } from '../db/connect.ts';

export interface ChangeRef {
  topic: string;
  entity_id: string;
}

const isUuid = (s: string) => /^[0-9a-f-]{36}$/i.test(s);

export async function affectedPackages(db: DB, changes: ChangeRef[]): Promise<string[]> {
  const ids = new Set<string>();
  const groups = new Set<string>();
  const resources = new Set<string>();
  const structures = new Set<string>();
  for (const e of changes) {
    if (e.topic === 'package') ids.add(e.entity_id);
    else if (e.topic === 'organization' || e.topic === 'group') groups.add(e.entity_id);
    else if (e.topic === 'resource' || e.topic === 'datastore') resources.add(e.entity_id);
    else if (e.topic === 'structure') structures.add(e.entity_id);
  }
  const groupIds = [...groups].filter(isUuid);
  if (groupIds.length) {
    const [owned, members] = await Promise.all([
      db.selectFrom('package').select('id').where('owner_org', 'in', groupIds).execute(),
      db
        .selectFrom('member')
        .select('table_id')
        .where('table_name', '=', 'package')
        .where('group_id', 'in', groupIds)
        .execute(),
    ]);
    owned.forEach((r) => ids.add(r.id));
    members.forEach((r) => ids.add(r.table_id));
  }
  const resIds = [...resources].filter(isUuid);
  if (resIds.length)
    (await db.selectFrom('resource').select('package_id').where('id', 'in', resIds).execute()).forEach((r) =>
      ids.add(r.package_id),
    );
  const structIds = [...structures].filter(isUuid);
  if (structIds.length) {
    const rows = await db
      .selectFrom('package')
      .innerJoin('group', 'group.id', 'package.owner_org')
      .innerJoin('structure', 'structure.code', 'group.structure_code')
      .select('package.id')
      .where('structure.id', 'in', structIds)
      .execute();
    rows.forEach((r) => ids.add(r.id));
  }
  // Sorted: concurrent writers then lock the documents' rows in one order.
  return [...ids].filter(isUuid).sort();
}
