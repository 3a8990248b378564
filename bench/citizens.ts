import { sql } from 'kysely';
import { startBenchServer } from './lib.ts';
import { createToken, ensureUser } from '../src/auth/users.ts';
import { pct } from './stats.ts';
import { loadgen } from './load.ts';

const N = Number(process.argv[2] ?? 100000);
const VOTERS = Number(process.argv[3] ?? 500);
const VOTED = Number(process.argv[4] ?? 20);
const CONCURRENCY = Number(process.argv[5] ?? 32);
const REQUESTS = 300;

const s = await startBenchServer({ env: { PASPORT_SCHEDULER: 'false' } });
const db = s.pasport.services.db;
try {
  await s.call('structure_create', { code: '7' });
  const orgs: string[] = [];
  for (let i = 0; i < 20; i++)
    orgs.push((await s.call('organization_create', { name: `org-${i}`, code: String(100 + i), structure: '7' })).id);
  const spheres: string[] = [];
  for (let i = 0; i < 10; i++) spheres.push((await s.call('group_create', { name: `sphere-${i}` })).id);

  // 1. Votes.
  const open: string[] = [];
  for (let i = 0; i < VOTED; i++) {
    const r = await s.call('request_create', { title: `wanted ${i}`, organization: orgs[i % orgs.length] });
    await s.call('request_publish_for_voting', { id: r.id });
    open.push(r.id);
  }
  const tokens: string[] = [];
  for (let i = 0; i < VOTERS; i++) {
    const u = await ensureUser(db, `voter-${i}`, { email: `voter-${i}@example.org` });
    tokens.push((await createToken(db, u.id, 'bench')).token);
  }
  const jobs: [string, string][] = [];
  for (let v = 0; v < VOTERS; v++) for (const id of open) jobs.push([tokens[v], id]);
  // Sent by bench/loadgen.ts in its own process, so the client does not share the server's event loop
  // (in one process the client's own work cost about a third of the throughput).
  const load = await loadgen(
    jobs.map(([token, id]) =>
      JSON.stringify({
        url: `${s.base}/api/3/action/request_vote`,
        headers: { Authorization: token },
        body: JSON.stringify({ id }),
      }),
    ),
    { connections: CONCURRENCY, seconds: 600, once: true },
  );
  const failed = load.non2xx + load.errors;
  const secs = jobs.length / load.rps;
  const counted = await db
    .selectFrom('data_request')
    .select((eb) => eb.fn.sum<string>('votes').as('n'))
    .executeTakeFirstOrThrow();
  console.log(
    JSON.stringify({
      bench: 'request_vote',
      votes: jobs.length,
      failed,
      concurrency: CONCURRENCY,
      seconds: +secs.toFixed(2),
      votes_per_second: Math.round(jobs.length / secs),
      p50_ms: load.p50,
      p99_ms: load.p99,
      counted: Number(counted.n),
    }),
  );

  // 2. request_list at N requests.
  const t1 = performance.now();
  const statuses = `ARRAY['new','voting','voting','voting','forwarded','accepted','refused','closed']`;
  await sql`INSERT INTO data_request (id, title, description, intended_use, organization_id, sphere_id, status, listed, votes, language, created, modified)
    SELECT gen_random_uuid(), 'request ' || i, 'description of request ' || i, '', (${sql.raw(`ARRAY[${orgs.map((o) => `'${o}'::uuid`).join(',')}]`)})[1 + i % ${orgs.length}],
      (${sql.raw(`ARRAY[${spheres.map((o) => `'${o}'::uuid`).join(',')}]`)})[1 + i % ${spheres.length}],
      (${sql.raw(statuses)})[1 + i % 8], i % 8 <> 0, (i * 7919) % 500, 'ru',
      timestamp '2024-01-01' + i * interval '1 minute', timestamp '2024-01-01' + i * interval '1 minute'
    FROM generate_series(1, ${N}) AS i`.execute(db);
  await sql`VACUUM ANALYZE data_request`.execute(db);
  console.log(JSON.stringify({ loaded: N, ms: Math.round(performance.now() - t1) }));
  const op = await ensureUser(db, 'bench-operator', { operator: true });
  const opToken = (await createToken(db, op.id, 'bench')).token;
  const queries: [string, Record<string, unknown>, string | null][] = [
    ['votes desc (anonymous)', {}, null],
    ['created desc (anonymous)', { sort: 'created desc' }, null],
    ['status=voting', { status: 'voting' }, null],
    ['status=forwarded,accepted', { status: ['forwarded', 'accepted'] }, null],
    ['organization', { organization: 'org-3' }, null],
    ['sphere, created desc', { sphere: 'sphere-4', sort: 'created desc' }, null],
    ['page 50 (offset 1000)', { offset: 1000, limit: 20 }, null],
    ['operator, all statuses', {}, opToken],
  ];
  for (const [label, input, token] of queries) {
    const times: number[] = [];
    let count = 0;
    for (let i = 0; i < REQUESTS; i++) {
      const t = performance.now();
      const r = await fetch(`${s.base}/api/3/action/request_list`, {
        method: 'POST',
        headers: { ...(token ? { Authorization: token } : {}), 'Content-Type': 'application/json' },
        body: JSON.stringify(input),
      });
      const j = await r.json();
      times.push(performance.now() - t);
      count = j.result.count;
    }
    times.sort((a, b) => a - b);
    console.log(
      JSON.stringify({
        bench: 'request_list',
        query: label,
        count,
        p50_ms: +pct(times, 50).toFixed(1),
        p95_ms: +pct(times, 95).toFixed(1),
      }),
    );
  }
} finally {
  await s.close();
}
