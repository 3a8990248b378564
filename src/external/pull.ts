// One pull of an external source: fetch (time and size limits), parse, validate against the resource's
// descriptor, and replace the data in one transaction; or, as a test, everything except the commit.
// A failed scheduled pull is kept on the source and told to the organization's authors with the first
// problems, in their inbox (and by e-mail/webhook through the scheduler).
import type { Services } from '../services.ts';
import type { Problem } from '../descriptor/index.ts';
import { catalogueRow } from '../datastore/catalogue.ts';
import { checkedDescriptor } from '../datastore/fields.ts';
import { authorsOf } from '../notifications/recipients.ts';
import { notifyInAction } from '../notifications/notify.ts';
import { stamp } from '../scheduler/queue.ts';
import { fetchLimited, FetchError } from './fetch.ts';
import { parseExternal } from './parse.ts';
import { authHeaders, intervalHours, type ExternalRow } from './source.ts';
import { DryRunDone, problemsOf, replaceRecords } from './load.ts';
import { runnerFor, siteUser } from './site-user.ts';
import { ValidationError } from '../errors.ts';

export interface PullResult {
  package_id: string;
  resource_id: string;
  status: 'ok' | 'invalid' | 'error';
  dry_run: boolean;
  fetched_bytes: number;
  records: number;
  /** What a load does: the table's rows are replaced by these records. */
  action: 'replace' | 'none';
  error_count: number;
  errors: string[];
}

const FIRST = 10;
const say = (p: Problem) => (p.index >= 0 ? `record ${p.index}: ` : '') + (p.path ? `${p.path}: ` : '') + p.message;

export async function pullSource(services: Services, row: ExternalRow, opts: { dryRun: boolean }): Promise<PullResult> {
  const base = {
    package_id: row.package_id,
    resource_id: row.resource_id,
    dry_run: opts.dryRun,
    fetched_bytes: 0,
    records: 0,
    action: 'none' as const,
  };
  const fail = (status: 'invalid' | 'error', problems: Problem[]): PullResult => ({
    ...base,
    status,
    error_count: problems.length,
    errors: problems.slice(0, FIRST).map(say),
  });
  let bytes: Uint8Array;
  try {
    bytes = (
      await fetchLimited(row.url, {
        timeoutMs: row.timeout_ms,
        maxBytes: Number(row.max_bytes),
        headers: authHeaders(services.config, row),
      })
    ).bytes;
  } catch (e) {
    if (e instanceof FetchError || e instanceof ValidationError)
      return fail('error', [{ index: -1, path: '', message: e.message }]);
    throw e;
  }
  base.fetched_bytes = bytes.byteLength;
  const stored = (await catalogueRow(services.db, row.resource_id))?.descriptor ?? undefined;
  const parsed = await parseExternal(bytes, row.format, stored, row.records_path);
  if (parsed.problems.length) return fail('invalid', parsed.problems);
  let descriptor = stored;
  try {
    descriptor ??= parsed.meta
      ? checkedDescriptor(parsed.meta, services.config.languages, services.config.requiredLanguages)
      : undefined;
  } catch (e) {
    return fail('invalid', problemsOf(e) ?? [{ index: -1, path: 'meta', message: (e as Error).message }]);
  }
  if (!descriptor)
    return fail('invalid', [
      {
        index: -1,
        path: '',
        message: 'the resource has no descriptor to check the records against (descriptor_update)',
      },
    ]);
  const runner = await runnerFor(services);
  try {
    const n = await runner.transaction(await siteUser(services), (ctx) =>
      replaceRecords(ctx, { resourceId: row.resource_id, packageId: row.package_id }, descriptor, parsed.records, opts),
    );
    return { ...base, status: 'ok', records: n, action: 'replace', error_count: 0, errors: [] };
  } catch (e) {
    if (e instanceof DryRunDone)
      return { ...base, status: 'ok', records: parsed.records.length, action: 'replace', error_count: 0, errors: [] };
    const problems = problemsOf(e);
    if (problems) return fail('invalid', problems);
    throw e;
  }
}

/** A scheduled pull: run it, keep its outcome on the source, tell the authors of a failure. */
export async function scheduledPull(services: Services, packageId: string): Promise<PullResult | null> {
  const row = await services.db
    .selectFrom('external_source')
    .selectAll()
    .where('package_id', '=', packageId)
    .executeTakeFirst();
  const pkg = await services.db
    .selectFrom('package')
    .select([
      'id',
      'name',
      'title',
      'title_translated',
      'passport_code',
      'owner_org',
      'update_frequency',
      'state',
      'provision',
    ])
    .where('id', '=', packageId)
    .executeTakeFirst();
  if (!row || !pkg || pkg.state === 'deleted' || pkg.provision !== 'external') return null;
  const result = await pullSource(services, row, { dryRun: false });
  const now = services.clock.now();
  const runner = await runnerFor(services);
  await runner.transaction(await siteUser(services), async (ctx) => {
    await ctx.db
      .updateTable('external_source')
      .set({
        last_run_at: stamp(now),
        last_status: result.status,
        last_errors: JSON.stringify(result.errors),
        last_records: result.status === 'ok' ? result.records : null,
        next_run_at: stamp(new Date(now.getTime() + intervalHours(row, pkg.update_frequency) * 3600000)),
      })
      .where('package_id', '=', packageId)
      .execute();
    if (result.status === 'ok') return;
    const userIds = await authorsOf(ctx.db, pkg.owner_org);
    await notifyInAction(ctx, [
      {
        kind: 'external_pull_failed',
        userIds,
        dataset: pkg,
        params: { count: result.error_count, message: result.errors.join('\n') },
        dedupeKey: `external_pull_failed:${packageId}:${stamp(now)}`,
        data: { status: result.status, errors: result.errors },
      },
    ]);
  });
  return result;
}
