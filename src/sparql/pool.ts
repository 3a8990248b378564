// The worker pool of the local store: each worker holds one copy of the catalog (public graphs in its
// Oxigraph store, private graphs beside it; see worker.mjs), and runs one query at a time.
//
// Fair shares (issue 15). Waiting queries are queued per client (a user, else an IP) and served round
// robin, and with two or more workers one client never holds them all: the last one stays free for the
// others. Before, one client sending heavy queries back to back made everyone else's `ASK {?s ?p ?o}`
// wait behind them (9.5 s measured). A query's time limit counts from when it starts running; the wait
// before it is bounded separately (`maxWaitMs`, answered 503 + Retry-After like a full queue).
//
// Timeouts. A running Oxigraph query cannot be interrupted, so on timeout the worker is terminated and
// a fresh one is started from the store's journal (~2 s per 10,000 datasets) while the others answer.
import { Worker } from 'node:worker_threads';
import { isMemoryFailure, watchMemory } from './memory-guard.ts';
import { SparqlEngineError, SparqlMemoryLimit, SparqlSaturated, SparqlTimeout } from './errors.ts';

/** A journal entry as the workers take it: graph, deflated bytes, format, public. */
export type ReplayEntry = [string, Buffer, string, boolean];

type Reply =
  | { id: number; ok: true; result: any; mem?: number }
  | { id: number; ok: false; error: string; name?: string; mem?: number };

interface Pending {
  resolve: (v: any) => void;
  reject: (e: Error) => void;
  /** Queries die with the worker; mutations are covered by the journal replay. */
  kind: 'query' | 'mutation';
}

interface Job {
  msg: Record<string, unknown>;
  client: string;
  resolve: (v: any) => void;
  reject: (e: Error) => void;
  timeoutMs: number;
  timer?: NodeJS.Timeout;
  waitTimer?: NodeJS.Timeout;
  slot?: Slot;
  done: boolean;
  unwatch?: () => void;
}

export interface PoolOptions {
  /** Queries running at once. */
  size: number;
  /** Loaded workers beyond `size`, taking over at once after a timeout kill. */
  spares: number;
  /** Queries that may wait when every worker is busy. */
  maxQueue: number;
  retryAfter: number;
  /** Longest wait in the queue before a query is refused (503 + Retry-After). */
  maxWaitMs: number;
  /** See SparqlStoreOptions.maxRssMb. */
  maxRssMb: number;
}

const WORKER_URL = new URL('./worker.mjs', import.meta.url);

export class Slot {
  worker!: Worker;
  ready = false;
  job: Job | null = null;
  /** WASM memory of the worker at its last reply (bytes). */
  mem = 0;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private deaths = new WeakSet<Worker>();

  constructor(
    private readonly pool: Pool,
    private readonly replay: () => ReplayEntry[],
  ) {}

  /** Starts (or restarts) the worker and replays the journal into it. */
  start(): Promise<void> {
    this.ready = false;
    // execArgv: [] keeps the TypeScript loader out of the worker: worker.mjs is plain JavaScript.
    // The worker's JS heap (results being serialised) is capped too; the WASM store is watched by memory-guard.ts.
    this.worker = new Worker(WORKER_URL, { execArgv: [], resourceLimits: { maxOldGenerationSizeMb: 512 } });
    const w = this.worker;
    w.on('message', (m: Reply) => this.onReply(m));
    w.on('error', (e) => this.onDeath(w, e));
    w.on('exit', (code) => this.onDeath(w, new Error(`worker exited with code ${code}`)));
    return this.send({ op: 'replay', entries: this.replay() }, 'mutation').then(() => {
      if (this.worker === w) {
        this.ready = true;
        this.pool.dispatch();
      }
    });
  }

  send(msg: Record<string, unknown>, kind: Pending['kind']): Promise<any> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, kind });
      this.worker.postMessage({ ...msg, id });
    });
  }

  private onReply(m: Reply) {
    if (m.mem) this.mem = m.mem;
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (m.ok) p.resolve(m.result);
    else p.reject(Object.assign(new Error(m.error), { engineName: m.name }));
  }

  private onDeath(w: Worker, e: Error) {
    if (this.worker !== w || this.deaths.has(w)) return;
    this.deaths.add(w);
    this.failPending(e);
    if (!this.pool.closed) this.restart();
  }

  private failPending(e: Error) {
    for (const p of this.pending.values()) {
      if (p.kind === 'mutation') p.resolve(null);
      else p.reject(e);
    }
    this.pending.clear();
  }

  /** Kills the worker (its running query is lost) and starts a fresh copy from the journal. */
  kill(reason: Error) {
    const w = this.worker;
    this.deaths.add(w);
    this.failPending(reason);
    this.job = null;
    void w.terminate();
    this.pool.restarts++;
    this.restart();
  }

  private restart() {
    this.ready = false;
    this.job = null;
    this.mem = 0;
    this.start().catch(() => {
      /* onDeath handles a failing replacement */
    });
  }

  terminate() {
    this.deaths.add(this.worker);
    this.failPending(new SparqlEngineError('store closed'));
    return this.worker.terminate();
  }
}

export class Pool {
  slots: Slot[] = [];
  /** Waiting jobs per client. */
  private queues = new Map<string, Job[]>();
  private running = new Map<string, number>();
  /** When each client with work was last given a worker: the one served longest ago goes first. */
  private served = new Map<string, number>();
  private tick = 0;
  queued = 0;
  restarts = 0;
  closed = false;

  constructor(
    private readonly o: PoolOptions,
    replay: () => ReplayEntry[],
  ) {
    for (let i = 0; i < o.size + o.spares; i++) this.slots.push(new Slot(this, replay));
  }

  start() {
    return Promise.all(this.slots.map((s) => s.start()));
  }

  /** Workers one client may hold at once: all but one when there are several. */
  private get perClient() {
    return this.o.size > 1 ? this.o.size - 1 : 1;
  }

  /** Waiting queries one client may have: half the queue, so one client cannot fill it alone. */
  private get perClientQueue() {
    return Math.max(1, Math.ceil(this.o.maxQueue / 2));
  }

  busy(): number {
    return this.slots.filter((s) => s.job).length;
  }

  /** Sends a mutation to every worker; resolves when all live workers applied it. */
  broadcast(msg: Record<string, unknown>): Promise<unknown[]> {
    return Promise.all(this.slots.map((s) => s.send(msg, 'mutation')));
  }

  private internal = 0;

  /**
   * Queues a query. `client` names who asks; without one (the federation engine's sub-queries, the
   * store API) each query is a client of its own, so only the pool's overall limits apply.
   */
  submit(msg: Record<string, unknown>, timeoutMs: number, who?: string): Promise<any> {
    const client = who ?? `\u0000internal:${++this.internal}`;
    const busy = this.busy();
    if (busy + this.queued >= this.o.size + this.o.maxQueue)
      return Promise.reject(new SparqlSaturated(this.o.retryAfter));
    const mine = this.queues.get(client)?.length ?? 0;
    const mustWait = busy + this.queued >= this.o.size || (this.running.get(client) ?? 0) >= this.perClient;
    if (mustWait && mine >= this.perClientQueue) return Promise.reject(new SparqlSaturated(this.o.retryAfter));
    return new Promise((resolve, reject) => {
      const job: Job = { msg, client, resolve, reject, timeoutMs, done: false };
      // Waiting is bounded on its own; the query's limit starts when it runs (dispatch).
      job.waitTimer = setTimeout(() => this.cancel(job, new SparqlSaturated(this.o.retryAfter)), this.o.maxWaitMs);
      const q = this.queues.get(client);
      if (q) q.push(job);
      else this.queues.set(client, [job]);
      this.queued++;
      this.dispatch();
    });
  }

  /** Ends a job early: its worker (if it has one) is replaced, the caller gets `err`. */
  private cancel(job: Job, err: Error) {
    if (job.done) return;
    job.done = true;
    clearTimeout(job.timer);
    clearTimeout(job.waitTimer);
    job.unwatch?.();
    if (job.slot) {
      this.release(job);
      job.slot.kill(err);
    } else this.unqueue(job);
    job.reject(err);
    this.dispatch();
  }

  private unqueue(job: Job) {
    const q = this.queues.get(job.client);
    const i = q ? q.indexOf(job) : -1;
    if (i < 0) return;
    q!.splice(i, 1);
    this.queued--;
    if (!q!.length) this.queues.delete(job.client);
    this.forgetIdle(job.client);
  }

  private release(job: Job) {
    const n = (this.running.get(job.client) ?? 1) - 1;
    if (n > 0) this.running.set(job.client, n);
    else this.running.delete(job.client);
    this.forgetIdle(job.client);
  }

  /** A client with nothing running or waiting leaves the books (the maps stay as small as the queue). */
  private forgetIdle(client: string) {
    if (!this.running.has(client) && !this.queues.has(client)) this.served.delete(client);
  }

  /**
   * The next job: among clients that may run one more, the one with fewest running, then the one
   * served longest ago (a newcomer first). With one worker this is round robin between clients.
   */
  private next(): Job | null {
    let best: string | null = null;
    let bestKey = [Infinity, Infinity];
    for (const client of this.queues.keys()) {
      const running = this.running.get(client) ?? 0;
      if (running >= this.perClient) continue;
      const key = [running, this.served.get(client) ?? 0];
      if (key[0] < bestKey[0] || (key[0] === bestKey[0] && key[1] < bestKey[1])) [best, bestKey] = [client, key];
    }
    if (best === null) return null;
    const q = this.queues.get(best)!;
    const job = q.shift()!;
    this.queued--;
    if (!q.length) this.queues.delete(best);
    this.served.set(best, ++this.tick);
    return job;
  }

  dispatch() {
    while (this.queued) {
      if (this.busy() >= this.o.size) return;
      const slot = this.slots.find((s) => s.ready && !s.job);
      if (!slot) return;
      const job = this.next();
      if (!job) return;
      this.run(slot, job);
    }
  }

  private run(slot: Slot, job: Job) {
    clearTimeout(job.waitTimer);
    job.slot = slot;
    slot.job = job;
    this.running.set(job.client, (this.running.get(job.client) ?? 0) + 1);
    job.timer = setTimeout(() => this.cancel(job, new SparqlTimeout(job.timeoutMs)), job.timeoutMs);
    job.unwatch = watchMemory(this.o.maxRssMb, () => this.cancel(job, new SparqlMemoryLimit(this.o.maxRssMb)));
    slot.send(job.msg, 'query').then(
      (r) => this.finish(slot, job, null, r),
      (e) => this.finish(slot, job, e, null),
    );
  }

  private finish(slot: Slot, job: Job, err: (Error & { engineName?: string }) | null, result: unknown) {
    if (slot.job === job) slot.job = null;
    if (!job.done) {
      job.done = true;
      this.release(job);
      clearTimeout(job.timer);
      job.unwatch?.();
      if (err) job.reject(isMemoryFailure(err) ? new SparqlMemoryLimit(this.o.maxRssMb || null) : err);
      else job.resolve(result);
    }
    // A WASM trap (RuntimeError: unreachable, out of memory) may leave the instance unusable.
    if (err?.engineName === 'RuntimeError' && slot.ready) slot.kill(err);
    this.dispatch();
  }

  close() {
    this.closed = true;
    for (const q of this.queues.values()) {
      for (const j of q) {
        clearTimeout(j.waitTimer);
        j.done = true;
        j.reject(new SparqlEngineError('store closed'));
      }
    }
    this.queues.clear();
    this.queued = 0;
    return Promise.all(this.slots.map((s) => s.terminate()));
  }

  stats() {
    return {
      workers: this.slots.length,
      ready: this.slots.filter((s) => s.ready).length,
      busy: this.busy(),
      queued: this.queued,
      clients: this.queues.size,
      restarts: this.restarts,
    };
  }
}
