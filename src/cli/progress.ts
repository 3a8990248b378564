// Progress for long operations: a bar on a terminal, structured JSON lines (pino) otherwise.
import cliProgress from 'cli-progress';
import pino from 'pino';

export interface Progress {
  update(done: number): void;
  stop(extra?: Record<string, unknown>): void;
}

export function progress(task: string, total: number): Progress {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${task} [{bar}] {value}/{total} {percentage}% eta {eta}s`, stream: process.stderr },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0);
    return { update: (d) => bar.update(d), stop: () => bar.stop() };
  }
  const log = pino({ name: 'pasport' }, pino.destination(2));
  let last = 0;
  return {
    update(done) {
      const now = Date.now();
      if (now - last < 1000 && done < total) return;
      last = now;
      log.info({ task, done, total }, 'progress');
    },
    stop(extra) {
      log.info({ task, total, ...extra }, 'done');
    },
  };
}
