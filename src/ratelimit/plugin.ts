// Rate limits per API token, per signed-in user (session cookie) and per IP address (anonymous). Each
// request is counted in one class: Action API reads, writes, anonymous writes, SPARQL, DataStore SQL
// (limits in config.identity.rateLimit). Over the limit the answer is 429 with Retry-After and a CKAN
// error envelope; every limited answer says the limit and what remains. Counters live in Redis when
// PASPORT_REDIS_URL is set (@fastify/rate-limit's store: one Lua call per request), else in PostgreSQL
// (pg-store.ts, counted in memory and written behind), shared by all instances.
//
// The stores are called from one hook of our own rather than through the library's per-request wrapper
// (createRateLimit), whose generality (allow lists, key generators, bans, a promise around every store
// call) we do not use: the limiter's share of package_show's CPU went from 4.1 % to 1.3-2.6 % (CPU
// profile, bench/ratelimit.ts). The PostgreSQL store answers synchronously, without a promise.
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  HookHandlerDoneFunction as HookDone,
  onRequestHookHandler,
} from 'fastify';
import type { AuthUser } from '../actions/types.ts';
import { callerAtOnce } from '../api/caller.ts';
import { createRequire } from 'node:module';
import type { Redis } from 'ioredis';
import type { ActionRunner } from '../actions/runner.ts';
import type { RateClass } from '../config.ts';
import type { Services } from '../services.ts';
import { clientKey } from './keys.ts';
import { RateLimited } from '../errors.ts';
import { sendCkanError } from '../api/error-reply.ts';
import { PgRateStore } from './pg-store.ts';

const ACTION_ROUTES = new Set(['/api/3/action/:name', '/api/action/:name']);

/**
 * How a route's requests are classed, decided once when the route is registered: an Action API route by
 * its action (a write is 'write' here; the hook makes it 'anonymousWrite' for a caller who is not signed
 * in), SPARQL routes as 'sparql', others (health, metrics, DCAT ...) not limited: null.
 */
function routeClass(url: string, runner: ActionRunner): ((req: FastifyRequest) => RateClass) | null {
  if (ACTION_ROUTES.has(url))
    return (req) => {
      const def = runner.get((req.params as { name?: string }).name ?? '');
      if (!def) return 'read';
      if (def.name === 'datastore_search_sql') return 'datastoreSql';
      return def.sideEffectFree ? 'read' : 'write';
    };
  if (url === '/sparql' || url.startsWith('/sparql/')) return () => 'sparql';
  return null;
}

/** What a store's `incr` reports: requests counted in the window so far, and its milliseconds left. */
interface Count {
  current: number;
  ttl: number;
}
interface CountStore {
  incr(key: string, cb: (err: Error | null, r?: Count) => void, timeWindow: number, max: number): void;
}

// The library's Redis store (a CommonJS module without type declarations of its own). It and ioredis
// (55 modules) are loaded only where PASPORT_REDIS_URL is set.
type RedisStoreClass = new (
  continueExceeding: boolean,
  exponentialBackoff: boolean,
  redis: Redis,
  nameSpace: string,
) => CountStore;

/** Counts a hit in the library's Redis store, which answers through a callback. */
function redisHit(store: CountStore, key: string, windowMs: number, max: number): Promise<Count> {
  return new Promise((resolve, reject) =>
    store.incr(key, (e, r) => (e || !r ? reject(e ?? new Error('no count')) : resolve(r)), windowMs, max),
  );
}

export async function installRateLimit(app: FastifyInstance, services: Services, runner: ActionRunner): Promise<void> {
  const cfg = services.config.identity.rateLimit;
  if (!cfg.enabled) return;
  const redis = cfg.redisUrl
    ? new (await import('ioredis')).Redis(cfg.redisUrl, {
        maxRetriesPerRequest: 1,
        enableOfflineQueue: false,
        lazyConnect: false,
      })
    : null;
  // ioredis reconnects by itself; say so in the log at most once a minute instead of at every retry.
  let warned = 0;
  redis?.on('error', (err: Error) => {
    if (Date.now() - warned < 60_000) return;
    warned = Date.now();
    app.log.warn({ err: err.message }, 'rate limits: Redis unreachable; requests pass uncounted until it is back');
  });
  const pg = redis ? null : new PgRateStore(services.db);
  const RedisStore = redis
    ? (createRequire(import.meta.url)('@fastify/rate-limit/store/RedisStore.js') as RedisStoreClass)
    : null;
  const redisStore: CountStore | null = RedisStore ? new RedisStore(false, false, redis!, 'pasport-rl:') : null;
  const help = `${services.config.siteUrl}/api/3/action/help_show`;
  const windowS = Math.round(cfg.windowMs / 1000);

  /** Says the count in the answer's headers; over the limit, answers 429 and returns false. */
  const answer = (req: FastifyRequest, reply: FastifyReply, cls: RateClass, user: AuthUser | null, c: Count) => {
    const max = cfg.max[cls];
    const reset = Math.ceil(c.ttl / 1000);
    reply
      .header('x-ratelimit-limit', max)
      .header('x-ratelimit-remaining', Math.max(0, max - c.current))
      .header('x-ratelimit-reset', reset);
    if (c.current <= max) return true;
    const detail = `${max} ${cls} requests per ${windowS} s for this ${user?.tokenId ? 'API token' : user ? 'user' : 'address'}; retry in ${reset} s`;
    reply.header('cache-control', 'no-store');
    sendCkanError(req, reply, new RateLimited(detail, reset), help);
    return false;
  };

  /** Counts the request (the caller known) and lets it on, or answers 429. The PostgreSQL store's path
   * makes no closure: it runs for every limited request. A Redis outage lets requests through rather
   * than failing every one of them. */
  function limit(req: FastifyRequest, reply: FastifyReply, done: HookDone, cls: RateClass, user: AuthUser | null) {
    const k = cls === 'write' && !user ? 'anonymousWrite' : cls;
    const key = `${k}|${clientKey(req, user)}`;
    if (pg) {
      if (answer(req, reply, k, user, pg.count(key, cfg.windowMs))) done();
      return;
    }
    redisHit(redisStore!, key, cfg.windowMs, cfg.max[k]).then(
      (n) => answer(req, reply, k, user, n) && done(),
      () => done(),
    );
  }
  // A callback hook, synchronous for a request without credentials on the PostgreSQL store (most
  // anonymous reads): an async hook made every request pay a promise and a turn of the event loop. It is
  // attached to the limited routes only, with their class known, so other routes do not run it at all
  // and no request rebuilds Fastify's routeOptions to find its route.
  const limitHook =
    (classOf: (req: FastifyRequest) => RateClass): onRequestHookHandler =>
    (req, reply, done) => {
      const cls = classOf(req);
      if (callerAtOnce(services, req) === null) limit(req, reply, done, cls, null);
      else req.caller().then((user) => limit(req, reply, done, cls, user), done);
    };
  app.addHook('onRoute', (route) => {
    const classOf = routeClass(route.url, runner);
    if (!classOf) return;
    const own = route.onRequest ? [route.onRequest].flat() : [];
    route.onRequest = [limitHook(classOf), ...own];
  });
  app.addHook('onClose', async () => {
    await pg?.close();
    // quit() waits for a connection that may never come back; an unreachable Redis is just dropped.
    if (redis?.status === 'ready') await redis.quit().catch(() => {});
    else redis?.disconnect();
  });
}
