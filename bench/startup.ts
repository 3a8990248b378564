// Start-up benchmark (not a test): generates N passports, then times a start of the service: until it
// listens, until status_show answers, and until the SPARQL store (loaded in the background) is ready.
// Before issue 22 the service listened only after that load, so the old time-to-serve was about
// "listening" + "sparql ready".
//   node --import tsx bench/startup.ts --n 5000             PostgreSQL (PASPORT_TEST_PG or local)
//   node --import tsx bench/startup.ts --n 2000 --embedded  embedded PGlite
import { sql } from 'kysely';
import { loadConfig } from '../src/config.ts';
import { buildApp } from '../src/app.ts';
import { connect } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { ensureUser } from '../src/auth/users.ts';
import { freshDatabase, tempDir } from '../test/helpers/db.ts';
import { generateCatalog } from '../test/helpers/search-catalog.ts';

const args = process.argv.slice(2);
const arg = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const N = Number(arg('n', '5000'));
const EMBEDDED = args.includes('--embedded');

async function main() {
  const env: Record<string, string> = { LOG_LEVEL: 'error' };
  let cleanup: () => unknown;
  if (EMBEDDED) {
    const t = tempDir('pasport-bench-');
    env.PASPORT_DATA_DIR = t.dir;
    cleanup = t.remove;
  } else {
    const d = await freshDatabase();
    env.DATABASE_URL = d.url;
    cleanup = d.drop;
  }
  const config = loadConfig({ ...env, PORT: '0', HOST: '127.0.0.1' } as NodeJS.ProcessEnv);
  try {
    const gen = await connect({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    await migrateToLatest(gen.db);
    const admin = await ensureUser(gen.db, 'bench-admin', { sysadmin: true, email: 'bench@example.org' });
    await generateCatalog(gen.db, N, { adminId: admin.id });
    // As after a normal life: every consumer has applied the outbox.
    for (const c of ['search', 'sparql']) {
      await sql`INSERT INTO outbox_cursor (consumer, last_id) SELECT ${c}, coalesce(max(id), 0) FROM outbox ON CONFLICT (consumer) DO UPDATE SET last_id = excluded.last_id`.execute(gen.db);
    }
    await gen.close();

    const t0 = performance.now();
    const pasport = await buildApp(config, { logger: { level: 'error' } });
    await pasport.app.listen({ port: 0, host: '127.0.0.1' });
    const listening = performance.now() - t0;
    const addr = pasport.app.server.address();
    const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    const status = async () => ((await (await fetch(`${base}/api/3/action/status_show`)).json()) as { result: { components: { sparql: { state: string; loaded: number; total: number; ms: number } } } }).result;
    const first = await status();
    const firstAnswer = performance.now() - t0;
    let s = first.components.sparql;
    while (s.state === 'loading') {
      await new Promise((r) => setTimeout(r, 100));
      s = (await status()).components.sparql;
    }
    const ready = performance.now() - t0;
    console.log(JSON.stringify({
      n: N, db: EMBEDDED ? 'pglite' : 'postgres',
      listening_ms: Math.round(listening), status_show_ms: Math.round(firstAnswer),
      first_sparql_status: first.components.sparql, sparql_ready_ms: Math.round(ready), sparql_load_ms: s.ms, state: s.state,
    }));
    await pasport.close();
  } finally {
    await cleanup();
  }
}

await main();
