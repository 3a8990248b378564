// Start-up benchmark (not a test): generates N passports, then times a start of the service: until it
// listens, until status_show answers, and until the SPARQL store (loaded in the background) is ready.
// Before issue 22 the service listened only after that load, so the old time-to-serve was about
// "listening" + "sparql ready". Two starts: the first rebuilds the store from the database and writes
// its snapshot on shutdown; the second loads that snapshot. After each, resident memory once settled,
// by part (status_show components.sparql.memory).
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
import { freePort } from '../test/helpers/port.ts';
import type { Config } from '../src/config.ts';

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
  // A fixed address: the snapshot's graphs name the site, so both starts must have the same one.
  const port = await freePort();
  const snapDir = tempDir('pasport-bench-snap-');
  const config = loadConfig({
    PASPORT_DATA_DIR: snapDir.dir,
    ...env,
    PORT: String(port),
    HOST: '127.0.0.1',
    SITE_URL: `http://127.0.0.1:${port}`,
  } as NodeJS.ProcessEnv);
  try {
    const g0 = performance.now();
    const gen = await connect({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    await migrateToLatest(gen.db);
    const admin = await ensureUser(gen.db, 'bench-admin', { sysadmin: true, email: 'bench@example.org' });
    await generateCatalog(gen.db, N, { adminId: admin.id });
    // As after a normal life: every consumer has applied the outbox.
    for (const c of ['search', 'sparql']) {
      await sql`INSERT INTO outbox_cursor (consumer, last_id) SELECT ${c}, coalesce(max(id), 0) FROM outbox ON CONFLICT (consumer) DO UPDATE SET last_id = excluded.last_id`.execute(
        gen.db,
      );
    }
    // One outbox entry, so the store has a position to record in its snapshot.
    await sql`INSERT INTO outbox (topic, entity_id, op) VALUES ('structure', 'bench', 'upsert')`.execute(gen.db);
    await gen.close();
    console.error(`generated ${N} passports in ${Math.round((performance.now() - g0) / 1000)} s`);
    for (const start of ['rebuild', 'snapshot'])
      console.log(JSON.stringify({ n: N, db: EMBEDDED ? 'pglite' : 'postgres', start, ...(await timeStart(config)) }));
  } finally {
    await cleanup();
    snapDir.remove();
  }
}

const MB = (b: number) => Math.round(b / 1048576);

async function timeStart(config: Config) {
  const t0 = performance.now();
  const pasport = await buildApp(config, { logger: { level: 'error' } });
  await pasport.app.listen({ port: config.port, host: '127.0.0.1' });
  const listening = performance.now() - t0;
  const base = `http://127.0.0.1:${config.port}`;
  type Sparql = {
    state: string;
    loaded: number;
    total: number;
    ms: number;
    snapshot?: { loaded_from?: string; last_bytes?: number; last_ms?: number };
    memory: any;
  };
  const status = async () =>
    ((await (await fetch(`${base}/api/3/action/status_show`)).json()) as { result: { components: { sparql: Sparql } } })
      .result;
  const first = await status();
  const firstAnswer = performance.now() - t0;
  let s = first.components.sparql;
  let peak = process.memoryUsage.rss();
  while (s.state === 'loading') {
    await new Promise((r) => setTimeout(r, 100));
    peak = Math.max(peak, process.memoryUsage.rss());
    s = (await status()).components.sparql;
  }
  const ready = performance.now() - t0;
  // Steady: the load's garbage collected, the background snapshot (after a rebuild) written.
  await new Promise((r) => setTimeout(r, 5000));
  (globalThis as { gc?: () => void }).gc?.();
  s = (await status()).components.sparql;
  const m = s.memory;
  const out = {
    listening_ms: Math.round(listening),
    status_show_ms: Math.round(firstAnswer),
    sparql_ready_ms: Math.round(ready),
    sparql_load_ms: s.ms,
    state: s.state,
    loaded_from: s.snapshot?.loaded_from,
    rss_peak_mb: MB(peak),
    rss_steady_mb: MB(m.process.rss),
    js_heap_mb: MB(m.process.js_heap),
    array_buffers_mb: MB(m.process.array_buffers),
    store_wasm_mb: (m.store.workers as number[]).map(MB),
    journal_mb: MB(m.store.journal_bytes),
    cache_mb: MB(m.store.cache.bytes),
  };
  await pasport.close();
  const fs = await import('node:fs');
  const f = config.sparql.snapshotFile;
  return { ...out, snapshot_file_mb: f && fs.existsSync(f) ? MB(fs.statSync(f).size) : null };
}

await main();
