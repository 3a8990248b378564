// The SPARQL store's load after a start, run in the background so the rest of the service listens at
// once: filling the store took 124.6 s for 98,019 public datasets on PostgreSQL (issue 22), and nothing
// but /sparql needs it. While it runs, queries answer 503 with Retry-After and status_show reports how far
// it is; once it is done the outbox consumer starts and replays every write made meanwhile.
import { SparqlLoading } from './errors.ts';
import { progress } from '../cli/progress.ts';
import type { LoadProgress, SparqlSync } from './sync.ts';

/** What status_show prints under `components.sparql`. */
export interface StoreLoadStatus {
  state: 'loading' | 'ready' | 'failed';
  /** Rows of the catalogue walked so far, and how many there were when the load began. */
  loaded: number;
  total: number;
  /** Wall time of the load so far (or in all, once ready). */
  ms: number;
  error?: string;
}

export interface StoreLoadOptions {
  sync: SparqlSync;
  /** Loads the store from its snapshot (persist.ts): graphs loaded, or null to rebuild instead. */
  restore?: (onProgress: (loaded: number, total: number) => void) => Promise<number | null>;
  /** Called once the store is ready (e.g. to write a snapshot after a rebuild). */
  afterReady?: (from: 'snapshot' | 'rebuild') => void;
  /** Work after the graphs are in (e.g. pruning stale graphs of an external store). */
  finish?: () => Promise<void>;
  log: { info(o: object, m: string): void; error(o: object, m: string): void };
  /** Called after each batch; the tests hold the load here to observe the loading state. */
  afterBatch?: (p: LoadProgress) => void | Promise<void>;
  batch?: number;
}

export interface StoreLoad {
  status(): StoreLoadStatus;
  /** The error /sparql answers while the store cannot serve, or null once it can. */
  unavailable(): SparqlLoading | null;
  /** Settles when the load has ended (ready or failed); never rejects. */
  done: Promise<void>;
}

/** A terminal bar when someone watches, else an info line at most every 5 s (JSON logs for operators). */
function reporter(log: StoreLoadOptions['log']) {
  let bar: ReturnType<typeof progress> | null = null;
  let last = 0;
  return {
    update(p: LoadProgress) {
      if (process.stderr.isTTY) {
        bar ??= progress('sparql store', p.total);
        bar.update(p.loaded);
        return;
      }
      const now = performance.now();
      if (now - last < 5000) return;
      last = now;
      log.info({ loaded: p.loaded, total: p.total }, 'sparql store loading');
    },
    stop() {
      bar?.stop();
    },
  };
}

export function startStoreLoad(opts: StoreLoadOptions): StoreLoad {
  const t0 = performance.now();
  let state: StoreLoadStatus['state'] = 'loading';
  let at: LoadProgress = { loaded: 0, total: 0 };
  let ms = 0;
  let error: string | undefined;
  const report = reporter(opts.log);

  const onProgress = (p: LoadProgress) => {
    at = p;
    report.update(p);
  };
  const run = async () => {
    try {
      let datasets = (await opts.restore?.((loaded, total) => onProgress({ loaded, total }))) ?? null;
      const from = datasets === null ? 'rebuild' : 'snapshot';
      if (datasets === null)
        datasets = (await opts.sync.rebuild({ batch: opts.batch, onProgress, afterBatch: opts.afterBatch })).datasets;
      // From a snapshot: the writes made since are applied before anyone queries (a dataset made
      // private after the snapshot was taken must not be served as public meanwhile).
      else await opts.sync.catchUp();
      await opts.finish?.();
      ms = performance.now() - t0;
      state = 'ready';
      report.stop();
      opts.log.info({ datasets, ms: Math.round(ms), from }, 'sparql store loaded');
      // Only now: the consumer replays from the position the rebuild placed before it read anything.
      opts.sync.start();
      opts.afterReady?.(from);
    } catch (err) {
      report.stop();
      state = 'failed';
      error = (err as Error).message;
      ms = performance.now() - t0;
      opts.log.error({ err: error }, 'sparql store failed to load; /sparql answers 503 until a restart');
    }
  };

  return {
    status() {
      return {
        state,
        loaded: at.loaded,
        total: at.total,
        ms: Math.round(state === 'loading' ? performance.now() - t0 : ms),
        ...(error ? { error } : {}),
      };
    },
    unavailable() {
      if (state === 'ready') return null;
      if (state === 'failed')
        return new SparqlLoading(
          'The SPARQL store failed to load after the start (see the server log); it is unavailable until a restart',
          60,
        );
      return new SparqlLoading(
        `The SPARQL store is loading after a start (${at.loaded} of ${at.total || '?'} datasets); retry in a few seconds`,
        retryAfter(at, performance.now() - t0),
      );
    },
    done: run(),
  };
}

/** Seconds until the load should be done at its rate so far, within [1, 120]; 5 before any batch. */
function retryAfter(p: LoadProgress, elapsedMs: number): number {
  if (!p.loaded || !p.total) return 5;
  const left = ((p.total - p.loaded) / p.loaded) * elapsedMs;
  return Math.min(120, Math.max(1, Math.ceil(left / 1000)));
}
