// What every benchmark needs: a real Pasport server on a fresh database, a sysadmin token, and an
// action caller.
import { loadConfig } from '../src/config.ts';
import { buildApp, type Pasport } from '../src/app.ts';
import { createToken, ensureUser } from '../src/auth/users.ts';
import { freshDatabase, tempDir } from '../test/helpers/db.ts';
import { settleBackground } from '../test/helpers/settle.ts';

export interface BenchServer {
  base: string;
  token: string;
  pasport: Pasport;
  call(action: string, body: unknown): Promise<any>;
  /** Every background consumer caught up (search, SPARQL, quality scores); prints how long it took. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export async function startBenchServer(
  opts: { embedded?: boolean; env?: Record<string, string> } = {},
): Promise<BenchServer> {
  // Benchmarks load bare CKAN datasets: no portal language is mandatory unless a bench says so.
  // Rate limits off unless a bench says so: load generators are one client sending thousands of requests.
  const env: Record<string, string> = {
    LOG_LEVEL: 'warn',
    PORT: '0',
    PASPORT_REQUIRED_LANGUAGES: 'none',
    PASPORT_RATE_LIMIT: 'off',
    // Fixtures' resource URLs name hosts off this machine; load stays on loopback.
    PASPORT_LINK_CHECK: 'false',
    // A setting given to the bench's command line reaches the server under test (PASPORT_CACHE_FRESHNESS=poll ...).
    ...Object.fromEntries(Object.entries(process.env).filter(([k, v]) => k.startsWith('PASPORT_') && v !== undefined)),
    ...opts.env,
  };
  let cleanup: () => Promise<void> | void;
  if (opts.embedded) {
    const tmp = tempDir();
    env.PASPORT_DATA_DIR = tmp.dir;
    cleanup = tmp.remove;
  } else {
    const db = await freshDatabase();
    env.DATABASE_URL = db.url;
    // BENCH_KEEP=1 leaves the database for EXPLAIN afterwards.
    cleanup = process.env.BENCH_KEEP ? () => console.error(`kept ${db.url}`) : db.drop;
  }
  const config = loadConfig(env as NodeJS.ProcessEnv);
  const pasport = await buildApp(config, { logger: false });
  await pasport.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(pasport.app.server.address() as { port: number }).port}`;
  config.siteUrl = base;
  const admin = await ensureUser(pasport.services.db, 'bench', { sysadmin: true });
  const { token } = await createToken(pasport.services.db, admin.id, 'bench');
  return {
    base,
    token,
    pasport,
    async call(action, body) {
      const r = await fetch(`${base}/api/3/action/${action}`, {
        method: 'POST',
        headers: { Authorization: token, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      const j = await r.json();
      if (!j.success) throw new Error(`${action}: ${JSON.stringify(j).slice(0, 500)}`);
      return j.result;
    },
    async settle() {
      const t0 = performance.now();
      await settleBackground(pasport.services, 600_000);
      console.log(`(background work settled in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    },
    async close() {
      await pasport.close();
      await cleanup();
    },
  };
}
