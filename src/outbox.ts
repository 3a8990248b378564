// Every write records what it changed in the outbox, in the same transaction; consumers (search
// index, SPARQL store) drain it in order and advance their cursor only after applying an entry.
import type { ActionContext } from './actions/types.ts';
import type { DB } from './db/connect.ts';

export type Topic = 'package' | 'organization' | 'group' | 'structure' | 'resource' | 'datastore';

export async function recordChange(ctx: ActionContext, topic: Topic, entityId: string, op: 'upsert' | 'delete' = 'upsert'): Promise<void> {
  await ctx.db.insertInto('outbox').values({ topic, entity_id: entityId, op }).execute();
  ctx.afterCommit(() => {
    if (topic === 'package') ctx.services.packageCache.invalidate(entityId);
    // Organizations, groups and structures are embedded in package dicts; resource and DataStore
    // writes also record their dataset, which invalidates it.
    else if (topic === 'organization' || topic === 'group' || topic === 'structure') ctx.services.packageCache.clear();
    ctx.services.events.emit('outbox', topic, entityId);
  });
}

export interface OutboxEntry { id: number; topic: string; entity_id: string; op: string; created: string }

export async function readOutbox(db: DB, consumer: string, limit: number): Promise<OutboxEntry[]> {
  const cursor = await db.selectFrom('outbox_cursor').select('last_id').where('consumer', '=', consumer).executeTakeFirst();
  return db.selectFrom('outbox').selectAll().where('id', '>', cursor?.last_id ?? 0).orderBy('id').limit(limit).execute();
}

export async function advanceCursor(db: DB, consumer: string, lastId: number): Promise<void> {
  await db.insertInto('outbox_cursor').values({ consumer, last_id: lastId, failures: 0, last_error: null })
    .onConflict((oc) => oc.column('consumer').doUpdateSet({ last_id: lastId, failures: 0, last_error: null, updated: new Date().toISOString().replace('Z', '') }))
    .execute();
}

export async function recordFailure(db: DB, consumer: string, error: string): Promise<void> {
  await db.insertInto('outbox_cursor').values({ consumer, last_id: 0, failures: 1, last_error: error })
    .onConflict((oc) => oc.column('consumer').doUpdateSet((eb) => ({ failures: eb('outbox_cursor.failures', '+', 1), last_error: error })))
    .execute();
}

/** How far a consumer is behind: entries not yet applied, and the age of the oldest. */
export async function outboxLag(db: DB, consumer: string): Promise<{ pending: number; oldest: string | null; last_error: string | null }> {
  const cursor = await db.selectFrom('outbox_cursor').select(['last_id', 'last_error']).where('consumer', '=', consumer).executeTakeFirst();
  const row = await db.selectFrom('outbox').select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('created').as('oldest')])
    .where('id', '>', cursor?.last_id ?? 0).executeTakeFirst();
  return { pending: Number(row?.n ?? 0), oldest: (row?.oldest as string | null) ?? null, last_error: cursor?.last_error ?? null };
}
