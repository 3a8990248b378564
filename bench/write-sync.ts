// Read-your-writes cost: package_create and package_update throughput and p99 with the search
// documents written in the write's own transaction (PASPORT_SEARCH_SYNC=true, the default) against
// the outbox indexer alone (false), in the same run; then package_search on both, unchanged.
// Two servers on two fresh databases run side by side and the rounds alternate between them, so a
// noisy neighbour hurts both alike. In the indexer mode the writes return before their documents
// exist: "+drain" adds the time the indexer then needs until the index has them all.
//   node --import tsx bench/write-sync.ts [writes per round] [rounds] [concurrency]
// BENCH_EMBEDDED=1 runs on PGlite instead of PostgreSQL.
import { startBenchServer, type BenchServer } from './lib.ts';
import { searchService } from '../src/search/service.ts';
import { pct } from './stats.ts';

const PER_ROUND = Number(process.argv[2] ?? 100);
const ROUNDS = Number(process.argv[3] ?? 3);
const CONCURRENCY = Number(process.argv[4] ?? 4);

interface Sample {
  ms: number[];
  wallMs: number;
  drainMs: number;
}
const empty = (): Sample => ({ ms: [], wallMs: 0, drainMs: 0 });

function body(i: number, rev: number) {
  return {
    name: `ds-${String(i).padStart(6, '0')}`,
    owner_org: 'bench-org',
    title_translated: {
      uz: `Ma'lumotlar to'plami ${i} v${rev}`,
      ru: `Набор данных ${i} v${rev}`,
      en: `Dataset ${i} v${rev}`,
    },
    notes_translated: { uz: 'Tavsif '.repeat(20), ru: 'Описание '.repeat(20), en: 'Description '.repeat(20) },
    update_frequency: 'monthly',
    update_schedule: { day: 5 },
    priority: 'high',
    license_id: 'cc-by',
    tags: [{ name: 'economy' }, { name: `t${i % 50}` }, { name: `r${rev % 7}` }],
    resources: [
      { url: `https://example.org/${i}.csv`, name: 'csv', format: 'CSV' },
      { url: `https://example.org/${i}.json`, name: 'json', format: 'JSON' },
    ],
  };
}

/** Runs `n` calls with `CONCURRENCY` in flight; each call's latency and the round's wall time. */
async function round(n: number, call: (k: number) => Promise<unknown>, into: Sample): Promise<void> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let k = next++; k < n; k = next++) {
        const s = performance.now();
        await call(k);
        into.ms.push(performance.now() - s);
      }
    }),
  );
  into.wallMs += performance.now() - t0;
}

async function drain(srv: BenchServer, into: Sample): Promise<void> {
  const t0 = performance.now();
  await searchService(srv.pasport.services).indexer.settle(120000);
  into.drainMs += performance.now() - t0;
}

function line(label: string, s: Sample, ops: number) {
  const rps = ops / (s.wallMs / 1000);
  const withDrain = ops / ((s.wallMs + s.drainMs) / 1000);
  return { label, rps, withDrain, p50: pct(s.ms, 50), p99: pct(s.ms, 99) };
}

async function main() {
  const embedded = !!process.env.BENCH_EMBEDDED;
  const servers = {
    indexer: await startBenchServer({ embedded, env: { PASPORT_SEARCH_SYNC: 'false', PASPORT_SPARQL: 'false' } }),
    transaction: await startBenchServer({ embedded, env: { PASPORT_SEARCH_SYNC: 'true', PASPORT_SPARQL: 'false' } }),
  };
  for (const srv of Object.values(servers)) {
    await srv.call('structure_create', { code: '1', name_translated: { uz: 'Vazirliklar' } }).catch(() => {});
    await srv.call('organization_create', { name: 'bench-org', title: 'Bench', code: '001', structure: '1' });
  }
  const modes = Object.keys(servers) as (keyof typeof servers)[];
  const create = Object.fromEntries(modes.map((m) => [m, empty()])) as Record<string, Sample>;
  const update = Object.fromEntries(modes.map((m) => [m, empty()])) as Record<string, Sample>;
  const search = Object.fromEntries(modes.map((m) => [m, empty()])) as Record<string, Sample>;

  for (let r = 0; r < ROUNDS; r++) {
    // Alternate which mode goes first, so neither always runs on a warmer machine.
    const order = r % 2 ? [...modes].reverse() : modes;
    for (const m of order) {
      const srv = servers[m];
      await round(PER_ROUND, (k) => srv.call('package_create', body(r * PER_ROUND + k, 0)), create[m]);
      if (m === 'indexer') await drain(srv, create[m]);
    }
    for (const m of order) {
      const srv = servers[m];
      await round(PER_ROUND, (k) => srv.call('package_update', body(r * PER_ROUND + k, r + 1)), update[m]);
      if (m === 'indexer') await drain(srv, update[m]);
    }
  }
  for (let r = 0; r < ROUNDS; r++) {
    for (const m of r % 2 ? [...modes].reverse() : modes) {
      const srv = servers[m];
      await round(
        PER_ROUND,
        (k) =>
          srv.call(
            'package_search',
            k % 2 ? { q: 'Dataset', rows: 10 } : { rows: 10, 'facet.field': ['tags', 'organization'] },
          ),
        search[m],
      );
    }
  }

  const total = PER_ROUND * ROUNDS;
  console.log(
    `\n${total} creates, ${total} updates and ${total} searches per mode on ${servers.transaction.pasport.connection.kind}, ${CONCURRENCY} in flight, ${ROUNDS} alternating rounds`,
  );
  console.log('action          mode         ops/s   +drain   p50 ms   p99 ms');
  const rows: Record<string, ReturnType<typeof line>> = {};
  for (const [name, samples] of [
    ['package_create', create],
    ['package_update', update],
    ['package_search', search],
  ] as const) {
    for (const m of modes) {
      const l = line(m, samples[m], total);
      rows[`${name}:${m}`] = l;
      console.log(
        `${name.padEnd(15)} ${m.padEnd(11)} ${l.rps.toFixed(1).padStart(7)} ${l.withDrain.toFixed(1).padStart(8)} ${l.p50.toFixed(1).padStart(8)} ${l.p99.toFixed(1).padStart(8)}`,
      );
    }
  }
  for (const name of ['package_create', 'package_update', 'package_search']) {
    const a = rows[`${name}:indexer`];
    const b = rows[`${name}:transaction`];
    console.log(
      `${name}: in-transaction throughput ${(100 * (b.rps / a.rps - 1)).toFixed(1)}% vs writes alone, ${(100 * (b.rps / a.withDrain - 1)).toFixed(1)}% vs writes+drain; p99 ${(b.p99 / a.p99).toFixed(2)}x`,
    );
  }
  for (const srv of Object.values(servers)) await srv.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
