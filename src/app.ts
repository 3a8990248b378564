// Builds the Pasport service: database, migrations, services, and one Fastify plugin per surface.
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Config } from './config.ts';
import { connect, type Connection } from './db/connect.ts';
import { migrateToLatest } from './db/migrate.ts';
import { createServices, type Services } from './services.ts';
import type { Clock } from './clock.ts';
import { registerRunner } from './actions/registry.ts';
import { ActionRunner } from './actions/runner.ts';
import { apiPlugin } from './api/plugin.ts';
import { sendCkanError } from './api/error-reply.ts';
import { buildOpenApi } from './api/openapi.ts';
import { downloadsPlugin } from './api/downloads.ts';
import { installCaller } from './api/caller.ts';
import { installRateLimit } from './ratelimit/plugin.ts';
import { modules } from './modules.ts';
import type { ModuleHooks } from './modules/types.ts';
import { installMetrics } from './metrics/plugin.ts';
import { healthPlugin } from './health/plugin.ts';
import { landingPlugin } from './landing/plugin.ts';

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
  const connection =
    opts.connection ??
    (await connect({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      embeddedBuffersMb: config.embeddedBuffersMb,
    }));
  await migrateToLatest(connection.db);
  const services = createServices(connection.db, connection.kind, config, opts.clock);
  const runner = await registerRunner(services);

  const app = Fastify({
    logger: opts.logger ?? { level: config.logLevel },
    bodyLimit: config.input.maxBodyBytes,
    routerOptions: { maxParamLength: 500 },
    // Per-request lines only when debugging: at load they cost more than the request itself.
    logController: new LogController({ disableRequestLogging: config.logLevel !== 'debug' }),
    // Requests Node's parser refuses (headers or URL over 16 kB, broken framing) get a CKAN-shaped body.
    clientErrorHandler: (err, socket) => {
      const code = (err as { code?: string }).code;
      const status = code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
      const body = JSON.stringify(
        status === 431
          ? 'Bad request - Request header fields (or URL) too large'
          : 'Bad request - Malformed HTTP request',
      );
      if (socket.writable)
        socket.end(
          `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\nContent-Type: application/json;charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
        );
      else socket.destroy();
    },
  });

  installCaller(app, services);
  // Before every route it limits (Action API, SPARQL), so its hook applies to them.
  await installRateLimit(app, services, runner);
  app.setErrorHandler((err, req, reply) => sendCkanError(req, reply, err, `${config.siteUrl}/api/3/action/help_show`));
  app.setNotFoundHandler((req, reply) =>
    reply
      .code(404)
      .type('application/json;charset=utf-8')
      .send(JSON.stringify({ success: false, error: { __type: 'Not Found Error', message: 'Not found' } })),
  );

  // First, so its response hook sees every route registered after it.
  if (config.metrics.enabled) installMetrics(app, services, runner);
  await app.register(healthPlugin, { services });
  await app.register(landingPlugin, { services });

  const document = buildOpenApi(runner.actions);
  await app.register(swagger, { mode: 'static', specification: { document: document as never } });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => document);

  await app.register(apiPlugin, { runner, services });
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
