// While a deliberately explosive SPARQL query runs into its timeout, how responsive is package_show?
// Prints the time the timeout answer took and package_show's latency percentiles over the same window.
//   node --import tsx bench/sparql-runaway.ts [datasets, default 300] [timeout ms, default 5000]
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startBenchServer } from './lib.ts';

const N = Number(process.argv[2] ?? 300);
const TIMEOUT = Number(process.argv[3] ?? 5000);

async function main() {
  const srv = await startBenchServer({ env: { SPARQL_TIMEOUT_MS: String(TIMEOUT) } });
  const { base, call } = srv;
  await call('organization_create', { name: 'org', title: 'Org' });
  for (let i = 0; i < N; i++) {
    await call('package_create', {
      name: `d-${i}`,
      owner_org: 'org',
      title_translated: { uz: `To'plam ${i}`, en: `Dataset ${i}` },
      resources: [{ url: `https://x.uz/${i}.csv` }],
    });
  }
  const sparql = srv.pasport.services.extensions.sparql as { settle(ms?: number): Promise<void> };
  await sparql.settle(120000);

  const explosive = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }';
  const t0 = performance.now();
  const runaway = fetch(`${base}/sparql?query=${encodeURIComponent(explosive)}`).then(async (r) => ({
    status: r.status,
    ms: performance.now() - t0,
    text: (await r.text()).slice(0, 120),
  }));
  await new Promise((r) => setTimeout(r, 200));
  // The load generator is another process, so it is not slowed by this one's event loop.
  const seconds = Math.max(2, Math.floor(TIMEOUT / 1000) - 1);
  const ac = await promisify(execFile)(
    'npx',
    ['autocannon', '-j', '-c', '8', '-d', String(seconds), `${base}/api/3/action/package_show?id=d-1`],
    { encoding: 'utf8', maxBuffer: 1 << 26 },
  );
  const j = JSON.parse(ac.stdout);
  const r = await runaway;
  console.log(
    `N=${N} datasets; SPARQL timeout ${TIMEOUT} ms; explosive query answered ${r.status} after ${r.ms.toFixed(0)} ms (${r.text.replace(/\s+/g, ' ')})`,
  );
  console.log(
    `package_show during it (${seconds} s, 8 connections): ${j.requests.average.toFixed(0)} req/s, p50 ${j.latency.p50} ms, p97.5 ${j.latency.p97_5} ms, p99 ${j.latency.p99} ms, max ${j.latency.max} ms, errors ${j.errors + j.non2xx}`,
  );
  await srv.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
