// Loading a pulled document: the whole data replaces the resource's table in one transaction (the
// provider's answer is the complete current data). Every record is checked against the descriptor
// first; a single bad record, or a key PostgreSQL refuses, rolls everything back. The data update is
// recorded with source "external", which is what satisfies the passport's deadlines.
import { sql } from 'kysely';
import type { ActionContext } from '../actions/types.ts';
import { ValidationError } from '../errors.ts';
import type { Descriptor, Problem } from '../descriptor/index.ts';
import { tableForDescriptor } from '../datastore/load.ts';
import { prepareRecords, recordsError } from '../datastore/records.ts';
import { tidyAfterLoad, table, writeRecords } from '../datastore/store.ts';
import { recordDataUpdate } from '../packages/data-updates.ts';
import { recordChange } from '../outbox.ts';
import { nowIso } from '../packages/time.ts';

/** Thrown to roll a test run back after it has done everything a real load would. */
export class DryRunDone extends Error {}

export function problemsOf(e: unknown): Problem[] | null {
  if (!(e instanceof ValidationError)) return null;
  const list = (e.fields as Record<string, unknown>).records_errors;
  if (Array.isArray(list)) return list as Problem[];
  return Object.entries(e.fields).flatMap(([k, v]) =>
    (Array.isArray(v) ? v : [v]).map((m) => ({ index: -1, path: k, message: String(m) })),
  );
}

export async function replaceRecords(
  ctx: ActionContext,
  target: { resourceId: string; packageId: string },
  descriptor: Descriptor,
  records: unknown[],
  opts: { dryRun: boolean },
): Promise<number> {
  const t = await tableForDescriptor(ctx, target.resourceId, target.packageId, descriptor);
  const rows = await prepareRecords(ctx.db, t, records);
  await sql`DELETE FROM ${table(t.resource_id)}`.execute(ctx.db);
  const method = t.primary_key.length ? 'upsert' : 'insert';
  const problems = await writeRecords(ctx.db, t, rows, method).catch(
    (e: { code?: string; message: string; detail?: string }) => {
      if (e.code && /^(22|23)/.test(e.code))
        throw new ValidationError({ records: [e.detail ? `${e.message}: ${e.detail}` : e.message] });
      throw e;
    },
  );
  if (problems.length) throw recordsError(problems);
  if (opts.dryRun) throw new DryRunDone();
  const now = nowIso();
  await ctx.db
    .updateTable('resource')
    .set({ datastore_active: true, last_modified: now, metadata_modified: now })
    .where('id', '=', t.resource_id)
    .execute();
  await recordDataUpdate(ctx, {
    packageId: t.package_id,
    resourceId: t.resource_id,
    source: 'external',
    note: `${rows.length} records pulled`,
  });
  await recordChange(ctx, 'datastore', t.resource_id);
  ctx.afterCommit(() => tidyAfterLoad(ctx.services.db, t.resource_id));
  return rows.length;
}
