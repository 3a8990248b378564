// Load-balancer probes against a database that really goes away: the test's PostgreSQL database stops
// accepting connections and its sessions are terminated (what a crashed or restarting server looks like
// to the pool), then comes back.
import t from 'tap';
import pg from 'pg';
import { startServer } from '../helpers/server.ts';
import { ADMIN_URL } from '../helpers/db.ts';

async function admin(sql: string) {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function probe(url: string) {
  const r = await fetch(url);
  return { status: r.status, body: (await r.json()) as any, cache: r.headers.get('cache-control') };
}

t.test('ready follows the database; live does not', async (t) => {
  const s = await startServer(t);
  const name = new URL(s.config.databaseUrl!).pathname.slice(1);

  const up = await probe(`${s.url}/health/ready`);
  t.equal(up.status, 200, JSON.stringify(up.body));
  t.equal(up.body.status, 'ok');
  t.same(Object.keys(up.body.checks).sort(), ['database', 'migrations', 'search', 'sparql']);
  t.equal(up.body.checks.search.engine, 'postgres');
  t.equal(up.body.checks.sparql.store, 'local');
  t.equal(up.cache, 'no-store');

  await admin(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
  await admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}'`);
  t.teardown(() => admin(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`).catch(() => {}));

  const down = await probe(`${s.url}/health/ready`);
  t.equal(down.status, 503, 'not ready without a database');
  t.equal(down.body.status, 'fail');
  t.equal(down.body.checks.database.status, 'fail');
  t.match(down.body.checks.database.error, /not currently accepting connections|terminat/);
  t.equal(down.body.checks.sparql.status, 'ok', 'the in-memory SPARQL store still answers');
  t.ok(down.body.checks.database.ms < 2500, 'the probe answers within its limit');
  const live = await probe(`${s.url}/health/live`);
  t.equal(live.status, 200, 'alive: restarting the process would not bring the database back');
  t.equal(live.body.status, 'ok');

  await admin(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
  const back = await probe(`${s.url}/health/ready`);
  t.equal(back.status, 200, `ready again: ${JSON.stringify(back.body)}`);
  t.equal((await s.call('status_show', {}, { get: true })).status, 200, 'and serving');
});

t.test('a pending migration makes the instance unready', async (t) => {
  const s = await startServer(t, { embedded: true, env: { PASPORT_SPARQL: 'false' } });
  const db = s.pasport.services.db;
  const last = (await db
    .selectFrom('kysely_migration' as never)
    .select('name' as never)
    .orderBy('name' as never, 'desc')
    .executeTakeFirstOrThrow()) as { name: string };
  await db
    .deleteFrom('kysely_migration' as never)
    .where('name' as never, '=', last.name as never)
    .execute();
  const r = await probe(`${s.url}/health/ready`);
  t.equal(r.status, 503);
  t.equal(r.body.checks.migrations.status, 'fail');
  t.match(r.body.checks.migrations.error, last.name);
  t.notOk('sparql' in r.body.checks, 'no SPARQL check when the endpoint is off');
  t.equal(r.body.checks.database.status, 'ok');
});

t.test('an unreachable Meilisearch makes the instance unready', async (t) => {
  const s = await startServer(t, { embedded: true, env: { PASPORT_SPARQL: 'false', MEILI_URL: 'http://127.0.0.1:9' } });
  const r = await probe(`${s.url}/health/ready`);
  t.equal(r.status, 503);
  t.equal(r.body.checks.search.status, 'fail');
});
