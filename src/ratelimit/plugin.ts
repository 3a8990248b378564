// Rate limits per API token, per signed-in user (session cookie) and per IP address (anonymous), with
// @fastify/rate-limit. Each request is counted in one class: Action API reads, writes, anonymous writes,
// SPARQL, DataStore SQL (limits in config.identity.rateLimit). Over the limit the answer is 429 with
// Retry-After and a CKAN error envelope; every limited answer says the limit and what remains. Counters
// live in Redis when PASPORT_REDIS_URL is set, else in PostgreSQL (pg-store.ts), shared by all instances.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { Redis } from 'ioredis';
import type { ActionRunner } from '../actions/runner.ts';
import type { RateClass } from '../config.ts';
import type { Services } from '../services.ts';
import { clientKey } from './keys.ts';
import { PgRateStore } from './pg-store.ts';

const JSON_TYPE = 'application/json;charset=utf-8';
const ACTION_ROUTES = new Set(['/api/3/action/:name', '/api/action/:name']);

/** The class a request is counted in, or null for routes without a limit (health, metrics, DCAT ...). */
export function rateClass(req: FastifyRequest, runner: ActionRunner, signedIn: boolean): RateClass | null {
  const route = req.routeOptions.url ?? '';
  if (ACTION_ROUTES.has(route)) {
    const def = runner.get((req.params as { name?: string }).name ?? '');
    if (!def) return 'read';
    if (def.name === 'datastore_search_sql') return 'datastoreSql';
    if (def.sideEffectFree) return 'read';
    return signedIn ? 'write' : 'anonymousWrite';
  }
  if (route === '/sparql' || route.startsWith('/sparql/')) return 'sparql';
  return null;
}

export async function installRateLimit(app: FastifyInstance, services: Services, runner: ActionRunner): Promise<void> {
  const cfg = services.config.identity.rateLimit;
  if (!cfg.enabled) return;
  const redis = cfg.redisUrl
    ? new Redis(cfg.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false })
    : null;
  const pg = redis ? null : new PgRateStore(services.db);
  const Store = pg
    ? (function PgStoreCtor() {
        return pg;
      } as unknown as new () => PgRateStore)
    : undefined;
  // skipOnError: a Redis outage lets requests through rather than failing every one of them.
  await app.register(rateLimit, {
    global: false,
    skipOnError: true,
    ...(redis ? { redis, nameSpace: 'pasport-rl:' } : { store: Store }),
  });
  const keys = new WeakMap<FastifyRequest, string>();
  const limiters = Object.fromEntries(
    (Object.keys(cfg.max) as RateClass[]).map((c) => [
      c,
      app.createRateLimit({
        max: cfg.max[c],
        timeWindow: cfg.windowMs,
        keyGenerator: (req) => keys.get(req)!,
      }),
    ]),
  ) as Record<RateClass, ReturnType<FastifyInstance['createRateLimit']>>;
  const help = `${services.config.siteUrl}/api/3/action/help_show`;
  const windowS = Math.round(cfg.windowMs / 1000);

  app.addHook('onRequest', async (req, reply) => {
    // Routes without a limit do not even look up the caller.
    if (!rateClass(req, runner, true)) return;
    const user = await req.caller();
    const cls = rateClass(req, runner, !!user)!;
    keys.set(req, `${cls}|${clientKey(req, user)}`);
    const r = await limiters[cls](req);
    if (r.isAllowed) return;
    reply
      .header('x-ratelimit-limit', r.max)
      .header('x-ratelimit-remaining', r.remaining)
      .header('x-ratelimit-reset', r.ttlInSeconds);
    if (!r.isExceeded) return;
    const message = `Rate limit exceeded: ${r.max} ${cls} requests per ${windowS} s for this ${user?.tokenId ? 'API token' : user ? 'user' : 'address'}; retry in ${r.ttlInSeconds} s`;
    return reply
      .code(429)
      .header('retry-after', r.ttlInSeconds)
      .type(JSON_TYPE)
      .header('cache-control', 'no-store')
      .send(JSON.stringify({ help, success: false, error: { __type: 'Rate Limit Error', message } }));
  });
  app.addHook('onClose', async () => {
    await pg?.close();
    await redis?.quit().catch(() => {});
  });
}
