// Outbox consumer `quality`: rescores the datasets each change touches (a dataset, its resources or
// DataStore tables, its organization or sphere), in order, advancing its cursor after storing the
// scores. Like the SPARQL consumer it wakes on the 'outbox' event and on a poll. At first start it
// places its cursor at the end of the outbox and scores, in the background, every dataset without a
// score yet (the backfill), so a deployment that adds quality later gets scores without replaying
// its history.
import type { Services } from '../services.ts';
import { readOutbox, advanceCursor, recordFailure, contiguousEntries } from '../outbox.ts';
import { affectedPackages } from '../search/affected.ts';
import type { QualityScorer } from './scorer.ts';

export const QUALITY_CONSUMER = 'quality';
const BATCH = 500;
/** An id missing this long is a rolled-back transaction, not one still running. */
const GAP_WAIT_MS = 10_000;
/**
 * Once the backfill has found nothing left, new datasets come through the outbox; the backfill looks
 * again at most this often (a safety net for rows written around the outbox). Run after every drain,
 * its anti-join over all datasets took 11 ms at 10,000 and ran 438 times during a harvest of 10,000
 * (bench/harvest.ts, pg_stat_statements).
 */
const BACKFILL_EVERY_MS = 60_000;

export class QualityConsumer {
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private poller: NodeJS.Timeout | null = null;
  private readonly onEvent = () => this.kick();
  lastError: string | null = null;
  backfilled = 0;
  /** When the backfill last found nothing to score, by the service's clock (-Infinity: not yet). */
  private backfillDoneAt = Number.NEGATIVE_INFINITY;
  private backfillAsked = false;

  constructor(
    private readonly services: Services,
    private readonly scorer: QualityScorer,
    private readonly pollMs = 2000,
  ) {}

  async start(): Promise<void> {
    const { db } = this.services;
    const cursor = await db
      .selectFrom('outbox_cursor')
      .select('last_id')
      .where('consumer', '=', QUALITY_CONSUMER)
      .executeTakeFirst();
    if (!cursor) {
      const max = await db
        .selectFrom('outbox')
        .select((eb) => eb.fn.max('id').as('m'))
        .executeTakeFirst();
      await advanceCursor(db, QUALITY_CONSUMER, Number(max?.m ?? 0));
    }
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
    await this.running?.catch(() => {});
  }

  kick(): void {
    if (this.stopped) return;
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

  private async loop(): Promise<void> {
    try {
      while (!this.stopped && (await this.step())) {
        /* drain */
      }
      const now = this.services.clock.now().getTime();
      const due = this.backfillAsked || now - this.backfillDoneAt >= BACKFILL_EVERY_MS;
      this.backfillAsked = false;
      while (due && !this.stopped && (await this.backfillStep())) {
        /* fill */
      }
      if (due) this.backfillDoneAt = this.services.clock.now().getTime();
      this.lastError = null;
    } catch (err) {
      this.lastError = (err as Error).message ?? String(err);
      await recordFailure(this.services.db, QUALITY_CONSUMER, this.lastError).catch(() => {});
    }
  }

  private async step(): Promise<boolean> {
    const { db } = this.services;
    const cursor = await db
      .selectFrom('outbox_cursor')
      .select('last_id')
      .where('consumer', '=', QUALITY_CONSUMER)
      .executeTakeFirst();
    const from = Number(cursor?.last_id ?? 0);
    const usable = contiguousEntries(from, await readOutbox(db, QUALITY_CONSUMER, BATCH), GAP_WAIT_MS);
    if (!usable.length) return false;
    await this.scorer.rescore(await affectedPackages(db, usable));
    await advanceCursor(db, QUALITY_CONSUMER, Number(usable[usable.length - 1].id));
    return true;
  }

  /** Up to `limit` datasets (not deleted) that have no score yet. */
  private async unscored(limit: number): Promise<string[]> {
    const rows = await this.services.db
      .selectFrom('package')
      .leftJoin('quality_score', 'quality_score.package_id', 'package.id')
      .select('package.id')
      .where('quality_score.package_id', 'is', null)
      .where('package.state', '!=', 'deleted')
      .where('package.type', '=', 'dataset')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }

  /** Scores a batch of datasets that have no score yet; false when there are none. */
  private async backfillStep(): Promise<boolean> {
    const ids = await this.unscored(BATCH);
    if (!ids.length) return false;
    const { scored } = await this.scorer.rescore(ids);
    this.backfilled += scored;
    return scored > 0;
  }

  /** Resolves when the run under way (if any) is over: what it was going to score is scored. */
  async whenIdle(): Promise<void> {
    while (this.running) await this.running.catch(() => {});
  }

  /** Resolves once every outbox entry so far is scored and the backfill is done (tests, CLI). */
  async settle(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { db } = this.services;
      const max = Number(
        (
          await db
            .selectFrom('outbox')
            .select((eb) => eb.fn.max('id').as('m'))
            .executeTakeFirst()
        )?.m ?? 0,
      );
      const cur = Number(
        (
          await db
            .selectFrom('outbox_cursor')
            .select('last_id')
            .where('consumer', '=', QUALITY_CONSUMER)
            .executeTakeFirst()
        )?.last_id ?? 0,
      );
      const unscored = await this.unscored(1);
      if (cur >= max && !unscored.length && !this.running) return;
      if (Date.now() > deadline)
        throw new Error(`quality scores still behind after ${timeoutMs} ms: ${this.lastError ?? 'no error'}`);
      this.backfillAsked = true;
      this.kick();
      await this.running;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
