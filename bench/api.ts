import http from 'node:http';
import { startBenchServer } from './lib.ts';
import { loadConfig } from '../src/config.ts';
import { buildApp } from '../src/app.ts';
import { responseRecorder } from '../src/metrics/plugin.ts';
import { median } from './stats.ts';
import { autocannon, loadgen } from './load.ts';

const N = Number(process.argv[2] ?? 1000);
const SECONDS = Number(process.argv[3] ?? 10);
const CONNECTIONS = 32;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const LOAD = { connections: CONNECTIONS, seconds: SECONDS };
const WARM = { connections: CONNECTIONS, seconds: 1 };

/** A bare node:http server answering every request with `body`: the floor for the same bytes. */
async function bareServer(body: string): Promise<{ url: string; close(): Promise<void> }> {
  const bytes = Buffer.from(body);
  const srv = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json;charset=utf-8', 'content-length': bytes.length });
    res.end(bytes);
  });
  await new Promise<void>((ok) => srv.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${(srv.address() as { port: number }).port}/`,
    close: () => new Promise((ok) => srv.close(() => ok())),
  };
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
      name: `ds-${String(i).padStart(6, '0')}`,
      owner_org: 'bench-org',
      title_translated: {
        uz: `Ma'lumotlar to'plami ${i}`,
        'uz-Cyrl': `Маълумотлар тўплами ${i}`,
        ru: `Набор данных ${i}`,
        en: `Dataset ${i}`,
      },
      notes_translated: { uz: 'Tavsif '.repeat(20), ru: 'Описание '.repeat(20), en: 'Description '.repeat(20) },
      update_frequency: 'monthly',
      update_schedule: { day: 5 },
      priority: 'high',
      license_id: 'cc-by',
      tags: [{ name: 'economy' }, { name: `t${i % 50}` }],
      resources: [
        { url: `https://example.org/${i}.csv`, name: 'csv' },
        { url: `https://example.org/${i}.json`, name: 'json' },
      ],
    });
  }
  const loadMs = performance.now() - t0;
  await srv.settle();
  const target = `ds-${String(Math.floor(N / 2)).padStart(6, '0')}`;
  const paths: Record<string, [string, Record<string, string>?]> = {
    package_show: [`/api/3/action/package_show?id=${target}`],
    package_show_token: [`/api/3/action/package_show?id=${target}`, { Authorization: token }],
    package_list: ['/api/3/action/package_list'],
    package_list_100: ['/api/3/action/package_list?limit=100'],
    package_search: [`/api/3/action/package_search?q=${encodeURIComponent('Dataset')}&rows=10`],
    package_search_token: [
      `/api/3/action/package_search?q=${encodeURIComponent('Dataset')}&rows=10&include_private=true`,
      { Authorization: token },
    ],
  };
  console.log(
    `\nN=${N} datasets on ${p.connection.kind}; loaded through package_create in ${(loadMs / 1000).toFixed(1)} s (${(N / (loadMs / 1000)).toFixed(0)} datasets/s)`,
  );
  console.log(
    `${CONNECTIONS} connections, ${SECONDS} s each; measured on a shared machine: read the ratios, each against a bare node:http server sending the same bytes, measured just before\n`,
  );
  console.log('endpoint               bytes     req/s   p50 ms  p99 ms  non2xx   bare req/s  ratio');
  const row = (
    name: string,
    bytes: number | string,
    r: { rps: number; p50: number; p99: number; non2xx: number; errors: number },
    bare?: number,
  ) =>
    console.log(
      `${name.padEnd(22)} ${String(bytes).padStart(6)} ${r.rps.toFixed(0).padStart(9)} ${String(r.p50).padStart(8)} ${String(r.p99).padStart(7)} ${String(r.non2xx + r.errors).padStart(7)} ${bare === undefined ? '' : `${bare.toFixed(0).padStart(12)}  ${(r.rps / bare).toFixed(2)}`}`,
    );
  const only = process.env.BENCH_ONLY?.split(',');
  for (const [name, [path, headers]] of Object.entries(paths)) {
    if (only && !only.includes(name)) continue;
    const body = await (await fetch(`${base}${path}`, { headers })).text();
    const bare = await bareServer(body);
    // Each server warmed for a second first (JIT, connection pools): the steady state is compared.
    await autocannon(bare.url, WARM);
    const b = await autocannon(bare.url, LOAD);
    await bare.close();
    await autocannon(`${base}${path}`, { ...WARM, headers });
    const r = await autocannon(`${base}${path}`, { ...LOAD, headers });
    row(name, body.length, r, b.rps);
  }
  // First pages: every request a query never asked before, so neither the page nor its count is known.
  // Broad: "Dataset" without one name (N-1 matches, counted and faceted); narrow: "Dataset <i>" with a filter.
  const shuffle = <T>(xs: T[]) =>
    xs
      .map((x) => [Math.random(), x] as const)
      .sort((a, b) => a[0] - b[0])
      .map(([, x]) => x);
  const filters = ['', 'tags:economy', 'license_id:cc-by', 'priority:high', 'res_format:CSV'];
  const broad = shuffle(
    Array.from({ length: N }, (_, i) =>
      filters.map(
        (f) =>
          `${base}/api/3/action/package_search?q=${encodeURIComponent(`Dataset -name:ds-${String(i).padStart(6, '0')}`)}${f ? `&fq=${encodeURIComponent(f)}` : ''}`,
      ),
    ).flat(),
  );
  const narrow = shuffle(
    Array.from({ length: N }, (_, i) =>
      filters.map(
        (f) =>
          `${base}/api/3/action/package_search?q=${encodeURIComponent(`Dataset ${i}`)}${f ? `&fq=${encodeURIComponent(f)}` : ''}`,
      ),
    ).flat(),
  );
  for (const [name, urls] of [
    ['search_first_broad', broad],
    ['search_first_narrow', narrow],
  ] as const) {
    if (only && !only.includes(name)) continue;
    const r = await loadgen(urls, LOAD);
    row(name, '-', r);
    if (r.requests > r.distinct)
      console.log(`  (${r.requests} requests over ${r.distinct} distinct URLs: some were repeats)`);
  }

  // Same database, same process, metrics off; runs alternate so drift on a shared machine hits both.
  const env = {
    LOG_LEVEL: 'warn',
    ...(p.services.config.databaseUrl ? { DATABASE_URL: p.services.config.databaseUrl } : {}),
    PASPORT_SPARQL: 'false',
    PASPORT_METRICS: 'false',
    PASPORT_RATE_LIMIT: 'off',
  };
  const off =
    p.services.config.databaseUrl && process.env.BENCH_METRICS
      ? await buildApp(loadConfig(env as NodeJS.ProcessEnv), { logger: false })
      : null;
  // Its twin with metrics on: the two differ in PASPORT_METRICS only (the first server also runs SPARQL).
  const onApp = off
    ? await buildApp(loadConfig({ ...env, PASPORT_METRICS: 'true' } as NodeJS.ProcessEnv), { logger: false })
    : null;
  if (off && onApp) {
    await off.app.listen({ port: 0, host: '127.0.0.1' });
    await onApp.app.listen({ port: 0, host: '127.0.0.1' });
    const offBase = `http://127.0.0.1:${(off.app.server.address() as { port: number }).port}`;
    const onBase = `http://127.0.0.1:${(onApp.app.server.address() as { port: number }).port}`;
    const on: number[] = [];
    const without: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const order = i % 2 ? [false, true] : [true, false];
      for (const metrics of order) {
        const r = await autocannon(`${metrics ? onBase : offBase}/api/3/action/package_show?id=${target}`, LOAD);
        (metrics ? on : without).push(r.rps);
      }
    }
    console.log(`\npackage_show, metrics on vs off (${ROUNDS} interleaved rounds of ${SECONDS} s):`);
    console.log(`  on:  ${on.map((x) => x.toFixed(0)).join(', ')} req/s  (median ${median(on).toFixed(0)})`);
    console.log(`  off: ${without.map((x) => x.toFixed(0)).join(', ')} req/s  (median ${median(without).toFixed(0)})`);
    console.log(`  throughput on/off (medians) = ${(median(on) / median(without)).toFixed(3)}`);
    // Throughput on a machine shared with other work swings by more than the 3 % looked for; the CPU
    // this process spends per request (inject: the same routes and hooks, no sockets) does not.
    const cpu = { on: [] as number[], off: [] as number[] };
    const url = `/api/3/action/package_show?id=${target}`;
    for (let i = 0; i < 2 * ROUNDS + 4; i++) {
      const pair: ['on' | 'off', typeof off.app][] = [
        ['on', onApp.app],
        ['off', off.app],
      ];
      for (const [name, app] of i % 2 ? pair.reverse() : pair) {
        const c0 = process.cpuUsage();
        for (let k = 0; k < 2000; k++) await app.inject({ method: 'GET', url });
        const c = process.cpuUsage(c0);
        cpu[name].push((c.user + c.system) / 2000);
      }
    }
    // The hook alone, timed in a loop: a bound on the overhead that contention cannot blur.
    const record = responseRecorder(onApp.runner);
    const req = {
      routeOptions: { url: '/api/3/action/:name' },
      params: { name: 'package_show' },
      method: 'GET',
    } as never;
    const reply = { statusCode: 200, elapsedTime: 1.5 } as never;
    for (let k = 0; k < 10_000; k++) record(req, reply);
    const hook: number[] = [];
    for (let b = 0; b < 9; b++) {
      const c0 = process.cpuUsage();
      for (let k = 0; k < 100_000; k++) record(req, reply);
      const c = process.cpuUsage(c0);
      hook.push((c.user + c.system) / 100_000);
    }
    console.log(
      `  the metrics hook alone: ${median(hook).toFixed(2)} µs per request = ${((100 * median(hook)) / median(cpu.off)).toFixed(2)} % of package_show's CPU (metrics off)`,
    );
    console.log(
      `  CPU per package_show: on ${median(cpu.on).toFixed(1)} µs, off ${median(cpu.off).toFixed(1)} µs (medians of ${cpu.on.length} blocks of 2000); on/off = ${(median(cpu.on) / median(cpu.off)).toFixed(3)}`,
    );
    const scrape = await fetch(`${onBase}/metrics`);
    console.log(`  /metrics: ${scrape.status}, ${(await scrape.text()).length} bytes`);
    await off.close();
    await onApp.close();
  } else {
    console.log(
      '\n(metrics on/off comparison: set BENCH_METRICS=1; it needs PostgreSQL, the embedded database admits one instance)',
    );
  }
  await srv.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
