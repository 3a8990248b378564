// Builds the Pasport service: database, migrations, services, and one Fastify plugin per surface.
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Config } from './config.ts';
import { connect, type Connection } from './db/connect.ts';
import { migrateToLatest } from './db/migrate.ts';
import { createServices, type Services } from './services.ts';
import type { Clock } from './clock.ts';
import { loadActions } from './actions/registry.ts';
import { ActionRunner } from './actions/runner.ts';
import { apiPlugin, sendError } from './api/plugin.ts';
import { buildOpenApi } from './api/openapi.ts';
import { downloadsPlugin } from './api/downloads.ts';
import { modules, type ModuleHooks } from './modules.ts';

export interface Pasport {
  app: FastifyInstance;
  services: Services;
  runner: ActionRunner;
  connection: Connection;
  close(): Promise<void>;
}

export interface BuildOptions {
  logger?: boolean | object;
  /** Reuse an open connection (tests, CLI) instead of opening one from the config. */
  connection?: Connection;
  /** The time source (tests pass a ManualClock to drive deadlines and the scheduler). */
  clock?: Clock;
  /** Test hooks into the modules' start-up (see ModuleHooks). */
  hooks?: ModuleHooks;
}

export async function buildApp(config: Config, opts: BuildOptions = {}): Promise<Pasport> {
  const connection = opts.connection ?? (await connect({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
  await migrateToLatest(connection.db);
  const services = createServices(connection.db, connection.kind, config, opts.clock);
  const actions = await loadActions();
  const runner = new ActionRunner(actions, services);

  const app = Fastify({
    logger: opts.logger ?? { level: config.logLevel },
    bodyLimit: 64 * 1024 * 1024,
    routerOptions: { maxParamLength: 500 },
    // Per-request lines only when debugging: at load they cost more than the request itself.
    logController: new LogController({ disableRequestLogging: config.logLevel !== 'debug' }),
  });

  app.setErrorHandler((err, req, reply) => sendError(req, reply, err, `${config.siteUrl}/api/3/action/help_show`));
  app.setNotFoundHandler((req, reply) => reply.code(404).type('application/json;charset=utf-8').send(JSON.stringify({ success: false, error: { __type: 'Not Found Error', message: 'Not found' } })));

  const document = buildOpenApi(actions);
  await app.register(swagger, { mode: 'static', specification: { document: document as never } });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => document);

  await app.register(apiPlugin, { runner, services, uploadLimitBytes: 64 * 1024 * 1024 });
  await app.register(downloadsPlugin, { services });

  const stops: (() => Promise<void>)[] = [];
  for (const m of modules) {
    const started = await m.start({ app, services, runner, hooks: opts.hooks });
    if (started) stops.unshift(() => started.stop());
  }

  return {
    app,
    services,
    runner,
    connection,
    async close() {
      try {
        await app.close();
        for (const stop of stops) await stop().catch((err) => app.log.warn({ err }, 'module stop failed'));
      } finally {
        if (!opts.connection) await connection.close();
      }
    },
  };
}
