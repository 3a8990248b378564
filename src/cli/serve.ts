import { loadConfig } from '../config.ts';
import { buildApp } from '../app.ts';

export async function run(): Promise<number> {
  const config = loadConfig();
  const pasport = await buildApp(config);
  const log = pasport.app.log;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    await pasport.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  await pasport.app.listen({ port: config.port, host: config.host });
  log.info(
    {
      url: config.siteUrl,
      database: pasport.connection.kind,
      dataDir: config.databaseUrl ? undefined : config.dataDir,
    },
    'pasport is serving',
  );
  return new Promise(() => {}); // runs until a signal
}
