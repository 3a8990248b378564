// Start-up benchmark (not a test): generates N passports, then times starts of the service as a real
// `pasport serve` process: from its spawn until status_show answers, and until the SPARQL store (loaded in
// the background) is ready.
// Before issue 22 the service listened only after that load, so the old time-to-serve was about
// "listening" + "sparql ready". Two starts: the first rebuilds the store from the database and writes
// its snapshot on shutdown; the second loads that snapshot. After each, resident memory once settled,
// by part (status_show components.sparql.memory).
//   node --import tsx bench/startup.ts --n 5000             PostgreSQL (PASPORT_TEST_PG or local)
//   node --import tsx bench/startup.ts --n 2000 --embedded  embedded PGlite
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.ts';
import { buildApp } from '../src/app.ts';
import { settleBackground } from '../test/helpers/settle.ts';
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
  Object.assign(env, {
    PASPORT_DATA_DIR: snapDir.dir,
    ...env,
    PORT: String(port),
    HOST: '127.0.0.1',
    SITE_URL: `http://127.0.0.1:${port}`,
    PASPORT_LINK_CHECK: 'false',
  });
  const config = loadConfig(env as NodeJS.ProcessEnv);
  try {
    const g0 = performance.now();
    const gen = await connect({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    await migrateToLatest(gen.db);
    const admin = await ensureUser(gen.db, 'bench-admin', { sysadmin: true, email: 'bench@example.org' });
    await generateCatalog(gen.db, N, { adminId: admin.id });
    // The generator writes the search documents itself, and the first life's SPARQL start rebuilds
    // from the database: neither consumer has anything of the generation's outbox left to apply.
    for (const c of ['search', 'sparql']) {
      await sql`INSERT INTO outbox_cursor (consumer, last_id) SELECT ${c}, coalesce(max(id), 0) FROM outbox ON CONFLICT (consumer) DO UPDATE SET last_id = excluded.last_id`.execute(
        gen.db,
      );
    }
    await gen.close();
    console.error(`generated ${N} passports in ${Math.round((performance.now() - g0) / 1000)} s`);
    // A first life, untimed: the service scores every passport (the quality backfill) and every consumer
    // applies the outbox, as on a catalogue that has been serving for a while. Started in this process;
    // the timed starts below are processes of their own.
    const l0 = performance.now();
    const life = await buildApp(config, { logger: { level: 'error' } });
    await life.app.ready();
    await settleBackground(life.services, 3_600_000);
    await life.close();
    console.error(`first life (scores, search, SPARQL) settled in ${Math.round((performance.now() - l0) / 1000)} s`);
    for (const start of ['rebuild', 'snapshot']) {
      // The rebuild start is one without a snapshot (a first deploy, or a damaged file).
      if (start === 'rebuild') rmSync(config.sparql.snapshotFile!, { force: true });
      console.log(
        JSON.stringify({ n: N, db: EMBEDDED ? 'pglite' : 'postgres', start, ...(await timeStart(env, config)) }),
      );
    }
  } finally {
    await cleanup();
    snapDir.remove();
  }
}

const MB = (b: number) => Math.round(b / 1048576);

// Each start is a real `pasport serve` process, so the times count from its spawn: Node's start, the
// TypeScript loader, module imports, the database check and migrations included.
async function timeStart(env: Record<string, string>, config: Config) {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['bin/pasport.mjs', 'serve'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((r) => child.once('exit', r));
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
  let first: Awaited<ReturnType<typeof status>> | undefined;
  while (!first) {
    if (child.exitCode !== null) throw new Error(`pasport serve exited with ${child.exitCode}`);
    first = await status().catch(() => undefined);
    if (!first) await new Promise((r) => setTimeout(r, 20));
  }
  const firstAnswer = performance.now() - t0;
  let s = first.components.sparql;
  while (s.state === 'loading') {
    await new Promise((r) => setTimeout(r, 100));
    s = (await status()).components.sparql;
  }
  const ready = performance.now() - t0;
  // Steady: the load's garbage collected, the background snapshot (after a rebuild) written.
  await new Promise((r) => setTimeout(r, 5000));
  s = (await status()).components.sparql;
  const m = s.memory;
  // The kernel's high-water mark of the server process, loading included.
  const hwm = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
  const out = {
    status_show_ms: Math.round(firstAnswer),
    sparql_ready_ms: Math.round(ready),
    sparql_load_ms: s.ms,
    state: s.state,
    loaded_from: s.snapshot?.loaded_from,
    rss_peak_mb: MB(hwm),
    rss_steady_mb: MB(m.process.rss),
    js_heap_mb: MB(m.process.js_heap),
    array_buffers_mb: MB(m.process.array_buffers),
    store_wasm_mb: (m.store.workers as number[]).map(MB),
    journal_mb: MB(m.store.journal_bytes),
    cache_mb: MB(m.store.cache.bytes),
  };
  // SIGTERM: the service closes as in production and writes its snapshot on the way out.
  child.kill('SIGTERM');
  await exited;
  const f = config.sparql.snapshotFile;
  return { ...out, snapshot_file_mb: f && existsSync(f) ? MB(statSync(f).size) : null };
}

await main();
