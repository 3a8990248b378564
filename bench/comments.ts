// comment_list with 100,000 comments, and the throughput of view tracking.
//  - Comments: 90,000 on one dataset (the worst case: 70% published, a third of those replies in
//    threads, the rest pending or rejected) and 10,000 over 100 other datasets, inserted in bulk with
//    SQL after one comment made through the API; each query is timed over HTTP one request at a time.
//  - Tracking: POST /_tracking from many visitors at a fixed concurrency, counts buffered and flushed
//    per day and dataset (the default) against one upsert per view (PASPORT_TRACKING_FLUSH_MS=0).
//   node --import tsx bench/comments.ts [requests per query=300] [views=20000]
// Without DATABASE_URL a fresh database is created on PASPORT_TEST_PG's server; BENCH_EMBEDDED=1 uses PGlite.
import { sql } from 'kysely';
import { startBenchServer } from './lib.ts';
import { pct } from './stats.ts';

const REQUESTS = Number(process.argv[2] ?? 300);
const VIEWS = Number(process.argv[3] ?? 20000);
const CONCURRENCY = 50;

async function main() {
  const srv = await startBenchServer({
    embedded: !!process.env.BENCH_EMBEDDED,
    env: { PASPORT_TRACKING_FLUSH_MS: '1000' },
  });
  const { base, pasport: p } = srv;
  const db = p.services.db;
  await srv.call('organization_create', { name: 'org' });
  for (let i = 0; i <= 100; i++)
    await srv.call('package_create', { name: i === 0 ? 'hot' : `cold-${i}`, owner_org: 'org' });
  const hot = await srv.call('package_show', { id: 'hot' });
  await srv.call('comment_create', { package_id: 'hot', body: 'through the API' });
  const t0 = performance.now();
  // Roots first (every 3rd published comment of the hot dataset is a reply to an earlier root).
  await sql`INSERT INTO comment (id, package_id, parent_id, root_id, user_id, body, status, created)
    SELECT g.id, ${hot.id}::uuid, NULL, g.id, NULL, 'Comment number ' || g.n, CASE WHEN g.n % 10 < 7 THEN 'approved' WHEN g.n % 10 < 9 THEN 'pending' ELSE 'rejected' END,
      timestamp '2024-01-01' + g.n * interval '1 minute'
    FROM (SELECT gen_random_uuid() AS id, n FROM generate_series(1, 60000) n) g`.execute(db);
  await sql`WITH roots AS (SELECT id, row_number() OVER (ORDER BY created) AS k FROM comment WHERE package_id = ${hot.id}::uuid AND status = 'approved' AND parent_id IS NULL)
    INSERT INTO comment (id, package_id, parent_id, root_id, user_id, body, status, created)
    SELECT gen_random_uuid(), ${hot.id}::uuid, r.id, r.id, NULL, 'Reply ' || n, CASE WHEN n % 10 < 7 THEN 'approved' ELSE 'pending' END,
      timestamp '2025-01-01' + n * interval '1 minute'
    FROM generate_series(1, 30000) n JOIN roots r ON r.k = (n % 40000) + 1`.execute(db);
  await sql`INSERT INTO comment (id, package_id, parent_id, root_id, user_id, body, status, created)
    SELECT g.id, p.id, NULL, g.id, NULL, 'Cold ' || g.n, CASE WHEN g.n % 10 < 7 THEN 'approved' ELSE 'pending' END, timestamp '2024-01-01' + g.n * interval '1 minute'
    FROM (SELECT gen_random_uuid() AS id, n FROM generate_series(1, 9999) n) g JOIN package p ON p.name = 'cold-' || ((g.n % 100) + 1)`.execute(
    db,
  );
  await sql`VACUUM ANALYZE comment`.execute(db);
  // As a portal does, every page was shown (package_show fills the package cache) before views come in.
  for (let i = 0; i <= 100; i++)
    await fetch(`${base}/api/3/action/package_show?id=${i === 0 ? 'hot' : `cold-${i}`}`).then((r) => r.arrayBuffer());
  const total = await db
    .selectFrom('comment')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  console.log(`loaded ${total.n} comments in ${((performance.now() - t0) / 1000).toFixed(1)} s (${p.services.dbKind})`);

  const auth = { Authorization: srv.token };
  const queries: [string, string, Record<string, string>][] = [
    ['baseline: /api/3 (no database)', '../../3', {}],
    ['comment_list hot, first page', 'comment_list?package_id=hot', {}],
    ['comment_list hot, offset 20000', 'comment_list?package_id=hot&offset=20000', {}],
    ['comment_list hot, 100 threads', 'comment_list?package_id=hot&limit=100', {}],
    ['comment_list cold dataset', 'comment_list?package_id=cold-7', {}],
    ['comment_list queue (pending), operator', 'comment_list?status=pending', auth],
  ];
  console.log(`\n${'query'.padEnd(42)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)}  count`);
  for (const [label, path, headers] of queries) {
    const times: number[] = [];
    let count = 0;
    for (let i = 0; i < REQUESTS + 20; i++) {
      const s = performance.now();
      const body = await (await fetch(`${base}/api/3/action/${path}`, { headers })).json();
      const ms = performance.now() - s;
      if (body.success === false) throw new Error(`${path}: ${JSON.stringify(body).slice(0, 300)}`);
      count = body.result?.count ?? 1;
      if (i >= 20) times.push(ms);
    }
    times.sort((a, b) => a - b);
    console.log(
      `${label.padEnd(42)} ${pct(times, 50).toFixed(2).padStart(8)} ${pct(times, 95).toFixed(2).padStart(8)} ${pct(times, 99).toFixed(2).padStart(8)}  ${count}`,
    );
  }

  // Tracking: views of 101 datasets by VIEWS distinct visitors (user agents), CONCURRENCY at a time.
  const counter = p.services.extensions.tracking as { flush(): Promise<void> };
  console.log(`\n${'tracking'.padEnd(42)} ${'views/s'.padStart(8)} ${'p95 ms'.padStart(8)}  rows written`);
  for (const [label, flushMs] of [
    ['buffered, flushed every 1 s', 1000],
    ['one upsert per view (flush 0)', 0],
  ] as const) {
    p.services.config.tracking.flushMs = flushMs;
    await sql`TRUNCATE tracking_daily, package_tracking`.execute(db);
    const times: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let i = next++; i < VIEWS; i = next++) {
          const s = performance.now();
          const r = await fetch(`${base}/_tracking`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'User-Agent': `${label}-${i}` },
            body: `url=${encodeURIComponent(`/dataset/${i % 101 === 0 ? 'hot' : `cold-${i % 101}`}`)}&type=page`,
          });
          await r.arrayBuffer();
          times.push(performance.now() - s);
        }
      }),
    );
    const secs = (performance.now() - started) / 1000;
    await counter.flush();
    const rows = await db
      .selectFrom('tracking_daily')
      .select((eb) => eb.fn.sum<string>('count').as('n'))
      .executeTakeFirstOrThrow();
    const nrows = await db
      .selectFrom('tracking_daily')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    times.sort((a, b) => a - b);
    console.log(
      `${label.padEnd(42)} ${(VIEWS / secs).toFixed(0).padStart(8)} ${pct(times, 95).toFixed(2).padStart(8)}  ${nrows.n} rows holding ${rows.n} views`,
    );
  }
  await srv.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
