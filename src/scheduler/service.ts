// The scheduler: runs due jobs from the PostgreSQL queue (src/scheduler/queue.ts) and turns recurring
// schedules into jobs. Every instance (each `pasport serve`, each `pasport worker`) runs one; the
// database decides who runs what, so with several instances every job still runs exactly once:
// - a recurring slot becomes a job under a unique key (`name@slot`), enqueued by whichever instance
//   locks the schedule row first (FOR UPDATE SKIP LOCKED);
// - a job is claimed by one instance (SKIP LOCKED) and, for transactional kinds, its writes commit in
//   the same transaction that marks it done, and only while that instance still holds its lease.
// Time comes from services.clock, so tests move a ManualClock and call runDue() instead of waiting.
import os from 'node:os';
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { DB } from '../db/connect.ts';
import type { Services } from '../services.ts';
import { claim, complete, enqueue, fail, reclaimExpired, stamp, type Job, type NewJob } from './queue.ts';

export interface JobContext {
  /** The job's transaction (transactional kinds) or the pool. */
  db: DB;
  services: Services;
  /** The clock's time when the job started. */
  now: Date;
  job: Job;
}

export interface JobKind {
  kind: string;
  handler(ctx: JobContext): Promise<void>;
  /** Default true: the handler's writes and the "done" mark commit together. Deliveries to the outside
   * world say false, so a slow SMTP server or webhook does not hold a transaction open. */
  transactional?: boolean;
}

export interface Recurring {
  name: string;
  kind: string;
  /** The first slot strictly after `after`. */
  next(after: Date, services: Services): Date;
}

export interface RunSummary {
  done: number;
  retried: number;
  failed: number;
  lost: number;
}

class LeaseLost extends Error {}

const BATCH = 20;
const LEASE_MS = 10 * 60000;
const MAX_ROUNDS = 10000;

export class Scheduler {
  readonly worker = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;
  private readonly kinds = new Map<string, JobKind>();
  private readonly recurring = new Map<string, Recurring>();
  private chain: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly kick = () => {
    this.kicked = true;
    this.wake?.();
  };

  constructor(
    readonly services: Services,
    kinds: JobKind[],
    recurring: Recurring[],
    private readonly log?: { warn(o: object, m: string): void },
  ) {
    for (const k of kinds) this.kinds.set(k.kind, k);
    for (const r of recurring) this.recurring.set(r.name, r);
  }

  private get db(): DB {
    return this.services.db;
  }

  private now(): Date {
    return this.services.clock.now();
  }

  /** Create missing schedule rows; existing ones keep their next slot (another instance may own it). */
  async init(): Promise<void> {
    const now = this.now();
    const rows = [...this.recurring.values()].map((r) => ({
      name: r.name,
      next_run_at: stamp(r.next(now, this.services)),
      last_run_at: null,
    }));
    if (rows.length)
      await this.db
        .insertInto('job_schedule')
        .values(rows)
        .onConflict((oc) => oc.column('name').doNothing())
        .execute();
  }

  /** Queue jobs outside any action (tests, CLI); actions enqueue through their own transaction. */
  enqueue(jobs: NewJob[]): Promise<number> {
    return enqueue(this.db, jobs);
  }

  /** Run everything due now, including jobs those jobs queue; one run at a time per instance. */
  runDue(): Promise<RunSummary> {
    const run = this.chain.then(() => this.runRounds());
    this.chain = run.catch(() => {});
    return run;
  }

  private async runRounds(): Promise<RunSummary> {
    const sum: RunSummary = { done: 0, retried: 0, failed: 0, lost: 0 };
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const now = this.now();
      await reclaimExpired(this.db, now);
      await this.promote(now);
      const jobs = await claim(this.db, this.worker, now, BATCH, LEASE_MS);
      if (!jobs.length) break;
      for (const job of jobs) sum[await this.execute(job)]++;
    }
    return sum;
  }

  /** Turn due schedule slots into jobs. A schedule far behind (the service was down) runs once, for
   * its latest slot: every recurring job catches up on its own (sweeps look at "today"). */
  private async promote(now: Date): Promise<void> {
    const names = [...this.recurring.keys()];
    if (!names.length) return;
    await this.db.transaction().execute(async (trx) => {
      const due = await sql<{ name: string; next_run_at: string }>`SELECT name, next_run_at FROM job_schedule
        WHERE next_run_at <= ${stamp(now)} AND name = ANY(${names}::text[]) FOR UPDATE SKIP LOCKED`.execute(trx);
      for (const row of due.rows) {
        const r = this.recurring.get(row.name)!;
        let slot = new Date(`${row.next_run_at}Z`);
        for (let i = 0; i < 100000; i++) {
          const n = r.next(slot, this.services);
          if (n > now) break;
          slot = n;
        }
        await enqueue(trx, [
          {
            kind: r.kind,
            payload: { slot: slot.toISOString() },
            runAt: slot,
            dedupeKey: `${r.name}@${slot.toISOString()}`,
          },
        ]);
        await trx
          .updateTable('job_schedule')
          .set({ next_run_at: stamp(r.next(slot, this.services)), last_run_at: stamp(now) })
          .where('name', '=', row.name)
          .execute();
      }
    });
  }

  private async execute(job: Job): Promise<keyof RunSummary> {
    const kind = this.kinds.get(job.kind);
    const ctx = (db: DB): JobContext => ({ db, services: this.services, now: this.now(), job });
    try {
      if (!kind) throw new Error(`no handler for job kind ${job.kind}`);
      if (kind.transactional === false) {
        await kind.handler(ctx(this.db));
        await complete(this.db, job, this.worker, this.now());
      } else {
        await this.db.transaction().execute(async (trx) => {
          await kind.handler(ctx(trx));
          if (!(await complete(trx, job, this.worker, this.now()))) throw new LeaseLost();
        });
      }
      return 'done';
    } catch (err) {
      if (err instanceof LeaseLost) return 'lost';
      const message = err instanceof Error ? err.message : String(err);
      this.log?.warn({ job: job.id, kind: job.kind, attempt: job.attempts, err: message }, 'job failed');
      return (await fail(this.db, job, this.worker, this.now(), message)) === 'retry' ? 'retried' : 'failed';
    }
  }

  /** Poll every intervalMs (and at once when an action queues work); 0 leaves running to runDue(). */
  start(intervalMs: number): void {
    if (intervalMs <= 0) return;
    this.services.events.on('jobs', this.kick);
    this.loop = (async () => {
      while (!this.stopped) {
        await this.runDue().catch((err) =>
          this.log?.warn({ err: err instanceof Error ? err.message : String(err) }, 'scheduler run failed'),
        );
        await this.pause(intervalMs);
      }
    })();
  }

  private loop: Promise<void> = Promise.resolve();
  private kicked = false;
  private wake: (() => void) | null = null;

  private pause(ms: number): Promise<void> {
    if (this.kicked || this.stopped) {
      this.kicked = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.timer = setTimeout(done, ms);
      this.wake = done;
      const self = this;
      function done() {
        if (self.timer) clearTimeout(self.timer);
        self.timer = null;
        self.wake = null;
        self.kicked = false;
        resolve();
      }
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.services.events.off('jobs', this.kick);
    this.wake?.();
    await this.loop;
    await this.chain;
  }
}
