// `pasport harvest run SOURCE [--dry-run] [--force-all]`: one harvest job of SOURCE now, in this
// process (as the scheduler would run it), with a progress bar on a terminal and JSON log lines
// otherwise; prints the finished job (harvest_job_show's shape) as JSON. Exit 1 when the job had errors.
import { parseArgs } from 'node:util';
import pino from 'pino';
import { loadConfig } from '../config.ts';
import { openDatabase } from './open.ts';
import { createServices } from '../services.ts';
import { progress, type Progress } from './progress.ts';
import { findSource } from '../harvest/sources.ts';
import { createJob, jobDict } from '../harvest/jobs.ts';
import { runHarvestJob } from '../harvest/run.ts';
import { registerRunner } from '../actions/registry.ts';

const USAGE = 'usage: pasport harvest run SOURCE [--dry-run] [--force-all]\n';

export async function run(args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { 'dry-run': { type: 'boolean' }, 'force-all': { type: 'boolean' } },
  });
  const [verb, ref] = positionals;
  if (verb !== 'run' || !ref) {
    process.stderr.write(USAGE);
    return 2;
  }
  const { connection } = await openDatabase();
  try {
    const services = createServices(connection.db, connection.kind, loadConfig());
    await registerRunner(services);
    const source = await findSource(services.db, ref);
    if (!source) {
      process.stderr.write(`pasport: no harvest source "${ref}"\n`);
      return 2;
    }
    const job = await createJob(services.db, source.id, services.clock.now(), {
      dryRun: values['dry-run'],
      forceAll: values['force-all'],
      schedule: false,
    });
    const log = process.stderr.isTTY ? null : pino({ name: 'pasport' }, pino.destination(2));
    let bar: Progress | null = null;
    const done = await runHarvestJob(services, job.id, {
      progress(phase, n, total, note) {
        if (phase === 'gather') {
          if (log) log.info({ task: `harvest ${source.name}`, phase, pages: n, note }, 'progress');
          else process.stderr.write(`\rgathering ${source.name}: ${n} page(s) ${note ?? ''}`.padEnd(70));
          return;
        }
        if (!bar) {
          if (!log) process.stderr.write('\n');
          bar = progress(`harvest ${source.name}`, total);
        }
        bar.update(n);
      },
    });
    (bar as Progress | null)?.stop({ job: job.id });
    const dict = done ? jobDict(done) : null;
    process.stdout.write(`${JSON.stringify(dict, null, 2)}\n`);
    return dict && dict.errors.length === 0 ? 0 : 1;
  } finally {
    await connection.close();
  }
}
