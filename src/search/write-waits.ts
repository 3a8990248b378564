// Writers waiting for the indexer (the Meilisearch engine): each waits until the outbox entries of its
// write are in the engine, the indexer reports a failure, or its time is up; whichever comes first.
// The timer is injectable so the timeout is tested without waiting for it.
export type WaitOutcome = 'applied' | 'failed' | 'timeout';

export interface Timer {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimer: Timer = {
  set: (fn, ms) => {
    const h = setTimeout(fn, ms);
    h.unref();
    return h;
  },
  clear: (h) => clearTimeout(h as NodeJS.Timeout),
};

interface Waiter {
  ids: Set<number>;
  done(o: WaitOutcome): void;
}

export class WriteWaits {
  private readonly waiters = new Set<Waiter>();

  constructor(private readonly timer: Timer = realTimer) {}

  get size(): number {
    return this.waiters.size;
  }

  /** True when some writer waits for this outbox id. */
  wants(id: number): boolean {
    for (const w of this.waiters) if (w.ids.has(id)) return true;
    return false;
  }

  wait(ids: number[], ms: number): Promise<WaitOutcome> {
    if (!ids.length) return Promise.resolve('applied');
    if (ms <= 0) return Promise.resolve('timeout');
    return new Promise((resolve) => {
      const w: Waiter = {
        ids: new Set(ids),
        done: (o) => {
          if (!this.waiters.delete(w)) return;
          this.timer.clear(handle);
          resolve(o);
        },
      };
      this.waiters.add(w);
      const handle = this.timer.set(() => w.done('timeout'), ms);
    });
  }

  /** These entries are in the engine. */
  applied(ids: Iterable<number>): void {
    for (const id of ids) for (const w of [...this.waiters]) if (w.ids.delete(id) && !w.ids.size) w.done('applied');
  }

  /** Every entry up to `last` is in the engine (the cursor moved there). */
  appliedThrough(last: number): void {
    for (const w of [...this.waiters]) {
      for (const id of w.ids) if (id <= last) w.ids.delete(id);
      if (!w.ids.size) w.done('applied');
    }
  }

  /** The engine refused or could not be reached: nobody waits for the retry. */
  failed(): void {
    for (const w of [...this.waiters]) w.done('failed');
  }
}
