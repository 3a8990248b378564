// `pasport worker`: runs the scheduler (reminders, deliveries, reports) without serving HTTP. Any
// number of workers and servers may share one PostgreSQL database; each job still runs once.
import pino from 'pino';
import { loadConfig } from '../config.ts';
import { connect } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { createServices } from '../services.ts';
import { createScheduler } from '../scheduler/module.ts';
import { registerRunner } from '../actions/registry.ts';

export async function run(): Promise<number> {
  const config = loadConfig();
  const log = pino({ level: config.logLevel });
  const connection = await connect({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: 4,
    embeddedBuffersMb: config.embeddedBuffersMb,
  });
  await migrateToLatest(connection.db);
  const services = createServices(connection.db, connection.kind, config);
  await registerRunner(services);
  const scheduler = await createScheduler(services, log);
  // A worker exists to run jobs: it polls even when the in-server scheduler is configured off.
  scheduler.start(config.scheduler.intervalMs || 15000);
  log.info({ worker: scheduler.worker, database: connection.kind }, 'pasport worker is running');
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'worker stopping');
    await scheduler.stop();
    await connection.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  return new Promise(() => {});
}
