// Counts every HTTP response (by action and status, with its latency) and serves /metrics. Installed on
// the root instance before any route, so its onResponse hook sees every surface. Gauges that describe
// state (outbox lag, SPARQL queue) are read when Prometheus scrapes, not kept up to date on every change.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import type { Services } from '../services.ts';
import type { ActionRunner } from '../actions/runner.ts';
import { OUTBOX_CONSUMERS } from '../actions/site/status-show.ts';
import { outboxLags } from '../outbox.ts';
import {
  collectProcessMetrics,
  httpDuration,
  httpRequests,
  initialiseSeries,
  outboxFailing,
  outboxLagSeconds,
  outboxPending,
  registry,
  sparqlBusy,
  sparqlQueue,
} from './registry.ts';
import type { StoreStats } from '../sparql/store.ts';

const ACTION_ROUTES = new Set(['/api/3/action/:name', '/api/action/:name']);

type Child = { inc(): void; observe(v: number): void };

/** The label naming what a request asked for: the action, else the route pattern, never the raw URL. */
function actionLabel(req: FastifyRequest, runner: ActionRunner): string {
  const route = req.routeOptions.url;
  if (route === undefined) return 'unmatched';
  if (ACTION_ROUTES.has(route)) {
    const name = (req.params as { name?: string }).name ?? '';
    return runner.get(name) ? name : 'unknown_action';
  }
  return route;
}

/** What the response hook does per request; separate so bench/api.ts can time it alone. */
export function responseRecorder(runner: ActionRunner): (req: FastifyRequest, reply: FastifyReply) => void {
  // The label children are looked up once per combination, not per request.
  const counters = new Map<string, Child>();
  const timers = new Map<string, Child>();
  return (req, reply) => {
    const action = actionLabel(req, runner);
    const status = reply.statusCode;
    const key = `${action} ${req.method} ${status}`;
    let c = counters.get(key);
    if (!c) counters.set(key, (c = httpRequests.labels(action, req.method, String(status)) as unknown as Child));
    let h = timers.get(action);
    if (!h) timers.set(action, (h = httpDuration.labels(action) as unknown as Child));
    c.inc();
    h.observe(reply.elapsedTime / 1000);
  };
}

export function installMetrics(app: FastifyInstance, services: Services, runner: ActionRunner): void {
  collectProcessMetrics();
  initialiseSeries();
  const record = responseRecorder(runner);
  app.addHook('onResponse', (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
    record(req, reply);
    done();
  });

  const token = services.config.metrics.token;
  app.get('/metrics', { schema: { hide: true } }, async (req, reply) => {
    if (token && !bearerMatches(req.headers.authorization, token)) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer realm="metrics"')
        .type('text/plain')
        .send('metrics need a bearer token');
    }
    await refreshGauges(services);
    return reply
      .type(registry.contentType)
      .header('cache-control', 'no-store')
      .send(await registry.metrics());
  });
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(.+)$/i.exec(header ?? '');
  if (!m) return false;
  const a = Buffer.from(m[1].trim());
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function refreshGauges(services: Services): Promise<void> {
  const now = Date.now();
  try {
    for (const [consumer, lag] of await outboxLags(services.db, OUTBOX_CONSUMERS)) {
      outboxPending.set({ consumer }, lag.pending);
      const oldest = lag.oldest ? Date.parse(`${lag.oldest}Z`) : NaN;
      outboxLagSeconds.set({ consumer }, Number.isFinite(oldest) ? Math.max(0, (now - oldest) / 1000) : 0);
      outboxFailing.set({ consumer }, lag.last_error ? 1 : 0);
    }
  } catch {
    // The database is down: the lag is unknown, and /health/ready says why. Keep the last values.
  }
  const sparql = services.extensions.sparql as { store?: { stats?(): StoreStats } } | undefined;
  const stats = sparql?.store?.stats?.();
  if (stats?.pools) {
    for (const [pool, p] of Object.entries(stats.pools)) {
      sparqlQueue.set({ pool }, p.queued);
      sparqlBusy.set({ pool }, p.busy);
    }
  }
}
