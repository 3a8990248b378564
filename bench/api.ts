// Action API throughput: loads N datasets through the API, then measures package_show, package_search
// and package_list with autocannon (a separate process) against a bare Fastify route that returns a
// JSON document of the same size, in the same run, and prints the ratios.
//   DATABASE_URL=postgres://postgres@127.0.0.1/postgres node --import tsx bench/api.ts [N] [seconds]
// Without DATABASE_URL a fresh database is created on PASPORT_TEST_PG's server; BENCH_EMBEDDED=1 uses PGlite.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import Fastify from 'fastify';
import { startBenchServer } from './lib.ts';

const N = Number(process.argv[2] ?? 1000);
const SECONDS = Number(process.argv[3] ?? 10);
const CONNECTIONS = 32;

// The load generator is a separate process, started asynchronously: the servers under test share this
// process's event loop.
async function autocannon(url: string, headers: Record<string, string> = {}) {
  const args = ['autocannon', '-j', '-c', String(CONNECTIONS), '-d', String(SECONDS), ...Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}=${v}`]), url];
  const r = await promisify(execFile)('npx', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const j = JSON.parse(r.stdout);
  return { rps: j.requests.average as number, p50: j.latency.p50 as number, p99: j.latency.p99 as number, non2xx: j.non2xx as number, errors: j.errors as number };
}

async function main() {
  const srv = await startBenchServer({ embedded: !!process.env.BENCH_EMBEDDED });
  const { base, call, token, pasport: p } = srv;
  await call('structure_create', { code: '1', name_translated: { uz: 'Vazirliklar' } }).catch(() => {});
  await call('organization_create', { name: 'bench-org', title: 'Bench', code: '001', structure: '1' });
  const t0 = performance.now();
  let sample: any;
  for (let i = 0; i < N; i++) {
    sample = await call('package_create', {
      name: `ds-${String(i).padStart(6, '0')}`, owner_org: 'bench-org',
      title_translated: { uz: `Ma'lumotlar to'plami ${i}`, 'uz-Cyrl': `Маълумотлар тўплами ${i}`, ru: `Набор данных ${i}`, en: `Dataset ${i}` },
      notes_translated: { uz: 'Tavsif '.repeat(20), ru: 'Описание '.repeat(20), en: 'Description '.repeat(20) },
      update_frequency: 'monthly', update_schedule: { day: 5 }, priority: 'high', license_id: 'cc-by',
      tags: [{ name: 'economy' }, { name: `t${i % 50}` }],
      resources: [{ url: `https://example.org/${i}.csv`, name: 'csv' }, { url: `https://example.org/${i}.json`, name: 'json' }],
    });
  }
  const loadMs = performance.now() - t0;
  const showBody = JSON.stringify({ help: `${base}/api/3/action/help_show?name=package_show`, success: true, result: sample });

  const bare = Fastify({ logger: false });
  bare.get('/doc', async (_req, reply) => reply.type('application/json;charset=utf-8').send(showBody));
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const barePort = (bare.server.address() as { port: number }).port;

  const target = `ds-${String(Math.floor(N / 2)).padStart(6, '0')}`;
  const results = {
    bare: await autocannon(`http://127.0.0.1:${barePort}/doc`),
    package_show: await autocannon(`${base}/api/3/action/package_show?id=${target}`),
    package_show_token: await autocannon(`${base}/api/3/action/package_show?id=${target}`, { Authorization: token }),
    package_search: await autocannon(`${base}/api/3/action/package_search?q=${encodeURIComponent('Dataset')}&rows=10`),
    package_list: await autocannon(`${base}/api/3/action/package_list?limit=100`),
  };
  console.log(`\nN=${N} datasets on ${p.connection.kind}; loaded through package_create in ${(loadMs / 1000).toFixed(1)} s (${(N / (loadMs / 1000)).toFixed(0)} datasets/s)`);
  console.log(`package_show body: ${showBody.length} bytes; ${CONNECTIONS} connections, ${SECONDS} s each\n`);
  console.log('endpoint              req/s     p50 ms  p99 ms  non2xx  ratio to bare');
  for (const [name, r] of Object.entries(results)) {
    console.log(`${name.padEnd(20)} ${r.rps.toFixed(0).padStart(7)} ${String(r.p50).padStart(9)} ${String(r.p99).padStart(7)} ${String(r.non2xx + r.errors).padStart(7)}   ${(r.rps / results.bare.rps).toFixed(2)}`);
  }
  await bare.close();
  await srv.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
