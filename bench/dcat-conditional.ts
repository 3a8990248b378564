// Conditional GET of an unchanged 100-dataset catalogue page: what a harvester pays to learn that
// nothing changed. Target: p95 <= 2 ms (issue 20). Prints the full-page time beside it for scale.
//   node --import tsx bench/dcat-conditional.ts [--embedded] [rounds, default 2000]
import { startBenchServer } from './lib.ts';
import { pct } from './stats.ts';

const embedded = process.argv.includes('--embedded');
const ROUNDS = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 2000);

async function timed(n: number, fn: () => Promise<void>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b);
}

async function main() {
  const srv = await startBenchServer({ embedded });
  const { base, call, pasport: p } = srv;
  await call('organization_create', {
    name: 'stat',
    code: '001',
    title_translated: { uz: 'Stat', ru: 'Стат', en: 'Stat' },
    email: 'stat@example.uz',
  });
  await call('group_create', {
    name: 'economy',
    title_translated: { uz: 'Iqtisodiyot', ru: 'Экономика', en: 'Economy' },
    eu_theme: 'ECON',
  });
  for (let i = 0; i < 100; i++) {
    await call('package_create', {
      name: `ds-${i}`,
      owner_org: 'stat',
      sphere: 'economy',
      license_id: 'cc-by',
      update_frequency: 'monthly',
      title_translated: { uz: `To'plam ${i}`, ru: `Набор ${i}`, en: `Dataset ${i}` },
      notes_translated: { en: 'Description' },
      resources: [{ url: `https://example.uz/${i}.csv`, format: 'CSV' }],
    });
  }
  // Every consumer, not only the index: quality scoring re-emits each dataset (its DQV measurements
  // are part of the page), so a page fetched before it finished would be stale by the next request.
  await srv.settle();
  const url = `${base}/catalog.ttl`;
  const first = await fetch(url);
  const body = await first.text();
  const etag = first.headers.get('etag')!;
  const lm = first.headers.get('last-modified')!;
  if ((body.match(/a dcat:Dataset/g) ?? []).length < 100) throw new Error('the page does not hold 100 datasets');

  for (let i = 0; i < 200; i++) await (await fetch(url, { headers: { 'if-none-match': etag } })).arrayBuffer(); // warm-up
  let notModified = 0;
  const inm = await timed(ROUNDS, async () => {
    const r = await fetch(url, { headers: { 'if-none-match': etag } });
    await r.arrayBuffer();
    if (r.status === 304) notModified++;
  });
  const ims = await timed(
    ROUNDS,
    async () => void (await (await fetch(url, { headers: { 'if-modified-since': lm } })).arrayBuffer()),
  );
  const full = await timed(Math.min(100, ROUNDS), async () => void (await (await fetch(url)).arrayBuffer()));
  const floor = await timed(ROUNDS, async () => void (await (await fetch(`${base}/api/3`)).arrayBuffer()));
  // The same 304 without a socket (Fastify inject): the server's own work, free of transport noise.
  const injected = await timed(ROUNDS, async () => {
    const r = await p.app.inject({ method: 'GET', url: '/catalog.ttl', headers: { 'if-none-match': etag } });
    if (r.statusCode !== 304) throw new Error(`inject answered ${r.statusCode}, not 304`);
  });
  const line = (name: string, xs: number[]) =>
    console.log(
      `  ${name.padEnd(34)} p50 ${pct(xs, 50).toFixed(2)} ms  p95 ${pct(xs, 95).toFixed(2)} ms  p99 ${pct(xs, 99).toFixed(2)} ms`,
    );
  console.log(
    `100-dataset /catalog.ttl page (${(body.length / 1024).toFixed(0)} KiB) on ${p.connection.kind}, ${ROUNDS} sequential requests each`,
  );
  line('If-None-Match (304)', inm);
  line('If-Modified-Since (304)', ims);
  line('full page (200)', full);
  line('bare HTTP floor (GET /api/3)', floor);
  line('If-None-Match in-process (inject)', injected);
  console.log(`  ${notModified}/${ROUNDS} answered 304; target p95 <= 2 ms: ${pct(inm, 95) <= 2 ? 'met' : 'NOT met'}`);
  await srv.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
