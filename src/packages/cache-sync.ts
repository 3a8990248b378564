// Keeps this instance's read caches (package_show, package_list, search pages) honest when other
// instances write to the same PostgreSQL. A write of this instance invalidates them before it returns
// (src/outbox.ts); a write of another instance is seen through the outbox table:
//
// - 'request' (default): before a cache is consulted, the outbox is read for entries this instance has
//   not seen, by a query that STARTS after the request arrived. Another instance's write that returned
//   before the request arrived has committed, so its entries are in that read and are applied (the
//   cache entries dropped) before the lookup: no stale answer after another instance's write returns.
//   Concurrent requests share one read (at most two round trips of waiting, one query per batch), so
//   the check costs one indexed query per batch of requests, not per request.
// - 'poll': the outbox is read once a second (a single instance, or stale-by-a-second is acceptable).
//
// Outbox ids come from a sequence and commit out of order: an id below the highest seen may commit
// later. Ids skipped over are kept as "gaps" and read again until they appear or GAP_MS has passed
// (an id whose transaction rolled back never appears).
// On the embedded database only this process writes, so there is nothing to follow.
import { CompiledQuery } from 'kysely';
import type { PasportModule } from '../modules/types.ts';
import type { DB } from '../db/connect.ts';
import { executePrepared } from '../db/prepared.ts';
import type { Services } from '../services.ts';

const INTERVAL_MS = 1000;
const BATCH = 5000;
const READ = `SELECT id, topic, entity_id FROM outbox WHERE id > $1 OR id = ANY($2::bigint[]) ORDER BY id LIMIT ${BATCH}`;
const GAP_MS = 60_000;
const MAX_GAPS = 10_000;
/** At start, entries this far back are read again: writes in flight then may commit below max(id). */
const START_BACK = 1000;

export class OutboxFollower {
  private last = 0;
  private gaps = new Map<number, number>();
  private pending: Promise<void> | null = null;
  private queued: Promise<void> | null = null;

  constructor(
    private readonly db: DB,
    private readonly services: Services,
    private readonly now: () => number = Date.now,
  ) {}

  async init(): Promise<void> {
    const m = await this.db
      .selectFrom('outbox')
      .select((eb) => eb.fn.max('id').as('m'))
      .executeTakeFirst();
    this.last = Math.max(0, Number(m?.m ?? 0) - START_BACK);
  }

  /** Resolves once a read of the outbox that began after this call has been applied. */
  sync(): Promise<void> {
    if (!this.pending) return (this.pending = this.run());
    // A read is in flight, but it may have started before this request arrived: wait for the next.
    this.queued ??= this.pending.then(this.next, this.next);
    return this.queued;
  }

  // Bound once, not per call: sync() runs before every cached read.
  private readonly next = (): Promise<void> => {
    this.queued = null;
    return (this.pending = this.run());
  };

  private async run(): Promise<void> {
    try {
      // A prepared statement: this runs for every batch of cached reads (unnamed, PostgreSQL parsed and
      // planned it each time: 29-33k package_show/s at 32 connections; prepared, 37-41k). A full batch
      // is followed by the next: every entry committed before the read began must be applied before any
      // cache is trusted.
      for (;;) {
        const query = CompiledQuery.raw(READ, [this.last, [...this.gaps.keys()]]) as CompiledQuery<{
          id: string | number;
          topic: string;
          entity_id: string;
        }>;
        const rows = await executePrepared(this.db, { compile: () => query });
        this.apply(rows.map((x) => ({ ...x, id: Number(x.id) })));
        if (rows.length < BATCH) break;
      }
    } finally {
      this.pending = null;
    }
  }

  private apply(rows: { id: number; topic: string; entity_id: string }[]): void {
    const cache = this.services.packageCache;
    const t = this.now();
    for (const [id, since] of this.gaps) if (t - since > GAP_MS) this.gaps.delete(id);
    for (const r of rows) {
      if (r.topic === 'package') cache.invalidate(r.entity_id);
      else cache.clear();
      this.gaps.delete(r.id);
      if (r.id > this.last) {
        for (let g = this.last + 1; g < r.id && this.gaps.size < MAX_GAPS; g++) this.gaps.set(g, t);
        this.last = r.id;
      }
    }
    // Search keeps counts and facets per query until a write (src/search/result-cache.ts).
    if (rows.length) this.services.events.emit('outbox-seen');
  }
}

const cacheSync: PasportModule = {
  name: 'cache-sync',
  async start({ services }) {
    if (services.dbKind !== 'postgres') return;
    const follower = new OutboxFollower(services.db, services);
    await follower.init();
    if (services.config.cacheFreshness === 'request') {
      services.packageCache.fresh = () => follower.sync();
      return {
        stop: async () => {
          services.packageCache.fresh = undefined;
        },
      };
    }
    const timer = setInterval(() => {
      // The database being briefly unreachable is not this loop's problem to report; it retries.
      follower.sync().catch(() => {});
    }, INTERVAL_MS);
    timer.unref();
    return { stop: async () => clearInterval(timer) };
  },
};

export default cacheSync;
