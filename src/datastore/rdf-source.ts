// DataStore records as linked data: every record of a dataset whose resource has a descriptor becomes
// `{dataset}/record/{pkey}`, its fields properties in the dataset's own namespace, and `datapath`
// references IRIs of the referenced dataset's records. They go to the SPARQL store in the graph
// `{dataset}/records`, with the same visibility as the dataset, through the same outbox as its metadata.
import { sql } from 'kysely';
import type { Quad } from '@rdfjs/types';
import type { Services } from '../services.ts';
import type { PackageDict } from '../packages/dictize.ts';
import type { DatasetGraphSource } from '../sparql/sync.ts';
import { columnsFor, fieldSchemaQuads, fromPgValue, recordQuads, type Descriptor } from '../descriptor/index.ts';
import { makeUris } from '../rdf/uris.ts';
import { toNTriples } from '../rdf/serialize.ts';
import { table } from './store.ts';

const BATCH = 2000;

/** Every apiUri a descriptor's datapath fields point at, nested fields included. */
function referencedApiUris(fields: Record<string, any>, out = new Set<string>()): Set<string> {
  for (const f of Object.values(fields ?? {})) {
    if (typeof f?.datapath === 'string') out.add(f.datapath.slice(0, f.datapath.lastIndexOf('.')));
    if (f?.fields) referencedApiUris(f.fields, out);
  }
  return out;
}

export const recordsGraphSource: DatasetGraphSource = {
  async extraGraphIris(services: Services, pkg: Pick<PackageDict, 'id'>) {
    return [`${makeUris(services.config.siteUrl).dataset(pkg.id)}/records`];
  },

  async extraGraphs(services: Services, pkg: PackageDict) {
    const db = services.db;
    const tables = await db
      .selectFrom('datastore_resource')
      .innerJoin('resource', 'resource.id', 'datastore_resource.resource_id')
      .select(['datastore_resource.resource_id', 'datastore_resource.descriptor'])
      .where('datastore_resource.package_id', '=', pkg.id)
      .where('datastore_resource.active', '=', true)
      .where('resource.state', '=', 'active')
      .execute();
    const withDescriptor = tables.filter((t) => t.descriptor && typeof t.descriptor === 'object');
    if (!withDescriptor.length) return [];
    const uris = makeUris(services.config.siteUrl);
    const datasetIri = uris.dataset(pkg.id);

    // datapath targets resolved up front: the mapping's resolver is synchronous.
    const targets = new Map<string, string>();
    for (const t of withDescriptor) {
      for (const apiUri of referencedApiUris((t.descriptor as Record<string, any>).fields)) {
        const row = await db
          .selectFrom('datastore_resource')
          .select('package_id')
          .where('api_uri', '=', apiUri)
          .where('active', '=', true)
          .executeTakeFirst();
        if (row) targets.set(apiUri, uris.dataset(row.package_id));
      }
    }
    const quads: Quad[] = [];
    for (const t of withDescriptor) {
      const descriptor = t.descriptor as unknown as Descriptor;
      quads.push(...fieldSchemaQuads(descriptor, datasetIri));
      const columns = columnsFor(descriptor);
      const cols = sql.join([sql.id('_id'), ...columns.map((c) => sql.id(c.name))], sql`, `);
      for (let last = 0; ; ) {
        const r = await sql<
          Record<string, unknown>
        >`SELECT ${cols} FROM ${table(t.resource_id)} WHERE _id > ${last} ORDER BY _id LIMIT ${BATCH}`.execute(db);
        for (const row of r.rows) {
          const record: Record<string, unknown> = {};
          for (const c of columns) {
            const v = fromPgValue(c, row[c.name]);
            if (v !== null && v !== undefined) record[c.name] = v;
          }
          quads.push(...recordQuads(record as never, descriptor, datasetIri, (apiUri) => targets.get(apiUri)));
        }
        if (r.rows.length < BATCH) break;
        last = Number(r.rows[r.rows.length - 1]._id);
      }
    }
    return [{ graph: `${datasetIri}/records`, data: toNTriples(quads) }];
  },
};
