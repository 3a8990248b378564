// Keeps the search index in step with the database: drains the outbox (woken by the 'outbox' event
// after each commit, and by a poll), turns changed datasets into search documents and hands them to
// the engine. The cursor advances only after the engine has them; when the engine is down the indexer
// retries with exponential backoff while writes go on, and catches up when it returns.
import { sql } from 'kysely';
import type { Services } from '../services.ts';
import type { SearchEngine } from './engine.ts';
import { loadPackages } from '../packages/dictize.ts';
import { toSearchDoc } from './document.ts';
import { contiguousEntries, type OutboxEntry } from '../outbox.ts';
import { affectedPackages } from './affected.ts';
import { WriteWaits, type WaitOutcome } from './write-waits.ts';

export interface IndexerOptions {
  consumer?: string;
  batchSize?: number;
  pollMs?: number;
  /** An id missing from the outbox this long is a rolled-back transaction, not one still running. */
  gapWaitMs?: number;
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  log?: { info(o: object, m?: string): void; warn(o: object, m?: string): void };
}

export const SEARCH_CONSUMER = 'search';
const LOAD_CHUNK = 500;

export class Indexer {
  readonly consumer: string;
  private readonly batchSize: number;
  private readonly pollMs: number;
  private readonly gapWaitMs: number;
  private readonly baseBackoffMs: number;
  private readonly maxBackoffMs: number;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private paused = 0;
  private failures = 0;
  private retryAt = 0;
  private timer: NodeJS.Timeout | null = null;
  private poller: NodeJS.Timeout | null = null;
  private readonly onEvent = () => this.kick();
  lastError: string | null = null;
  /** Writers waiting for their entries (the Meilisearch engine's write wait). */
  readonly waits = new WriteWaits();
  /** Entries applied ahead of a gap for a waiting writer: skipped when the cursor reaches them. */
  private readonly ahead = new Set<number>();
  /** The cursor as this process last moved it: entries at or below it are in the engine. */
  private appliedTo = 0;

  constructor(
    private readonly services: Services,
    private readonly engine: SearchEngine,
    private readonly opts: IndexerOptions = {},
  ) {
    this.consumer = opts.consumer ?? SEARCH_CONSUMER;
    this.batchSize = opts.batchSize ?? 500;
    this.pollMs = opts.pollMs ?? 2000;
    this.gapWaitMs = opts.gapWaitMs ?? 10000;
    this.baseBackoffMs = opts.baseBackoffMs ?? 500;
    this.maxBackoffMs = opts.maxBackoffMs ?? 30000;
  }

  async start(): Promise<void> {
    await this.services.db
      .insertInto('outbox_cursor')
      .values({ consumer: this.consumer, last_id: 0, failures: 0, last_error: null })
      .onConflict((oc) => oc.column('consumer').doNothing())
      .execute();
    this.stopped = false;
    this.services.events.on('outbox', this.onEvent);
    this.poller = setInterval(() => this.kick(), this.pollMs);
    this.poller.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.services.events.off('outbox', this.onEvent);
    if (this.poller) clearInterval(this.poller);
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => {});
  }

  /** Asks for a drain; coalesced while one runs, ignored while backing off (unless forced). */
  kick(force = false): void {
    if (this.stopped || this.paused) return;
    if (!force && Date.now() < this.retryAt) return;
    if (force) this.retryAt = 0;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  /**
   * Waits until these outbox entries are in the engine, the engine fails, or `ms` pass. A writer with
   * the engine already failing does not wait at all: its entries join the backlog status_show reports.
   */
  waitFor(ids: number[], ms: number): Promise<WaitOutcome> {
    const open = ids.filter((id) => id > this.appliedTo);
    if (!open.length) return Promise.resolve('applied');
    if (this.failing || this.stopped) return Promise.resolve('failed');
    const p = this.waits.wait(open, ms);
    this.kick();
    return p;
  }

  /** True while the engine is failing and the indexer backs off: a writer need not wait for it. */
  get failing(): boolean {
    return this.failures > 0;
  }

  /** Retry at once, skipping the backoff (after an engine comes back, and in tests). */
  retryNow(): void {
    this.kick(true);
  }

  /** Holds the indexer while a rebuild swaps tables and rewinds the cursor. */
  async pause(): Promise<void> {
    this.paused++;
    await this.running?.catch(() => {});
  }

  resume(): void {
    this.paused = Math.max(0, this.paused - 1);
    // A rebuild rewound the cursor: what was applied ahead went to the old index.
    this.ahead.clear();
    this.appliedTo = 0;
    this.kick(true);
  }

  private async loop(): Promise<void> {
    try {
      while (!this.stopped && !this.paused) {
        const progressed = await this.step();
        if (!progressed) break;
      }
      if (this.failures) this.opts.log?.info({ consumer: this.consumer }, 'search index caught up');
      this.failures = 0;
      this.lastError = null;
    } catch (err) {
      this.failures++;
      this.lastError = (err as Error).message ?? String(err);
      this.waits.failed();
      const delay =
        Math.min(this.maxBackoffMs, this.baseBackoffMs * 2 ** (this.failures - 1)) * (0.75 + Math.random() * 0.5);
      this.retryAt = Date.now() + delay;
      this.opts.log?.warn(
        { consumer: this.consumer, failures: this.failures, retryInMs: Math.round(delay), err: this.lastError },
        'search indexing failed; will retry',
      );
      await this.services.db
        .insertInto('outbox_cursor')
        .values({ consumer: this.consumer, last_id: 0, failures: 1, last_error: this.lastError })
        .onConflict((oc) =>
          oc
            .column('consumer')
            .doUpdateSet((eb) => ({ failures: eb('outbox_cursor.failures', '+', 1), last_error: this.lastError })),
        )
        .execute()
        .catch(() => {});
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => this.kick(), delay);
      this.timer.unref();
    }
  }

  private async cursor(): Promise<number> {
    const row = await this.services.db
      .selectFrom('outbox_cursor')
      .select('last_id')
      .where('consumer', '=', this.consumer)
      .executeTakeFirst();
    return Number(row?.last_id ?? 0);
  }

  /** Applies one batch; false when there was nothing (more) to do. */
  private async step(): Promise<boolean> {
    const db = this.services.db;
    const from = await this.cursor();
    const entries = (await db
      .selectFrom('outbox')
      .selectAll()
      .where('id', '>', from)
      .orderBy('id')
      .limit(this.batchSize)
      .execute()) as OutboxEntry[];
    if (!entries.length) return false;
    const usable = contiguousEntries(from, entries, this.gapWaitMs);
    await this.applyAhead(entries.slice(usable.length));
    if (!usable.length) {
      // A transaction holding the next id has not committed yet: look again shortly.
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => this.kick(), 200);
      this.timer.unref();
      return false;
    }
    await this.apply(usable.filter((e) => !this.ahead.has(Number(e.id))));
    const last = Number(usable[usable.length - 1].id);
    for (const e of usable) this.ahead.delete(Number(e.id));
    // Compare-and-set: a rebuild that rewound the cursor meanwhile wins, and its replay follows.
    const res = await db
      .updateTable('outbox_cursor')
      .set({ last_id: last, failures: 0, last_error: null, updated: sql<string>`(now() at time zone 'utc')` as never })
      .where('consumer', '=', this.consumer)
      .where('last_id', '=', from)
      .executeTakeFirst();
    this.appliedTo = Math.max(this.appliedTo, last);
    this.waits.appliedThrough(last);
    if (Number(res.numUpdatedRows) === 0) return true;
    return true;
  }

  /**
   * Entries past a gap (an older transaction not yet committed, or rolled back) wait for the cursor;
   * those a writer is waiting for are applied now instead, so one slow or failed transaction does not
   * hold every later writer for the gap's 10 s. Applying loads the current rows, so doing it early
   * is as good as doing it in order.
   */
  private async applyAhead(rest: OutboxEntry[]): Promise<void> {
    if (!this.waits.size) return;
    const wanted = rest.filter((e) => this.waits.wants(Number(e.id)) && !this.ahead.has(Number(e.id)));
    if (!wanted.length) return;
    await this.apply(wanted);
    for (const e of wanted) this.ahead.add(Number(e.id));
    this.waits.applied(wanted.map((e) => Number(e.id)));
  }

  /**
   * Puts the datasets the entries touch into the engine. Entries a write already applied in its own
   * transaction (`search_indexed`) are skipped unless `includeIndexed` (a rebuild replaying onto a new
   * table that never saw them).
   */
  async apply(entries: OutboxEntry[], includeIndexed = false): Promise<void> {
    const todo = includeIndexed ? entries : entries.filter((e) => !e.search_indexed);
    if (!todo.length) return;
    const ids = await affectedPackages(this.services.db, todo);
    for (let i = 0; i < ids.length; i += LOAD_CHUNK) {
      const chunk = ids.slice(i, i + LOAD_CHUNK);
      const dicts = await loadPackages(this.services.db, chunk, this.services.config);
      const docs = [...dicts.values()].map(toSearchDoc);
      const gone = chunk.filter((id) => !dicts.has(id));
      await this.engine.upsert(docs);
      await this.engine.remove(gone);
    }
  }

  /** Resolves when every outbox entry so far is applied (tests, reindex); rejects after `timeoutMs`. */
  async settle(timeoutMs = 10000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const max = await this.services.db
        .selectFrom('outbox')
        .select((eb) => eb.fn.max('id').as('m'))
        .executeTakeFirst();
      const target = Number(max?.m ?? 0);
      if ((await this.cursor()) >= target) return;
      if (Date.now() > deadline)
        throw new Error(`search index still behind after ${timeoutMs} ms: ${this.lastError ?? 'no error'}`);
      this.kick(true);
      await this.running;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
