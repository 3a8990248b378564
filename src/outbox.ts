// Every write records what it changed in the outbox, in the same transaction; consumers (search
// index, SPARQL store) drain it in order and advance their cursor only after applying an entry.
//
// Some consumers must not lag the write they follow (read-your-writes search, a dataset made private
// leaving the public SPARQL store): they register a ChangeListener, which sees the write's changes
// once inside its transaction (before the commit) and once after the commit, before the response.
// The outbox stays the record every consumer can replay from.
import { sql } from 'kysely';
import type { ActionContext } from './actions/types.ts';
import type { DB } from './db/connect.ts';
import type { Services } from './services.ts';
import { naiveUtc } from './packages/time.ts';
import { forgetDicts } from './packages/dict-memo.ts';

export type Topic = 'package' | 'organization' | 'group' | 'structure' | 'resource' | 'datastore';

export interface Change {
  id: number;
  topic: Topic;
  entity_id: string;
  op: 'upsert' | 'delete';
}

/** The changes of one write (one action's transaction, nested calls included). */
export interface WriteBatch {
  changes: Change[];
  /** True while the outbox rows of this batch carry `search_indexed` (see src/search/write-sync.ts). */
  searchIndexed: boolean;
  /** Changes recorded and not yet in the outbox table (written all at once before the commit); null once
   * written: a change recorded after that goes in at once. */
  pending: Omit<Change, 'id'>[] | null;
}

export interface ChangeListener {
  readonly name: string;
  /** True when this listener writes the search index inside the transaction: outbox rows are marked so. */
  readonly indexesSearch?: boolean;
  /** Inside the write's transaction, after its handler. A throw fails the write. */
  beforeCommit?(ctx: ActionContext, batch: WriteBatch): Promise<void>;
  /** After the commit, before the response. Must not throw: the write is already durable. */
  afterCommit?(services: Services, batch: WriteBatch): Promise<void>;
}

const listeners = new WeakMap<Services, ChangeListener[]>();
const batches = new WeakMap<ActionContext, WriteBatch>();

/** Adds a listener for this service's writes; returns its removal. */
export function registerChangeListener(services: Services, l: ChangeListener): () => void {
  const list = listeners.get(services) ?? [];
  list.push(l);
  listeners.set(services, list);
  return () => {
    const i = list.indexOf(l);
    if (i >= 0) list.splice(i, 1);
  };
}

function batchOf(ctx: ActionContext): WriteBatch {
  let batch = batches.get(ctx);
  if (batch) return batch;
  const ls = listeners.get(ctx.services) ?? [];
  // Marking needs a hook inside the transaction; without one (a context built outside the runner) the
  // indexer does the work as before.
  batch = {
    changes: [],
    searchIndexed: !!ctx.beforeCommit && ls.some((l) => l.indexesSearch),
    pending: ctx.beforeCommit ? [] : null,
  };
  batches.set(ctx, batch);
  const b = batch;
  ctx.beforeCommit?.(async () => {
    await writePending(ctx.db, b);
    for (const l of ls) await l.beforeCommit?.(ctx, b);
  });
  ctx.afterCommit(async () => {
    const s = ctx.services;
    for (const c of b.changes) {
      if (c.topic === 'package') s.packageCache.invalidate(c.entity_id);
      // Organizations, groups and structures are embedded in package dicts; resource and DataStore
      // writes also record their dataset, which invalidates it.
      else if (c.topic === 'organization' || c.topic === 'group' || c.topic === 'structure') s.packageCache.clear();
    }
    for (const c of b.changes) s.events.emit('outbox', c.topic, c.entity_id);
    for (const l of ls) await l.afterCommit?.(s, b);
  });
  return batch;
}

export async function recordChange(
  ctx: ActionContext,
  topic: Topic,
  entityId: string,
  op: 'upsert' | 'delete' = 'upsert',
): Promise<void> {
  forgetDicts(ctx);
  const batch = batchOf(ctx);
  if (batch.pending) {
    batch.pending.push({ topic, entity_id: entityId, op });
    return;
  }
  const row = await ctx.db
    .insertInto('outbox')
    .values({ topic, entity_id: entityId, op, search_indexed: batch.searchIndexed })
    .returning('id')
    .executeTakeFirstOrThrow();
  batch.changes.push({ id: Number(row.id), topic, entity_id: entityId, op });
}

/**
 * Writes a transaction's recorded changes to the outbox in one statement, in the order recorded, just
 * before the listeners and the commit: a harvest batch of 50 datasets, or a quality run of 1,000 scores,
 * made one round trip per change (bench/harvest.ts, bench/quality.ts). Ids are still taken inside the
 * transaction, so consumers' gap handling is unchanged.
 */
async function writePending(db: DB, batch: WriteBatch): Promise<void> {
  const todo = batch.pending ?? [];
  batch.pending = null;
  // 4 parameters a row: a statement stays far below PostgreSQL's 65,535 (an organization rename
  // records every dataset it owns).
  for (let i = 0; i < todo.length; i += 5000) {
    const part = todo.slice(i, i + 5000);
    const rows = await db
      .insertInto('outbox')
      .values(part.map((c) => ({ ...c, search_indexed: batch.searchIndexed })))
      .returning('id')
      .execute();
    // The sequence numbers the VALUES rows in their order; sorting the returned ids pairs them back.
    const ids = rows.map((r) => Number(r.id)).sort((a, b) => a - b);
    part.forEach((c, j) => batch.changes.push({ ...c, id: ids[j] }));
  }
}

/** Hands a batch's entries back to the indexer (the in-transaction index write was skipped or undone). */
export async function unmarkSearchIndexed(db: DB, batch: WriteBatch): Promise<void> {
  batch.searchIndexed = false;
  if (!batch.changes.length) return;
  await db
    .updateTable('outbox')
    .set({ search_indexed: false })
    .where(
      'id',
      'in',
      batch.changes.map((c) => c.id),
    )
    .execute();
}

export interface OutboxEntry {
  id: number;
  topic: string;
  entity_id: string;
  op: string;
  created: string;
  search_indexed?: boolean;
}

/**
 * The entries a consumer may apply now, from the one after `from`: they stop at a gap (an older
 * transaction that has not committed yet: ids are taken at insert, commits land in any order) until
 * the gap is `gapWaitMs` old, after which it is taken for a rollback. A consumer that read past a gap
 * would never see the entry that fills it.
 */
export function contiguousEntries<E extends { id: number | string; created: string }>(
  from: number,
  entries: E[],
  gapWaitMs: number,
  now = Date.now(),
): E[] {
  const out: E[] = [];
  let expected = from + 1;
  for (const e of entries) {
    const id = Number(e.id);
    if (id !== expected && now - Date.parse(`${e.created}Z`) < gapWaitMs) break;
    out.push(e);
    expected = id + 1;
  }
  return out;
}

export async function readOutbox(db: DB, consumer: string, limit: number): Promise<OutboxEntry[]> {
  const cursor = await db
    .selectFrom('outbox_cursor')
    .select('last_id')
    .where('consumer', '=', consumer)
    .executeTakeFirst();
  return db
    .selectFrom('outbox')
    .selectAll()
    .where('id', '>', cursor?.last_id ?? 0)
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function advanceCursor(db: DB, consumer: string, lastId: number): Promise<void> {
  await db
    .insertInto('outbox_cursor')
    .values({ consumer, last_id: lastId, failures: 0, last_error: null })
    .onConflict((oc) =>
      oc
        .column('consumer')
        .doUpdateSet({ last_id: lastId, failures: 0, last_error: null, updated: naiveUtc(new Date()) }),
    )
    .execute();
}

export async function recordFailure(db: DB, consumer: string, error: string): Promise<void> {
  await db
    .insertInto('outbox_cursor')
    .values({ consumer, last_id: 0, failures: 1, last_error: error })
    .onConflict((oc) =>
      oc
        .column('consumer')
        .doUpdateSet((eb) => ({ failures: eb('outbox_cursor.failures', '+', 1), last_error: error })),
    )
    .execute();
}

/** How far a consumer is behind: entries not yet applied, and the age of the oldest. */
export interface OutboxLag {
  pending: number;
  oldest: string | null;
  last_error: string | null;
}

/**
 * How far each consumer is behind, in one statement: status_show and /metrics ask for every consumer
 * at once, and two queries per consumer one after the other made status_show's p99 under load
 * six round trips long.
 */
export async function outboxLags(db: DB, consumers: Iterable<string>): Promise<Map<string, OutboxLag>> {
  const names = [...consumers];
  const out = new Map<string, OutboxLag>();
  if (!names.length) return out;
  const { rows } = await sql<{ consumer: string; last_error: string | null; n: string | number; oldest: unknown }>`
    SELECT k.consumer, c.last_error,
           (SELECT count(*) FROM outbox o WHERE o.id > coalesce(c.last_id, 0)) AS n,
           (SELECT min(o.created) FROM outbox o WHERE o.id > coalesce(c.last_id, 0)) AS oldest
    FROM unnest(${names}::text[]) AS k(consumer)
    LEFT JOIN outbox_cursor c ON c.consumer = k.consumer`.execute(db);
  for (const r of rows)
    out.set(r.consumer, {
      pending: Number(r.n ?? 0),
      oldest: (r.oldest as string | null) ?? null,
      last_error: r.last_error ?? null,
    });
  return out;
}
