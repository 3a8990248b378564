// Rate limits per API token, per signed-in user (session cookie) and per IP address (anonymous). Each
// request is counted in one class: Action API reads, writes, anonymous writes, SPARQL, DataStore SQL
// (limits in config.identity.rateLimit). Over the limit the answer is 429 with Retry-After and a CKAN
// error envelope; every limited answer says the limit and what remains. Counters live in Redis when
// PASPORT_REDIS_URL is set (@fastify/rate-limit's store: one Lua call per request), else in PostgreSQL
// (pg-store.ts, counted in memory and written behind), shared by all instances.
//
// The stores are called from one hook of our own rather than through the library's per-request wrapper
// (createRateLimit), whose generality (allow lists, key generators, bans, a promise around every store
// call) we do not use: the limiter's share of package_show's CPU went from 4.1 % to 1.8-3.0 % (CPU
// profile, bench/ratelimit.ts). The PostgreSQL store answers synchronously, without a promise.
import type { FastifyInstance, FastifyRequest } from 'fastify';
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
 * The class a request is counted in, or null for routes without a limit (health, metrics, DCAT ...).
 * A write is 'write' here; the hook makes it 'anonymousWrite' for a caller who is not signed in.
 * (Fastify builds `routeOptions` afresh at each access, so it is read once.)
 */
function rateClass(req: FastifyRequest, runner: ActionRunner): RateClass | null {
  const route = req.routeOptions.url ?? '';
  if (ACTION_ROUTES.has(route)) {
    const def = runner.get((req.params as { name?: string }).name ?? '');
    if (!def) return 'read';
    if (def.name === 'datastore_search_sql') return 'datastoreSql';
    return def.sideEffectFree ? 'read' : 'write';
  }
  if (route === '/sparql' || route.startsWith('/sparql/')) return 'sparql';
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

/** Counts a hit: the answer itself when the store answers at once (PostgreSQL), else a promise (Redis). */
function hit(store: CountStore, key: string, windowMs: number, max: number): Count | Promise<Count> {
  let now: Count | undefined;
  let failed: Error | null = null;
  let later: ((e: Error | null, r?: Count) => void) | undefined;
  store.incr(
    key,
    (e, r) => {
      if (later) later(e, r);
      else [failed, now] = [e, r];
    },
    windowMs,
    max,
  );
  if (failed) throw failed;
  if (now) return now;
  return new Promise((resolve, reject) => {
    later = (e, r) => (e || !r ? reject(e ?? new Error('no count')) : resolve(r));
  });
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
  const store: CountStore = RedisStore ? new RedisStore(false, false, redis!, 'pasport-rl:') : pg!;
  const help = `${services.config.siteUrl}/api/3/action/help_show`;
  const windowS = Math.round(cfg.windowMs / 1000);

  app.addHook('onRequest', async (req, reply) => {
    let cls = rateClass(req, runner);
    // Routes without a limit do not even look up the caller.
    if (!cls) return;
    const user = await req.caller();
    if (cls === 'write' && !user) cls = 'anonymousWrite';
    const max = cfg.max[cls];
    let count: Count;
    try {
      const c = hit(store, `${cls}|${clientKey(req, user)}`, cfg.windowMs, max);
      count = c instanceof Promise ? await c : c;
    } catch {
      // A Redis outage lets requests through rather than failing every one of them.
      return;
    }
    const reset = Math.ceil(count.ttl / 1000);
    reply
      .header('x-ratelimit-limit', max)
      .header('x-ratelimit-remaining', Math.max(0, max - count.current))
      .header('x-ratelimit-reset', reset);
    if (count.current <= max) return;
    const detail = `${max} ${cls} requests per ${windowS} s for this ${user?.tokenId ? 'API token' : user ? 'user' : 'address'}; retry in ${reset} s`;
    reply.header('cache-control', 'no-store');
    return sendCkanError(req, reply, new RateLimited(detail, reset), help);
  });
  app.addHook('onClose', async () => {
    await pg?.close();
    // quit() waits for a connection that may never come back; an unreachable Redis is just dropped.
    if (redis?.status === 'ready') await redis.quit().catch(() => {});
    else redis?.disconnect();
  });
}
