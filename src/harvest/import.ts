// The import stage: each gathered dataset is created, updated or left alone (same content hash), and
// datasets that vanished from the source are deleted with a reason, all through the action layer as the
// site user, so search, the outbox, activities and DCAT see ordinary writes. A dataset that fails is an
// errored object and the run goes on. Datasets are written a few at a time: each write is its own
// transaction, so one bad record never undoes another.
import crypto from 'node:crypto';
import type { ActionRunner } from '../actions/runner.ts';
import type { AuthUser } from '../actions/types.ts';
import { ActionError } from '../errors.ts';
import { contentHash, type CurrentObject, type NewObject } from './objects.ts';
import type { Gathered, RemoteDataset, SourceRow } from './types.ts';

export interface ImportStats {
  added: number;
  updated: number;
  unchanged: number;
  deleted: number;
  errored: number;
}

export interface ImportContext {
  runner: ActionRunner;
  user: AuthUser;
  source: SourceRow;
  dryRun: boolean;
  /** Called before each write: throws when the job ran out of time. */
  check(): Promise<void>;
  progress(done: number, total: number): void;
  save(objects: NewObject[]): Promise<void>;
}

const PARALLEL = 4;
// Writes share a transaction in batches: per-transaction work (commit, search documents and facet
// counts, outbox) was most of a lone package_create's cost (bench/harvest.ts).
const BATCH = 50;

function message(e: unknown): string {
  if (e instanceof ActionError)
    return `${e.message}: ${JSON.stringify((e as { envelope(): unknown }).envelope())}`.slice(0, 2000);
  return e instanceof Error ? e.message : String(e);
}

function harvestInput(c: ImportContext, d: RemoteDataset, objectId: string): Record<string, unknown> {
  const extras = [...((d.pkg.extras as { key: string; value: string }[] | undefined) ?? [])];
  extras.push(
    { key: 'harvest_object_id', value: objectId },
    { key: 'harvest_source_id', value: c.source.id },
    { key: 'harvest_source_title', value: c.source.title ?? c.source.name },
    { key: 'guid', value: d.guid },
  );
  if (d.uri) extras.push({ key: 'uri', value: d.uri });
  return { ...d.pkg, owner_org: c.source.owner_org, extras };
}

async function writeOne(
  c: ImportContext,
  d: RemoteDataset,
  cur: CurrentObject | undefined,
  hash: string,
): Promise<NewObject> {
  const id = crypto.randomUUID();
  const base = { id, guid: d.guid, content_hash: hash, remote_modified: d.modified, content: d.content, errors: [] };
  const input = harvestInput(c, d, id);
  const existing = cur?.package_id && cur.package_state && cur.package_state !== 'deleted' ? cur.package_id : null;
  try {
    if (existing) {
      if (!c.dryRun) await c.runner.run('package_update', { ...input, id: existing }, { user: c.user });
      return { ...base, package_id: existing, report_status: 'updated' };
    }
    if (c.dryRun) return { ...base, package_id: null, report_status: 'added' };
    const created = await createWithFallback(c, input, hash);
    return { ...base, package_id: created, report_status: 'added' };
  } catch (e) {
    return {
      ...base,
      content_hash: null,
      package_id: existing,
      report_status: 'errored',
      errors: [{ message: message(e) }],
    };
  }
}

/** The batch in one transaction through ctx.call; null when any write failed (all rolled back). */
async function writeBatch(
  c: ImportContext,
  slice: [RemoteDataset, CurrentObject | undefined, string][],
): Promise<NewObject[] | null> {
  try {
    return await c.runner.transaction(c.user, async (ctx) => {
      const out: NewObject[] = [];
      for (const [d, cur, hash] of slice) {
        const id = crypto.randomUUID();
        const input = harvestInput(c, d, id);
        const existing =
          cur?.package_id && cur.package_state && cur.package_state !== 'deleted' ? cur.package_id : null;
        const base = {
          id,
          guid: d.guid,
          content_hash: hash,
          remote_modified: d.modified,
          content: d.content,
          errors: [],
        };
        // Only ids are needed back: the batch's dicts are loaded once, before its commit.
        if (existing) {
          await ctx.call('package_update', { ...input, id: existing }, { returnIdOnly: true });
          out.push({ ...base, package_id: existing, report_status: 'updated' });
        } else {
          const created = await ctx.call<string>('package_create', input, { returnIdOnly: true });
          out.push({ ...base, package_id: created, report_status: 'added' });
        }
      }
      return out;
    });
  } catch {
    return null;
  }
}

/** The source's id and name when free here; else a fresh id and the name with a short suffix. */
async function createWithFallback(c: ImportContext, input: Record<string, unknown>, hash: string): Promise<string> {
  try {
    return (await c.runner.result<{ id: string }>('package_create', input, { user: c.user })).id;
  } catch (e) {
    const fields = (e as { fields?: Record<string, unknown> }).fields;
    if (!fields || !(fields.name || fields.id)) throw e;
    const retry = {
      ...input,
      ...(fields.id ? { id: undefined } : {}),
      ...(fields.name ? { name: `${String(input.name).slice(0, 90)}-${hash.slice(0, 6)}` } : {}),
    };
    return (await c.runner.result<{ id: string }>('package_create', retry, { user: c.user })).id;
  }
}

export async function importAll(
  c: ImportContext,
  g: Gathered,
  current: Map<string, CurrentObject>,
): Promise<ImportStats> {
  const stats: ImportStats = { added: 0, updated: 0, unchanged: 0, deleted: 0, errored: g.errors.length };
  const errored: NewObject[] = g.errors.map((e) => ({
    id: crypto.randomUUID(),
    guid: e.guid,
    package_id: null,
    content_hash: null,
    remote_modified: null,
    report_status: 'errored',
    errors: [{ message: e.message }],
    content: e.content,
  }));
  if (!c.dryRun) await c.save(errored);
  const todo: [RemoteDataset, CurrentObject | undefined, string][] = [];
  for (const d of g.datasets) {
    const cur = current.get(d.guid);
    const hash = contentHash({ pkg: d.pkg, uri: d.uri, org: c.source.owner_org });
    if (cur && cur.content_hash === hash && cur.package_state && cur.package_state !== 'deleted') stats.unchanged++;
    else todo.push([d, cur, hash]);
  }
  const gone = g.allGuids
    ? [...current.values()].filter(
        (o) => !g.allGuids!.has(o.guid) && o.package_id && o.package_state && o.package_state !== 'deleted',
      )
    : [];
  const total = todo.length + gone.length;
  let done = 0;
  for (let i = 0; i < todo.length; i += BATCH) {
    await c.check();
    const slice = todo.slice(i, i + BATCH);
    let out = c.dryRun ? null : await writeBatch(c, slice);
    if (!out) {
      // One failed: write them one by one, so only the bad ones are errored.
      out = [];
      for (let j = 0; j < slice.length; j += PARALLEL) {
        out.push(
          ...(await Promise.all(slice.slice(j, j + PARALLEL).map(([d, cur, hash]) => writeOne(c, d, cur, hash)))),
        );
      }
    }
    for (const o of out)
      stats[o.report_status === 'errored' ? 'errored' : o.report_status === 'added' ? 'added' : 'updated']++;
    if (!c.dryRun) await c.save(out);
    c.progress((done += slice.length), total);
  }
  const reason = `Deleted at the harvest source "${c.source.title ?? c.source.name}" (${c.source.url})`;
  const deleted: NewObject[] = [];
  for (const o of gone) {
    await c.check();
    const obj: NewObject = {
      id: crypto.randomUUID(),
      guid: o.guid,
      package_id: o.package_id,
      content_hash: null,
      remote_modified: null,
      report_status: 'deleted',
      errors: [],
      content: null,
    };
    try {
      if (!c.dryRun) await c.runner.run('package_delete', { id: o.package_id, reason }, { user: c.user });
      stats.deleted++;
    } catch (e) {
      obj.report_status = 'errored';
      obj.errors = [{ message: message(e) }];
      stats.errored++;
    }
    deleted.push(obj);
    c.progress(++done, total);
  }
  if (!c.dryRun) await c.save(deleted);
  return stats;
}
