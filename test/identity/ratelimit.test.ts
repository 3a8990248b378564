// Rate limits under a bounded burst: exactly `max` requests pass per class and caller (API token, user,
// IP address), the rest get 429 with Retry-After and a CKAN envelope; counters shared between instances
// through PostgreSQL, or Redis when PASPORT_REDIS_URL is set.
import t from 'tap';
import { startServer, type TestServer } from '../helpers/server.ts';
import { PgRateStore } from '../../src/ratelimit/pg-store.ts';
import { freePort } from '../helpers/port.ts';

const LIMITS = 'read=20,write=5,anonymousWrite=3,datastoreSql=4,sparql=6';

async function burst(
  s: TestServer,
  n: number,
  action: string,
  data: Record<string, unknown>,
  token: string | null,
  get = true,
) {
  const one = async () => {
    const headers: Record<string, string> = token ? { authorization: token } : {};
    const res = get
      ? await fetch(`${s.url}/api/3/action/${action}?${new URLSearchParams(data as Record<string, string>)}`, {
          headers,
        })
      : await fetch(`${s.url}/api/3/action/${action}`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify(data),
        });
    return { status: res.status, headers: res.headers, body: (await res.json()) as any };
  };
  // Bounded: 10 in flight at a time.
  const out: Awaited<ReturnType<typeof one>>[] = [];
  for (let i = 0; i < n; i += 10) out.push(...(await Promise.all(Array.from({ length: Math.min(10, n - i) }, one))));
  return out;
}

t.test('rate limits per class and caller (PostgreSQL store)', async (t) => {
  const s = await startServer(t, {
    env: { PASPORT_RATE_LIMIT: 'on', PASPORT_RATE_LIMITS: LIMITS, PASPORT_RATE_WINDOW: '60s' },
  });
  await s.ok('organization_create', { name: 'rl-org' });
  await s.ok('package_create', { name: 'rl-ds', owner_org: 'rl-org' });

  const anon = await burst(s, 30, 'package_show', { id: 'rl-ds' }, null);
  const passed = anon.filter((r) => r.status === 200);
  const limited = anon.filter((r) => r.status === 429);
  t.equal(passed.length, 20, '20 reads pass for one address');
  t.equal(limited.length, 10, 'the rest are refused');
  const r = limited[0];
  t.ok(
    Number(r.headers.get('retry-after')) >= 1 && Number(r.headers.get('retry-after')) <= 60,
    `Retry-After ${r.headers.get('retry-after')}`,
  );
  t.equal(r.body.success, false);
  t.equal(r.body.error.__type, 'Rate Limit Error');
  t.match(r.body.error.message, /20 read requests per 60 s for this address/);
  t.match(r.body.help, /help_show/);
  t.equal(passed[0].headers.get('x-ratelimit-limit'), '20');
  t.ok(
    passed.some((p) => p.headers.get('x-ratelimit-remaining') === '0'),
    'remaining counts down to 0',
  );

  const u = await s.user('rl-user');
  const other = (await s.ok('api_token_create', { user: u.id, name: 'second' }, u.token)).token;
  const byToken = await burst(s, 22, 'package_show', { id: 'rl-ds' }, u.token);
  t.equal(byToken.filter((x) => x.status === 200).length, 20, "a token has its own bucket, not the address's");
  const second = await burst(s, 3, 'package_show', { id: 'rl-ds' }, other);
  t.same(
    second.map((x) => x.status),
    [200, 200, 200],
    'each token counts apart',
  );

  const anonWrites = await burst(s, 5, 'package_create', { name: 'x' }, null, false);
  t.same(anonWrites.map((x) => x.status).sort(), [403, 403, 403, 429, 429], 'anonymous writes: 3, then 429');
  // A fresh token: the set-up's writes were counted against the usual one.
  const writer = (await s.ok('api_token_create', { user: s.sysadmin.id, name: 'writer' })).token;
  const writes = await burst(s, 7, 'package_patch', { id: 'rl-ds', notes: 'n' }, writer, false);
  t.equal(writes.filter((x) => x.status === 200).length, 5, 'writes have their own, smaller limit');
  t.equal(writes.filter((x) => x.status === 429).length, 2);
  const sqlCalls = await burst(s, 6, 'datastore_search_sql', { sql: 'SELECT 1' }, s.sysadmin.token);
  t.equal(sqlCalls.filter((x) => x.status === 429).length, 2, 'DataStore SQL: 4 per window');
  const sparql = await Promise.all(
    Array.from({ length: 8 }, () =>
      fetch(`${s.url}/sparql?query=${encodeURIComponent('ASK {?s ?p ?o}')}`, { headers: { authorization: u.token } }),
    ),
  );
  t.equal(sparql.filter((x) => x.status === 429).length, 2, 'SPARQL: 6 per window');
  const health = await fetch(`${s.url}/api/3/action/status_show`, { headers: { authorization: other } });
  t.equal(health.status, 200, 'other classes are unaffected');
});

t.test('two instances share the counters through PostgreSQL', async (t) => {
  const s = await startServer(t);
  const db = s.pasport.services.db;
  const a = new PgRateStore(db);
  const b = new PgRateStore(db);
  t.teardown(async () => {
    await a.close();
    await b.close();
  });
  const incr = (st: PgRateStore) =>
    new Promise<number>((resolve) => st.incr('shared-key', (_e, r) => resolve(r!.current), 60_000, 10));
  for (let i = 0; i < 7; i++) await incr(a);
  await a.flush();
  t.equal(await incr(b), 1, 'b has not synced yet');
  await b.flush();
  t.equal(await incr(b), 9, "after a flush b counts a's 7 requests too");
  await b.flush();
  t.equal(await incr(a), 8, 'a has not synced since');
  await a.flush();
  t.equal(await incr(a), 11, "its next flush brings b's 2 requests");
  await a.flush();
  const row = await db
    .selectFrom('rate_limit_counter')
    .selectAll()
    .where('key', '=', 'shared-key')
    .executeTakeFirstOrThrow();
  t.equal(Number(row.count), 11, 'one row per key and window holds the total');
});

t.test('Redis store when PASPORT_REDIS_URL is set', async (t) => {
  const s = await startServer(t, {
    env: { PASPORT_RATE_LIMIT: 'on', PASPORT_RATE_LIMITS: 'read=5', PASPORT_REDIS_URL: 'redis://127.0.0.1:6379' },
  });
  const u = await s.user('redis-user');
  const res = await burst(s, 8, 'package_list', {}, u.token);
  t.same(res.map((x) => x.status).sort(), [200, 200, 200, 200, 200, 429, 429, 429]);
  t.match(res.find((x) => x.status === 429)!.headers.get('retry-after'), /^\d+$/);
});

t.test('a Redis store that cannot be reached lets requests through, never a 500', async (t) => {
  // A port nothing listens on: every count fails at once (no offline queue), and the limiter steps aside.
  const port = await freePort();
  const s = await startServer(t, {
    env: { PASPORT_RATE_LIMIT: 'on', PASPORT_RATE_LIMITS: 'read=2', PASPORT_REDIS_URL: `redis://127.0.0.1:${port}` },
  });
  const res = await burst(s, 4, 'package_list', {}, null);
  t.same(
    res.map((x) => x.status),
    [200, 200, 200, 200],
    'answered without a limit while the counter store is down',
  );
  t.notOk(res[0].headers.get('x-ratelimit-limit'), 'and no limit is claimed');
});
