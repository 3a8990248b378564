// Where package_show, package_list and package_search spend their time, without sockets or a load
// generator: N datasets, then K in-process requests per endpoint (Fastify inject: the same routes and
// hooks), printing CPU µs and wall ms per request. With PROFILE_DIR set, each endpoint's requests are
// profiled (V8 CPU profile, node:inspector) into PROFILE_DIR/<endpoint>.cpuprofile; summarise one with
// `node bench/profile-summary.mjs FILE`.
//   node --import tsx bench/api-profile.ts [N] [K]
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { startBenchServer } from './lib.ts';

const session = new Session();
session.connect();
await session.post('Profiler.enable');
async function profiled<T>(name: string, fn: () => Promise<T>): Promise<T> {
  if (!process.env.PROFILE_DIR) return fn();
  await session.post('Profiler.start');
  const out = await fn();
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(`${process.env.PROFILE_DIR}/${name}.cpuprofile`, JSON.stringify(profile));
  return out;
}

const N = Number(process.argv[2] ?? 200);
const K = Number(process.argv[3] ?? 2000);

const srv = await startBenchServer({ embedded: !!process.env.BENCH_EMBEDDED });
const { call, token, pasport: p } = srv;
await call('structure_create', { code: '1', name_translated: { uz: 'Vazirliklar' } }).catch(() => {});
await call('organization_create', { name: 'bench-org', title: 'Bench', code: '001', structure: '1' });
const batch = 8;
for (let i = 0; i < N; i += batch) {
  await Promise.all(
    Array.from({ length: Math.min(batch, N - i) }, (_, k) =>
      call('package_create', {
        name: `ds-${String(i + k).padStart(6, '0')}`,
        owner_org: 'bench-org',
        title_translated: { uz: `Ma'lumotlar to'plami ${i + k}`, ru: `Набор данных ${i + k}`, en: `Dataset ${i + k}` },
        notes_translated: { en: 'Description '.repeat(20) },
        license_id: 'cc-by',
        tags: [{ name: 'economy' }, { name: `t${(i + k) % 50}` }],
        resources: [{ url: `https://example.org/${i + k}.csv`, name: 'csv' }],
      }),
    ),
  );
}
const target = `ds-${String(Math.floor(N / 2)).padStart(6, '0')}`;
const cases: [string, string, Record<string, string>?][] = [
  ['package_show', `/api/3/action/package_show?id=${target}`],
  ['package_show_token', `/api/3/action/package_show?id=${target}`, { authorization: token }],
  ['package_list', '/api/3/action/package_list'],
  ['package_search', '/api/3/action/package_search?q=Dataset&rows=10'],
  [
    'package_search_token',
    '/api/3/action/package_search?q=Dataset&rows=10&include_private=true',
    { authorization: token },
  ],
];
for (const [name, url, headers] of cases) {
  for (let k = 0; k < 50; k++) await p.app.inject({ method: 'GET', url, headers });
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await profiled(name, async () => {
    for (let k = 0; k < K; k++) {
      const r = await p.app.inject({ method: 'GET', url, headers });
      if (r.statusCode !== 200) throw new Error(`${name}: ${r.statusCode} ${r.body.slice(0, 200)}`);
    }
  });
  const c = process.cpuUsage(c0);
  console.log(
    `${name.padEnd(22)} ${((c.user + c.system) / K).toFixed(0).padStart(6)} µs CPU  ${((performance.now() - t0) / K).toFixed(3)} ms wall per request`,
  );
}
// Uncached first pages: a different query every request.
const c0 = process.cpuUsage();
const t0 = performance.now();
const M = Math.min(K, 500);
await profiled('search_first', async () => {
  for (let k = 0; k < M; k++) {
    const r = await p.app.inject({
      method: 'GET',
      url: `/api/3/action/package_search?q=${encodeURIComponent(`Dataset -name:ds-${String(k % N).padStart(6, '0')}`)}&fq=tags:t${k % 50}&start=${k % 3}`,
    });
    if (r.statusCode !== 200) throw new Error(r.body);
  }
});
const c = process.cpuUsage(c0);
console.log(
  `${'search_first'.padEnd(22)} ${((c.user + c.system) / M).toFixed(0).padStart(6)} µs CPU  ${((performance.now() - t0) / M).toFixed(3)} ms wall per request`,
);
await srv.close();
