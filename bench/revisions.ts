// Two revisions of Pasport side by side, for changes that must not cost speed (a refactor): `pasport serve`
// from this tree ("after") and from a git revision ("before", checked out in a worktree under the temp
// directory with this tree's node_modules linked), both over one PostgreSQL database holding the same
// catalogue, measured in alternating order (after, before, before, after, ...) so that drift on a shared
// machine hits both. Prints each action's median req/s per revision and the ratio after/before.
//   node --import tsx bench/revisions.ts REV [N=1000] [seconds=5]     (BENCH_ROUNDS rounds, default 6)
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { freshDatabase, tempDir } from '../test/helpers/db.ts';
import { connect } from '../src/db/connect.ts';
import { createToken, ensureUser } from '../src/auth/users.ts';
import { median } from './stats.ts';
import { autocannon, loadgen } from './load.ts';

const REV = process.argv[2];
const N = Number(process.argv[3] ?? 1000);
const SECONDS = Number(process.argv[4] ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const CONNECTIONS = 32;
const WRITERS = 4;
const ROOT = resolve(import.meta.dirname, '..');

/** A worktree of `rev` (reused when it exists), with this tree's installed packages. */
function checkout(rev: string): string {
  const sha = execFileSync('git', ['rev-parse', rev], { cwd: ROOT, encoding: 'utf8' }).trim();
  const dir = join(tmpdir(), `pasport-rev-${sha.slice(0, 12)}`);
  if (!existsSync(dir)) {
    execFileSync('git', ['worktree', 'add', '--detach', dir, sha], { cwd: ROOT, stdio: 'ignore' });
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  }
  return dir;
}

async function serve(cwd: string, port: number, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['bin/pasport.mjs', 'serve'], {
    cwd,
    env: { ...process.env, ...env, PORT: String(port), PASPORT_DATA_DIR: tempDir().dir },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (;;) {
    if (child.exitCode !== null) throw new Error(`pasport serve in ${cwd} exited with ${child.exitCode}`);
    const ok = await fetch(`http://127.0.0.1:${port}/api/3/action/status_show`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return child;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function load(base: string, token: string) {
  const call = async (action: string, body: unknown) => {
    const r = await fetch(`${base}/api/3/action/${action}`, {
      method: 'POST',
      headers: { Authorization: token, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!r.ok) throw new Error(`${action}: ${r.status} ${await r.text()}`);
  };
  await call('structure_create', { code: '1', name_translated: { uz: 'Vazirliklar' } });
  await call('organization_create', { name: 'bench-org', title: 'Bench', code: '001', structure: '1' });
  for (let i = 0; i < N; i += 4) {
    await Promise.all(
      [i, i + 1, i + 2, i + 3]
        .filter((k) => k < N)
        .map((k) =>
          call('package_create', {
            name: `ds-${String(k).padStart(6, '0')}`,
            owner_org: 'bench-org',
            private: k % 10 === 0,
            title_translated: { uz: `Ma'lumotlar ${k}`, ru: `Набор данных ${k}`, en: `Dataset ${k}` },
            notes_translated: { ru: 'Описание '.repeat(20), en: 'Description '.repeat(20) },
            update_frequency: 'monthly',
            update_schedule: { day: 5 },
            priority: 'high',
            license_id: 'cc-by',
            tags: [{ name: 'economy' }, { name: `t${k % 50}` }],
            resources: [{ url: `https://example.org/${k}.csv`, name: 'csv' }],
          }),
        ),
    );
  }
}

async function main() {
  if (!REV) throw new Error('usage: bench/revisions.ts REV [N] [seconds]');
  const before = checkout(REV);
  const db = await freshDatabase();
  const env = {
    DATABASE_URL: db.url,
    LOG_LEVEL: 'warn',
    PASPORT_REQUIRED_LANGUAGES: 'none',
    PASPORT_RATE_LIMIT: 'off',
    PASPORT_LINK_CHECK: 'false',
  };
  const servers = { after: await serve(ROOT, 18431, env), before: await serve(before, 18432, env) };
  const ports = { after: 18431, before: 18432 };
  const conn = await connect({ databaseUrl: db.url, dataDir: tmpdir() });
  const admin = await ensureUser(conn.db, 'bench', { sysadmin: true });
  const { token } = await createToken(conn.db, admin.id, 'bench');
  await conn.close();
  await load(`http://127.0.0.1:${ports.after}`, token);
  const mid = `ds-${String(Math.floor(N / 2) + 1).padStart(6, '0')}`;
  const auth = { Authorization: token };
  const cases: [string, string, Record<string, string>, string?][] = [
    ['package_show', `/api/3/action/package_show?id=${mid}`, {}],
    ['package_show_token', `/api/3/action/package_show?id=${mid}`, auth],
    ['package_list', '/api/3/action/package_list', {}],
    ['package_search', '/api/3/action/package_search?q=Dataset&rows=10', {}],
    ['package_search_token', '/api/3/action/package_search?q=Dataset&rows=10&include_private=true', auth],
    ['organization_show', '/api/3/action/organization_show?id=bench-org', {}],
    ['tag_list', '/api/3/action/tag_list', {}],
    ['dcat_dataset_ttl', `/dataset/${mid}`, { Accept: 'text/turtle' }],
    ['status_show', '/api/3/action/status_show', {}],
    // A write each request (a notes change on one dataset per revision, so the two never share a row).
    ['package_patch', '/api/3/action/package_patch', auth, 'ds-000003'],
  ];
  const firstPages = (port: number, round: number) =>
    Array.from(
      { length: 20000 },
      (_, i) =>
        `http://127.0.0.1:${port}/api/3/action/package_search?q=${encodeURIComponent(`Dataset ${(i * 7 + round) % N}`)}&fq=tags:t${(i + round) % 50}`,
    );
  const rps: Record<string, { after: number[]; before: number[]; bad: number }> = {};
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 ? (['before', 'after'] as const) : (['after', 'before'] as const);
    for (const [name, path, headers, target] of [...cases, ['search_first_pages', '', {}] as const]) {
      rps[name] ??= { after: [], before: [], bad: 0 };
      for (const rev of order) {
        const id = rev === 'after' ? target : target?.replace(/3$/, '4');
        const body = id ? JSON.stringify({ id, notes: `round ${round} ${rev}` }) : undefined;
        const r = path
          ? await autocannon(`http://127.0.0.1:${ports[rev]}${path}`, {
              // A write with a few connections: more would measure the row lock, not the path.
              connections: body ? WRITERS : CONNECTIONS,
              seconds: SECONDS,
              headers,
              body,
            })
          : await loadgen(firstPages(ports[rev], round * 2 + (rev === 'after' ? 0 : 1)), {
              connections: CONNECTIONS,
              seconds: SECONDS,
            });
        rps[name][rev].push(r.rps);
        rps[name].bad += r.non2xx + r.errors;
      }
    }
    console.error(`# round ${round + 1}/${ROUNDS} done`);
  }
  console.log(`\n${N} datasets, ${ROUNDS} rounds of ${SECONDS} s per action and revision, ${CONNECTIONS} connections`);
  console.log(`before = ${REV}; after = this tree\n`);
  // Each round measures both revisions back to back, so a round's own ratio is what drift moves least;
  // the verdict uses the median of those ratios.
  console.log('action                  before req/s  after req/s  median round ratio  rounds (after/before)  non-2xx');
  for (const [name, r] of Object.entries(rps)) {
    const paired = r.after.map((a, i) => a / r.before[i]);
    console.log(
      `${name.padEnd(22)} ${median(r.before).toFixed(0).padStart(13)} ${median(r.after).toFixed(0).padStart(12)} ${median(paired).toFixed(3).padStart(19)}  ${paired
        .map((x) => x.toFixed(2))
        .join(' ')
        .padEnd(22)} ${String(r.bad).padStart(7)}`,
    );
  }
  for (const c of Object.values(servers)) c.kill('SIGTERM');
  await Promise.all(Object.values(servers).map((c) => new Promise((r) => c.once('exit', r))));
  await db.drop();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
