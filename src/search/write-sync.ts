// Read-your-writes search. A write's search documents are current when the write returns:
//
// - PostgreSQL and PGlite: the documents are rows of the same database, so they are written inside
//   the write's own transaction, just before its commit, and commit with it (facet-count triggers
//   included). Its outbox entries carry `search_indexed`, so the indexer skips them. Should the index
//   write fail (a broken search_doc table), a savepoint undoes only it: the write still commits, its
//   entries go back to the indexer, and status_show reports the fallback.
// - Meilisearch: after the commit the write waits for the indexer to have its entries in the engine
//   (the engine's task done), up to MEILI_WRITE_WAIT_MS; a timeout or a failing engine returns the
//   write anyway, counted in status_show, and the indexer catches up from the outbox.
//
// Either way the count/facet cache of this process is dropped before the response.
import { sql } from 'kysely';
import type { ActionContext } from '../actions/types.ts';
import type { Services } from '../services.ts';
import { unmarkSearchIndexed, type ChangeListener, type WriteBatch } from '../outbox.ts';
import { currentDicts } from '../packages/dict-memo.ts';
import { toSearchDoc } from './document.ts';
import { affectedPackages } from './affected.ts';
import type { Indexer } from './indexer.ts';
import type { SearchEngine } from './engine.ts';
import { PostgresEngine } from './engines/postgres.ts';
import type { WaitOutcome } from './write-waits.ts';

/**
 * A write touching more datasets than this (an organization rename re-maps every dataset it owns)
 * leaves them to the indexer: holding their rows in one transaction would stall other writers.
 * Measured here: about 1,000 datasets re-indexed per second in one transaction.
 */
export const MAX_IN_TRANSACTION = 1000;

type Log = { warn(o: object, m?: string): void };

export interface WriteSyncStatus {
  mode: 'transaction' | 'wait' | 'indexer';
  /** transaction mode: writes whose documents went to the indexer instead (too many, or the index write failed). */
  deferred?: number;
  last_deferred_error?: string | null;
  /** wait mode: the setting, and how the waits ended. */
  wait_ms?: number;
  waits?: Record<WaitOutcome, number>;
  last_timeout?: string | null;
}

export class SearchWriteSync implements ChangeListener {
  readonly name = 'search';
  readonly indexesSearch: boolean;
  private deferred = 0;
  private lastDeferredError: string | null = null;
  private readonly outcomes: Record<WaitOutcome, number> = { applied: 0, failed: 0, timeout: 0 };
  private lastTimeout: string | null = null;
  private readonly mode: WriteSyncStatus['mode'];

  constructor(
    private readonly services: Services,
    private readonly engine: SearchEngine,
    private readonly indexer: Indexer,
    private readonly log?: Log,
  ) {
    const pg = engine instanceof PostgresEngine;
    this.mode = pg ? (services.config.searchSync ? 'transaction' : 'indexer') : 'wait';
    this.indexesSearch = this.mode === 'transaction';
  }

  async beforeCommit(ctx: ActionContext, batch: WriteBatch): Promise<void> {
    if (!batch.searchIndexed || !(this.engine instanceof PostgresEngine)) return;
    const ids = await affectedPackages(ctx.db, batch.changes);
    if (ids.length > MAX_IN_TRANSACTION)
      return this.defer(ctx, batch, `${ids.length} datasets touched, more than ${MAX_IN_TRANSACTION}`);
    await sql`SAVEPOINT search_sync`.execute(ctx.db);
    try {
      // The write's own dicts, when it left them (packages/dict-memo.ts), the rest loaded at once and left
      // for the write's activities: loaded once, not twice.
      const dicts = await currentDicts(ctx, ids);
      // In id order (affectedPackages sorts): concurrent writers lock the documents' rows in one order.
      const docs = ids.flatMap((id) => (dicts.has(id) ? [toSearchDoc(dicts.get(id)!)] : []));
      await this.engine.writeIn(
        ctx.db,
        docs,
        ids.filter((id) => !dicts.has(id)),
      );
      await sql`RELEASE SAVEPOINT search_sync`.execute(ctx.db);
    } catch (err) {
      await sql`ROLLBACK TO SAVEPOINT search_sync`.execute(ctx.db);
      await this.defer(ctx, batch, (err as Error).message ?? String(err));
    }
  }

  private async defer(ctx: ActionContext, batch: WriteBatch, why: string): Promise<void> {
    this.deferred++;
    this.lastDeferredError = why;
    this.log?.warn({ err: why, changes: batch.changes.length }, 'search documents left to the indexer');
    await unmarkSearchIndexed(ctx.db, batch);
  }

  async afterCommit(_services: Services, batch: WriteBatch): Promise<void> {
    if (this.engine instanceof PostgresEngine) {
      // After the commit, never before: a search started in between would cache the old count anew.
      this.engine.counts.invalidate();
      return;
    }
    const waitMs = this.services.config.meiliWriteWaitMs;
    if (waitMs <= 0 || !batch.changes.length) return;
    const outcome = await this.indexer.waitFor(
      batch.changes.map((c) => c.id),
      waitMs,
    );
    this.outcomes[outcome]++;
    if (outcome === 'timeout') this.lastTimeout = this.services.clock.now().toISOString();
  }

  status(): WriteSyncStatus {
    if (this.mode === 'transaction')
      return { mode: this.mode, deferred: this.deferred, last_deferred_error: this.lastDeferredError };
    if (this.mode === 'wait')
      return {
        mode: this.mode,
        wait_ms: this.services.config.meiliWriteWaitMs,
        waits: { ...this.outcomes },
        last_timeout: this.lastTimeout,
      };
    return { mode: this.mode };
  }
}
