// Keeps the search index in step with the database: drains the outbox (woken by the 'outbox' event
// after each commit, and by a poll), turns changed datasets into search documents and hands them to
// the engine. The cursor advances only after the engine has them; when the engine is down the indexer
// retries with exponential backoff while writes go on, and catches up when it returns.
import { sql } from 'kysely';
import type { Services } from '../services.ts';
import type { SearchEngine } from './engine.ts';
import { loadPackages } from '../packages/dictize.ts';
import { toSearchDoc } from './document.ts';
import type { OutboxEntry } from '../outbox.ts';

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

  constructor(private readonly services: Services, private readonly engine: SearchEngine, private readonly opts: IndexerOptions = {}) {
    this.consumer = opts.consumer ?? SEARCH_CONSUMER;
    this.batchSize = opts.batchSize ?? 500;
    this.pollMs = opts.pollMs ?? 2000;
    this.gapWaitMs = opts.gapWaitMs ?? 10000;
    this.baseBackoffMs = opts.baseBackoffMs ?? 500;
    this.maxBackoffMs = opts.maxBackoffMs ?? 30000;
  }

  async start(): Promise<void> {
    await this.services.db.insertInto('outbox_cursor').values({ consumer: this.consumer, last_id: 0, failures: 0, last_error: null })
      .onConflict((oc) => oc.column('consumer').doNothing()).execute();
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
    if (this.running) { this.again = true; return; }
    this.running = this.loop().finally(() => {
      this.running = null;
      if (this.again) { this.again = false; this.kick(); }
    });
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
      const delay = Math.min(this.maxBackoffMs, this.baseBackoffMs * 2 ** (this.failures - 1)) * (0.75 + Math.random() * 0.5);
      this.retryAt = Date.now() + delay;
      this.opts.log?.warn({ consumer: this.consumer, failures: this.failures, retryInMs: Math.round(delay), err: this.lastError }, 'search indexing failed; will retry');
      await this.services.db.insertInto('outbox_cursor').values({ consumer: this.consumer, last_id: 0, failures: 1, last_error: this.lastError })
        .onConflict((oc) => oc.column('consumer').doUpdateSet((eb) => ({ failures: eb('outbox_cursor.failures', '+', 1), last_error: this.lastError })))
        .execute().catch(() => {});
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => this.kick(), delay);
      this.timer.unref();
    }
  }

  private async cursor(): Promise<number> {
    const row = await this.services.db.selectFrom('outbox_cursor').select('last_id').where('consumer', '=', this.consumer).executeTakeFirst();
    return Number(row?.last_id ?? 0);
  }

  /** Applies one batch; false when there was nothing (more) to do. */
  private async step(): Promise<boolean> {
    const db = this.services.db;
    const from = await this.cursor();
    const entries = (await db.selectFrom('outbox').selectAll().where('id', '>', from).orderBy('id').limit(this.batchSize).execute()) as OutboxEntry[];
    if (!entries.length) return false;
    const usable = this.contiguous(from, entries);
    if (!usable.length) {
      // A transaction holding the next id has not committed yet: look again shortly.
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => this.kick(), 200);
      this.timer.unref();
      return false;
    }
    await this.apply(usable);
    const last = Number(usable[usable.length - 1].id);
    // Compare-and-set: a rebuild that rewound the cursor meanwhile wins, and its replay follows.
    const res = await db.updateTable('outbox_cursor')
      .set({ last_id: last, failures: 0, last_error: null, updated: sql<string>`(now() at time zone 'utc')` as never })
      .where('consumer', '=', this.consumer).where('last_id', '=', from).executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) return true;
    return true;
  }

  private contiguous(from: number, entries: OutboxEntry[]): OutboxEntry[] {
    const out: OutboxEntry[] = [];
    let expected = from + 1;
    for (const e of entries) {
      const id = Number(e.id);
      if (id !== expected && Date.now() - Date.parse(`${e.created}Z`) < this.gapWaitMs) break;
      out.push(e);
      expected = id + 1;
    }
    return out;
  }

  /** The datasets an outbox batch touches, whatever the topic. */
  private async affected(entries: OutboxEntry[]): Promise<string[]> {
    const db = this.services.db;
    const ids = new Set<string>();
    const groups = new Set<string>();
    const resources = new Set<string>();
    const structures = new Set<string>();
    for (const e of entries) {
      if (e.topic === 'package') ids.add(e.entity_id);
      else if (e.topic === 'organization' || e.topic === 'group') groups.add(e.entity_id);
      else if (e.topic === 'resource' || e.topic === 'datastore') resources.add(e.entity_id);
      else if (e.topic === 'structure') structures.add(e.entity_id);
    }
    const uuid = (s: string) => /^[0-9a-f-]{36}$/i.test(s);
    const groupIds = [...groups].filter(uuid);
    if (groupIds.length) {
      const [owned, members] = await Promise.all([
        db.selectFrom('package').select('id').where('owner_org', 'in', groupIds).execute(),
        db.selectFrom('member').select('table_id').where('table_name', '=', 'package').where('group_id', 'in', groupIds).execute(),
      ]);
      owned.forEach((r) => ids.add(r.id));
      members.forEach((r) => ids.add(r.table_id));
    }
    const resIds = [...resources].filter(uuid);
    if (resIds.length) (await db.selectFrom('resource').select('package_id').where('id', 'in', resIds).execute()).forEach((r) => ids.add(r.package_id));
    const structIds = [...structures].filter(uuid);
    if (structIds.length) {
      const rows = await db.selectFrom('package').innerJoin('group', 'group.id', 'package.owner_org').innerJoin('structure', 'structure.code', 'group.structure_code')
        .select('package.id').where('structure.id', 'in', structIds).execute();
      rows.forEach((r) => ids.add(r.id));
    }
    return [...ids].filter(uuid);
  }

  private async apply(entries: OutboxEntry[]): Promise<void> {
    const ids = await this.affected(entries);
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
      const max = await this.services.db.selectFrom('outbox').select((eb) => eb.fn.max('id').as('m')).executeTakeFirst();
      const target = Number(max?.m ?? 0);
      if ((await this.cursor()) >= target) return;
      if (Date.now() > deadline) throw new Error(`search index still behind after ${timeoutMs} ms: ${this.lastError ?? 'no error'}`);
      this.kick(true);
      await this.running;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
