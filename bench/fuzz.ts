// 10,000 fuzzed requests (test/helpers/fuzz.ts) against a server in its own process on PostgreSQL, with
// issue 11's named hostile cases among them. Prints: responses >= 500, the slowest hostile answer,
// status_show latency (p50/p99, probed every 20 ms throughout), and the server's peak RSS.
//   node --import tsx bench/fuzz.ts [requests, default 10000] [concurrency, default 8]
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freshDatabase } from '../test/helpers/db.ts';
import { freePort } from '../test/helpers/port.ts';
import { buildRequest, prng, TRANSPORTS } from '../test/helpers/fuzz.ts';
import { loadActions } from '../src/actions/registry.ts';
import { pct } from './stats.ts';

const N = Number(process.argv[2] ?? 10_000);
const CONCURRENCY = Number(process.argv[3] ?? 8);
const ROOT = path.resolve(import.meta.dirname, '..');
const BIN = path.join(ROOT, 'bin/pasport.mjs');

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
}

/** Fetches the URL every 20 ms until stdin closes, then prints each answer's time (ms). */
const PROBER = `
const url = process.argv[1];
let go = true;
process.stdin.on('end', () => { go = false; }).resume();
const times = [];
while (go) {
  const t0 = performance.now();
  await (await fetch(url)).text();
  times.push(performance.now() - t0);
  await new Promise((r) => setTimeout(r, 20));
}
process.stdout.write(times.map((t) => t.toFixed(2)).join(' '));
`;

/** The named cases of issue 11, each of which once answered 500, stalled or blew up. */
function hostileCases(dsId: string): [string, string, RequestInit][] {
  const j = (body: string) => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
  return [
    [
      'multipart without boundary',
      'package_create',
      { method: 'POST', headers: { 'Content-Type': 'multipart/form-data' }, body: 'x' },
    ],
    ['NUL in title', 'package_patch', j(JSON.stringify({ id: dsId, title: 'a\u0000b' }))],
    ['lone surrogate', 'package_show', j('{"id": "\\ud800"}')],
    [
      'JSON nested 100,000 deep',
      'package_create',
      j(`{"name": "d", "extras": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`),
    ],
    [
      '100,000 parentheses in q',
      'package_search',
      j(JSON.stringify({ q: `${'('.repeat(100_000)}a${')'.repeat(100_000)}` })),
    ],
    ['1 MB q of words', 'package_search', j(JSON.stringify({ q: 'word '.repeat(200_000) }))],
    [
      '7 kB q of 1,000 words',
      'package_search',
      j(JSON.stringify({ q: Array.from({ length: 1000 }, (_, i) => `w${i}`).join(' ') })),
    ],
    [
      'fq_list of 1,000,000 numbers',
      'package_search',
      j(JSON.stringify({ fq_list: Array.from({ length: 1_000_000 }, (_, i) => i) })),
    ],
    [
      '200 kB q in datastore_search',
      'datastore_search',
      j(JSON.stringify({ resource_id: dsId, q: 'w '.repeat(100_000) })),
    ],
    ['50 MB notes', 'package_patch', j(JSON.stringify({ id: dsId, notes: 'n'.repeat(50 * 1024 * 1024) }))],
    [
      '140-byte datastore_search_sql',
      'datastore_search_sql',
      j(JSON.stringify({ sql: "SELECT repeat('x', 10000000) AS r FROM generate_series(1, 21) AS g" })),
    ],
    ['__proto__ key', 'package_create', j('{"__proto__": {"sysadmin": true}, "name": "p"}')],
  ];
}

async function main() {
  const db = await freshDatabase();
  const port = await freePort();
  // Bare CKAN datasets, no link checks (fixture URLs are off this machine), no rate limits (one client).
  const env = {
    ...process.env,
    DATABASE_URL: db.url,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'error',
    PASPORT_REQUIRED_LANGUAGES: 'none',
    PASPORT_LINK_CHECK: 'false',
    PASPORT_RATE_LIMIT: 'off',
  };
  const admin = spawnSync(process.execPath, [BIN, 'sysadmin', 'add', 'admin'], { env, encoding: 'utf8' });
  const token = admin.stdout.trim().split('\n').pop()!;
  const server = spawn(process.execPath, [BIN, 'serve'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${base}/api/3/action/status_show`)).ok) break;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const call = (action: string, body: unknown) =>
    fetch(`${base}/api/3/action/${action}`, {
      method: 'POST',
      headers: { Authorization: token, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    }).then((r) => r.json());
  await call('organization_create', { name: 'org', title: 'Org' });
  const created = await call('package_create', {
    name: 'ref',
    owner_org: 'org',
    title: 'Reference',
    resources: [{ url: 'http://x.org/a.csv' }],
  });
  if (!created.success) throw new Error(`package_create: ${JSON.stringify(created.error)}`);
  const ds = created.result;

  let peak = rssMb(server.pid!);
  const rssTimer = setInterval(() => {
    peak = Math.max(peak, rssMb(server.pid!));
  }, 200);
  // status_show is probed from a process of its own: in this one, the fuzzers' request building (up to
  // megabytes of JSON) delayed the probe's own event loop, and that delay was counted as the server's.
  const prober = spawn(process.execPath, ['--input-type=module', '-e', PROBER, `${base}/api/3/action/status_show`], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let proberOut = '';
  prober.stdout!.on('data', (d) => {
    proberOut += d;
  });
  const proberDone = new Promise((r) => prober.once('exit', r));
  const hostile: string[] = [];
  let hostileMax = 0;
  for (const [label, action, init] of hostileCases(ds.id)) {
    const t0 = performance.now();
    let line: string;
    try {
      const res = await fetch(`${base}/api/3/action/${action}`, {
        ...init,
        headers: { ...(init.headers as Record<string, string>), Authorization: token },
      });
      const body = await res.text();
      line = `${res.status} ${(performance.now() - t0).toFixed(0).padStart(6)} ms ${String(body.length).padStart(8)} B`;
    } catch (e) {
      // A body over the limit is answered 413 and the connection closed; the client may see only the close.
      line = `closed ${(performance.now() - t0).toFixed(0).padStart(6)} ms (${String((e as { cause?: { code?: string } }).cause?.code ?? e)})`;
    }
    hostileMax = Math.max(hostileMax, performance.now() - t0);
    hostile.push(`  ${line}  ${label}`);
  }

  const actions = [...(await loadActions()).keys()];
  const r = prng(11);
  const counts = new Map<number, number>();
  const lat: number[] = [];
  let sent = 0;
  const closed: string[] = [];
  const t0 = performance.now();
  const worker = async () => {
    while (sent < N) {
      const i = sent++;
      const q = buildRequest(
        r,
        actions[i % actions.length],
        TRANSPORTS[Math.floor(i / actions.length) % TRANSPORTS.length],
        (['anonymous', 'garbage', 'sysadmin'] as const)[i % 3],
        { sysadmin: token },
        ds.id,
      );
      const s0 = performance.now();
      let code = 0;
      try {
        const res = await fetch(`${base}/api/3/action/${q.action}${q.query}`, q.init);
        await res.arrayBuffer();
        code = res.status;
      } catch (e) {
        code = -1;
        if (closed.length < 5)
          closed.push(`${q.label.slice(0, 80)}: ${String((e as { cause?: { code?: string } }).cause?.code ?? e)}`);
      }
      lat.push(performance.now() - s0);
      counts.set(code, (counts.get(code) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - t0) / 1000;
  prober.stdin!.end();
  await proberDone;
  const status = proberOut.trim().split(/\s+/).filter(Boolean).map(Number);
  clearInterval(rssTimer);

  const over500 = [...counts].filter(([c]) => c >= 500 || c < 0).reduce((n, [, k]) => n + k, 0);
  console.log(
    `hostile cases (status, time, body size):\n${hostile.join('\n')}\n  slowest: ${hostileMax.toFixed(0)} ms`,
  );
  console.log(
    `${N} fuzzed requests at concurrency ${CONCURRENCY} in ${seconds.toFixed(1)} s: statuses ${JSON.stringify(Object.fromEntries(counts))}; >= 500 or failed: ${over500}`,
  );
  if (closed.length)
    console.log(`  connections closed by the server (first ${closed.length}):\n    ${closed.join('\n    ')}`);
  console.log(
    `  request latency p50 ${pct(lat, 50).toFixed(1)} ms, p99 ${pct(lat, 99).toFixed(1)} ms, max ${pct(lat, 100).toFixed(0)} ms`,
  );
  console.log(
    `status_show meanwhile: n=${status.length} p50 ${pct(status, 50).toFixed(1)} ms p99 ${pct(status, 99).toFixed(1)} ms max ${pct(status, 100).toFixed(0)} ms`,
  );
  console.log(`server peak RSS: ${peak.toFixed(0)} MB`);
  server.kill('SIGTERM');
  await new Promise((r) => server.on('exit', r));
  await db.drop();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
