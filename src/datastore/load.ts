// The write path every DataStore action shares: define (or redefine) a resource's table, load a batch
// (all-or-nothing: ctx.db is the action's transaction), and record what changed: datastore_active on the
// resource, last_data_update on the dataset (it drives next_update_due / overdue_days), outbox entries
// ('datastore' for the resource, 'package' for the dataset) for the search index and the SPARQL store.
import { sql } from 'kysely';
import type { ActionContext } from '../actions/types.ts';
import { ValidationError } from '../errors.ts';
import { recordChange } from '../outbox.ts';
import { nowIso } from '../packages/time.ts';
import { recordDataUpdate } from '../packages/data-updates.ts';
import type { Descriptor } from '../descriptor/index.ts';
import { catalogueRow, saveCatalogue, type TableInfo } from './catalogue.ts';
import { descriptorKey, fieldsFromDescriptor } from './fields.ts';
import { prepareRecords, recordsError } from './records.ts';
import { alterTable, createTable, tidyAfterLoad, writeRecords, type Method } from './store.ts';
import type { FieldSpec } from './types.ts';
import { datastoreLoads, datastoreRows } from '../metrics/registry.ts';

export interface TableDefinition {
  fields: FieldSpec[];
  primaryKey: string[];
  indexes: string[];
  descriptor: Descriptor | null;
}

/** Creates the table or brings it to the definition (new columns, changed key); saves the catalogue. */
export async function defineTable(
  ctx: ActionContext,
  resourceId: string,
  packageId: string,
  def: TableDefinition,
): Promise<TableInfo> {
  const existing = await catalogueRow(ctx.db, resourceId, true);
  const apiUri = def.descriptor?.apiUri ?? null;
  if (apiUri) {
    const other = await ctx.db
      .selectFrom('datastore_resource')
      .select('resource_id')
      .where('api_uri', '=', apiUri)
      .where('resource_id', '!=', resourceId)
      .executeTakeFirst();
    if (other)
      throw ValidationError.field(
        'descriptor',
        `apiUri "${apiUri}" already identifies the data of resource ${other.resource_id}`,
      );
  }
  for (const k of def.primaryKey)
    if (!def.fields.some((f) => f.id === k)) throw ValidationError.field('primary_key', `field "${k}" not in table`);
  let fields = def.fields;
  if (existing?.active) {
    // Columns are never dropped by a redefinition (CKAN needs delete_fields for that): keep the others.
    fields = [...def.fields, ...existing.fields.filter((f) => !def.fields.some((n) => n.id === f.id))];
    await alterTable(ctx.db, existing, def.fields, def.primaryKey, def.indexes);
  } else {
    await createTable(ctx.db, resourceId, fields, def.primaryKey, def.indexes);
  }
  const info: TableInfo = {
    resource_id: resourceId,
    package_id: packageId,
    active: true,
    fields,
    primary_key: def.primaryKey,
    indexes: [...new Set([...(existing?.active ? existing.indexes : []), ...def.indexes])],
    descriptor: def.descriptor,
    api_uri: apiUri,
  };
  await saveCatalogue(ctx.db, info);
  return info;
}

/** Attaches a descriptor; when the resource already has a table, its columns follow the descriptor. */
export async function attachDescriptor(
  ctx: ActionContext,
  resourceId: string,
  packageId: string,
  descriptor: Descriptor,
): Promise<TableInfo> {
  const existing = await catalogueRow(ctx.db, resourceId, true);
  if (existing?.active) {
    return defineTable(ctx, resourceId, packageId, {
      fields: fieldsFromDescriptor(descriptor),
      primaryKey: descriptorKey(descriptor),
      indexes: existing.indexes,
      descriptor,
    });
  }
  const other = await ctx.db
    .selectFrom('datastore_resource')
    .select('resource_id')
    .where('api_uri', '=', descriptor.apiUri)
    .where('resource_id', '!=', resourceId)
    .executeTakeFirst();
  if (other)
    throw ValidationError.field(
      'descriptor',
      `apiUri "${descriptor.apiUri}" already identifies the data of resource ${other.resource_id}`,
    );
  const info: TableInfo = {
    resource_id: resourceId,
    package_id: packageId,
    active: false,
    fields: [],
    primary_key: [],
    indexes: [],
    descriptor,
    api_uri: descriptor.apiUri,
  };
  await saveCatalogue(ctx.db, info);
  await recordChange(ctx, 'datastore', resourceId);
  return info;
}

/** The table for a descriptor-bound load: created from the descriptor on first use. */
export async function tableForDescriptor(
  ctx: ActionContext,
  resourceId: string,
  packageId: string,
  descriptor: Descriptor,
): Promise<TableInfo> {
  const existing = await catalogueRow(ctx.db, resourceId, true);
  if (existing?.active && JSON.stringify(existing.descriptor) === JSON.stringify(descriptor)) return existing;
  return defineTable(ctx, resourceId, packageId, {
    fields: fieldsFromDescriptor(descriptor),
    primaryKey: descriptorKey(descriptor),
    indexes: existing?.active ? existing.indexes : [],
    descriptor,
  });
}

/**
 * Checks and writes a batch. Nothing is written unless every record is valid; with dry_run the writes run
 * (so key checks are real) inside a savepoint that is rolled back.
 */
export async function loadRecords(
  ctx: ActionContext,
  t: TableInfo,
  records: unknown[],
  method: Method,
  opts: { dryRun?: boolean } = {},
): Promise<Record<string, unknown>[]> {
  const rows = await prepareRecords(ctx.db, t, records).catch((e) => {
    datastoreLoads.inc({ method, result: 'invalid' });
    throw e;
  });
  if (opts.dryRun) await sql`SAVEPOINT datastore_dry_run`.execute(ctx.db);
  const problems = await writeRecords(ctx.db, t, rows, method).catch(
    (e: { code?: string; message: string; detail?: string }) => {
      // What the per-record checks cannot see (a value PostgreSQL still refuses) fails the whole batch.
      if (e.code && /^(22|23)/.test(e.code))
        throw new ValidationError({ records: [e.detail ? `${e.message}: ${e.detail}` : e.message] });
      throw e;
    },
  );
  if (opts.dryRun) await sql`ROLLBACK TO SAVEPOINT datastore_dry_run`.execute(ctx.db);
  if (problems.length) {
    datastoreLoads.inc({ method, result: 'invalid' });
    throw recordsError(problems);
  }
  if (!opts.dryRun && records.length) {
    await markLoaded(ctx, t);
    ctx.afterCommit(() => {
      datastoreLoads.inc({ method, result: 'ok' });
      datastoreRows.inc(rows.length);
    });
  }
  return rows;
}

/**
 * The resource shows datastore_active; the dataset's last_data_update moves; the outbox hears of both.
 * A stream of batches (automatic provision) moves them at most once a second: each such update locks
 * the dataset row until commit, which would otherwise serialise parallel batches.
 */
export async function markLoaded(ctx: ActionContext, t: Pick<TableInfo, 'resource_id' | 'package_id'>): Promise<void> {
  const now = nowIso();
  const stale = sql<boolean>`(now() at time zone 'utc') - interval '1 second'`;
  await ctx.db
    .updateTable('resource')
    .set({ datastore_active: true, last_modified: now, metadata_modified: now })
    .where('id', '=', t.resource_id)
    .where((eb) =>
      eb.or([
        eb('datastore_active', '=', false),
        eb('last_modified', 'is', null),
        eb('last_modified', '<', stale as never),
      ]),
    )
    .execute();
  await recordDataUpdate(ctx, {
    packageId: t.package_id,
    resourceId: t.resource_id,
    source: 'datastore',
    throttleMs: 1000,
  });
  await recordChange(ctx, 'datastore', t.resource_id);
  ctx.afterCommit(() => tidyAfterLoad(ctx.services.db, t.resource_id));
}

/** datastore_active follows the table (create without records, delete). */
export async function markActive(
  ctx: ActionContext,
  t: Pick<TableInfo, 'resource_id' | 'package_id'>,
  active: boolean,
): Promise<void> {
  const now = nowIso();
  await ctx.db
    .updateTable('resource')
    .set({ datastore_active: active, metadata_modified: now })
    .where('id', '=', t.resource_id)
    .execute();
  await ctx.db.updateTable('package').set({ metadata_modified: now }).where('id', '=', t.package_id).execute();
  await recordChange(ctx, 'datastore', t.resource_id, active ? 'upsert' : 'delete');
  await recordChange(ctx, 'package', t.package_id);
}
