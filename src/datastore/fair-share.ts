// Fair shares of datastore_search_sql: at most `workers` statements run at once, and when they are all
// busy the next free slot goes to the client (user or IP) that has waited in the round the longest, not
// to whoever queued most: one client sending heavy queries back to back queues behind itself, while
// another client's first query waits for one slot at most. The statement's time limit starts when it
// gets its slot (sql-search.ts sets statement_timeout after acquire), so waiting never eats into it.
export class FairShare {
  private running = 0;
  /** Waiting clients in round-robin order; each with its own FIFO of waiters. */
  private queues = new Map<string, (() => void)[]>();

  constructor(
    private workers: number,
    private maxQueued = 1000,
  ) {}

  get queued(): number {
    let n = 0;
    for (const q of this.queues.values()) n += q.length;
    return n;
  }

  async run<T>(client: string, fn: () => Promise<T>): Promise<T> {
    await this.acquire(client);
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  private acquire(client: string): Promise<void> {
    if (this.running < this.workers && !this.queues.size) {
      this.running++;
      return Promise.resolve();
    }
    if (this.queued >= this.maxQueued) return Promise.reject(new Error('queue full'));
    return new Promise((resolve) => {
      const q = this.queues.get(client);
      if (q) q.push(resolve);
      else this.queues.set(client, [resolve]);
    });
  }

  private release(): void {
    // The first client in the round gets the slot and goes to the back of the round.
    const next = this.queues.entries().next();
    if (next.done) {
      this.running--;
      return;
    }
    const [client, q] = next.value;
    const wake = q.shift()!;
    this.queues.delete(client);
    if (q.length) this.queues.set(client, q);
    wake();
  }
}
