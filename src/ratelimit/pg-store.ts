// A rate-limit store (with the interface of @fastify/rate-limit's stores) shared by every instance
// through PostgreSQL (rate_limit_counter). Windows are fixed and aligned on the clock, so all instances count into the same row per key and window.
// Counting happens in memory and is written behind, every FLUSH_MS, with one upsert that returns the
// total all instances have counted: a request never waits for the database (bench/ratelimit.ts), and an
// instance learns the others' counts within FLUSH_MS of its own traffic. Within one instance the limit is
// exact; across instances it may let through what the others counted in the last FLUSH_MS.
import { sql } from 'kysely';
import type { DB } from '../db/connect.ts';

const FLUSH_MS = 200;

interface Counter {
  windowStart: number;
  timeWindow: number;
  local: number;
  flushed: number;
  remote: number;
}

type Callback = (err: Error | null, result?: { current: number; ttl: number }) => void;

export class PgRateStore {
  private counters = new Map<string, Counter>();
  private timer: NodeJS.Timeout;
  private flushing: Promise<void> | null = null;
  private lastSweep = 0;

  constructor(
    private db: DB,
    private now: () => number = Date.now,
  ) {
    this.timer = setInterval(() => void this.flush(), FLUSH_MS);
    this.timer.unref();
  }

  /** Counts a hit and answers at once: what was counted in the window so far, and its milliseconds left. */
  count(key: string, timeWindow: number): { current: number; ttl: number } {
    const now = this.now();
    const windowStart = Math.floor(now / timeWindow) * timeWindow;
    let c = this.counters.get(key);
    if (!c || c.windowStart !== windowStart) {
      c = { windowStart, timeWindow, local: 0, flushed: 0, remote: 0 };
      this.counters.set(key, c);
    }
    c.local++;
    return { current: c.local + c.remote, ttl: windowStart + timeWindow - now };
  }

  /** The interface of @fastify/rate-limit's stores. */
  incr(key: string, cb: Callback, timeWindow: number, _max: number): void {
    cb(null, this.count(key, timeWindow));
  }

  child(): PgRateStore {
    return this;
  }

  /** Writes the counts gathered since the last flush and reads back what the other instances counted. */
  flush(): Promise<void> {
    this.flushing ??= this.write()
      .catch(() => {})
      .finally(() => {
        this.flushing = null;
      });
    return this.flushing;
  }

  private async write(): Promise<void> {
    const now = this.now();
    const pending: [string, Counter, number][] = [];
    for (const [key, c] of this.counters) {
      if (c.windowStart + c.timeWindow <= now) this.counters.delete(key);
      else if (c.local > c.flushed) pending.push([key, c, c.local - c.flushed]);
    }
    if (pending.length) {
      const rows = await sql<{ key: string; count: number }>`
        INSERT INTO rate_limit_counter (key, window_start, count, expires_at)
        SELECT * FROM unnest(${pending.map(([k]) => k)}::text[], ${pending.map(([, c]) => c.windowStart)}::bigint[],
                             ${pending.map(([, , d]) => d)}::int[], ${pending.map(([, c]) => c.windowStart + c.timeWindow)}::bigint[])
        ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_counter.count + EXCLUDED.count
        RETURNING key, count`.execute(this.db);
      const total = new Map(rows.rows.map((r) => [r.key, Number(r.count)]));
      for (const [key, c, delta] of pending) {
        c.flushed += delta;
        const all = total.get(key);
        if (all !== undefined) c.remote = Math.max(0, all - c.flushed);
      }
    }
    if (now - this.lastSweep > 60_000) {
      this.lastSweep = now;
      await this.db.deleteFrom('rate_limit_counter').where('expires_at', '<', now).execute();
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
