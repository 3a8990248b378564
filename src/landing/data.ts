// What the landing page shows about the catalogue: public counts, and real names for example requests
// (so every example answers with data). Only public, active records are read.
import type { DB } from '../db/connect.ts';

export interface LandingData {
  counts: { datasets: number; organizations: number; spheres: number; datastore: number };
  dataset: { name: string; title: Record<string, string> } | null;
  datastoreResource: string | null;
}

export async function landingData(db: DB): Promise<LandingData> {
  const [datasets, groups, datastore, latest, table] = await Promise.all([
    db
      .selectFrom('package')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('state', '=', 'active')
      .where('private', '=', false)
      .where('type', '=', 'dataset')
      .executeTakeFirst(),
    db
      .selectFrom('group')
      .select(['is_organization', (eb) => eb.fn.countAll<number>().as('n')])
      .where('state', '=', 'active')
      .groupBy('is_organization')
      .execute(),
    publicTables(db)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst(),
    db
      .selectFrom('package')
      .select(['name', 'title_translated'])
      .where('state', '=', 'active')
      .where('private', '=', false)
      .where('type', '=', 'dataset')
      .orderBy('metadata_modified', 'desc')
      .limit(1)
      .executeTakeFirst(),
    publicTables(db)
      .select('datastore_resource.resource_id')
      .orderBy('datastore_resource.modified', 'desc')
      .limit(1)
      .executeTakeFirst(),
  ]);
  const groupCount = (org: boolean) => Number(groups.find((g) => g.is_organization === org)?.n ?? 0);
  return {
    counts: {
      datasets: Number(datasets?.n ?? 0),
      organizations: groupCount(true),
      spheres: groupCount(false),
      datastore: Number(datastore?.n ?? 0),
    },
    dataset: latest ? { name: latest.name, title: latest.title_translated ?? {} } : null,
    datastoreResource: table?.resource_id ?? null,
  };
}

function publicTables(db: DB) {
  return db
    .selectFrom('datastore_resource')
    .innerJoin('resource', 'resource.id', 'datastore_resource.resource_id')
    .innerJoin('package', 'package.id', 'datastore_resource.package_id')
    .where('datastore_resource.active', '=', true)
    .where('resource.state', '=', 'active')
    .where('package.state', '=', 'active')
    .where('package.private', '=', false);
}
