// Probes for load balancers and orchestrators. /health/live: the process answers (restart it if not).
// /health/ready: it can serve — the database answers, its schema is current, the search engine and the
// SPARQL store answer (take it out of rotation if not). Each check has its own time limit, so a hung
// dependency makes the probe fail in about two seconds instead of hanging it.
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Services } from '../services.ts';
import { pendingMigrations } from '../db/migrate.ts';

const CHECK_TIMEOUT_MS = 2000;

type Check = () => Promise<Record<string, unknown> | void>;
interface CheckResult {
  status: 'ok' | 'fail';
  ms: number;
  error?: string;
  [k: string]: unknown;
}

function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, limit]).finally(() => clearTimeout(timer));
}

async function run(check: Check): Promise<CheckResult> {
  const t0 = performance.now();
  try {
    const extra = await within(check(), CHECK_TIMEOUT_MS);
    return { status: 'ok', ms: Math.round(performance.now() - t0), ...(extra ?? {}) };
  } catch (err) {
    return { status: 'fail', ms: Math.round(performance.now() - t0), error: (err as Error).message };
  }
}

interface SparqlExtension {
  store?: {
    stats?(): { pools?: { public?: { ready: number } } };
    query(text: string, opts: Record<string, unknown>): Promise<unknown>;
  };
}

export function readinessChecks(services: Services): Record<string, Check> {
  const { db, config } = services;
  const checks: Record<string, Check> = {
    database: async () => {
      await sql`select 1`.execute(db);
    },
    migrations: async () => {
      const pending = await pendingMigrations(db);
      if (pending.length) throw new Error(`not applied: ${pending.join(', ')}`);
    },
    search: async () => {
      if (config.meiliUrl) {
        const r = await fetch(`${config.meiliUrl.replace(/\/+$/, '')}/health`, {
          signal: AbortSignal.timeout(CHECK_TIMEOUT_MS),
        });
        if (!r.ok) throw new Error(`Meilisearch answered ${r.status}`);
        return { engine: 'meilisearch' };
      }
      await sql`select 1 from search_doc limit 1`.execute(db);
      return { engine: 'postgres' };
    },
  };
  if (config.sparql.enabled) {
    checks.sparql = async () => {
      const store = (services.extensions.sparql as SparqlExtension | undefined)?.store;
      if (!store) throw new Error('SPARQL store not started');
      if (config.sparql.external) {
        await store.query('ASK {}', { scope: 'public', format: 'json', timeoutMs: CHECK_TIMEOUT_MS });
        return { store: 'external' };
      }
      const ready = store.stats?.().pools?.public?.ready ?? 0;
      if (ready < 1) throw new Error('no SPARQL worker is ready');
      return { store: 'local', ready_workers: ready };
    };
  }
  return checks;
}

export async function healthPlugin(app: FastifyInstance, opts: { services: Services }): Promise<void> {
  const checks = readinessChecks(opts.services);
  app.get('/health/live', { schema: { hide: true } }, async (_req, reply) =>
    reply.header('cache-control', 'no-store').send({ status: 'ok', uptime_s: Math.round(process.uptime()) }),
  );
  app.get('/health/ready', { schema: { hide: true } }, async (_req, reply) => {
    const names = Object.keys(checks);
    const results = await Promise.all(names.map((n) => run(checks[n])));
    const out = Object.fromEntries(names.map((n, i) => [n, results[i]]));
    const ok = results.every((r) => r.status === 'ok');
    return reply
      .code(ok ? 200 : 503)
      .header('cache-control', 'no-store')
      .send({ status: ok ? 'ok' : 'fail', checks: out });
  });
}
