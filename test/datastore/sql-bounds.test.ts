// datastore_search_sql answers are bounded in bytes as well as rows: a short anonymous query that would
// produce hundreds of megabytes is refused (409, a clear message) as soon as its rows cross
// PASPORT_DATASTORE_SQL_MAX_BYTES, without PostgreSQL producing the rest; answers within it are whole.
import t from 'tap';
import { startServer } from '../helpers/server.ts';
import { catalog, dataset, dsResource } from './helpers.ts';

const MAX = 200_000;

t.test('datastore_search_sql size bound', async (t) => {
  const s = await startServer(t, { env: { PASPORT_DATASTORE_SQL_MAX_BYTES: String(MAX) } });
  await catalog(s);
  const { pkg } = await dataset(s, 'open');
  const id = await dsResource(s, pkg.id, [{ id: 'name', type: 'text' }], { records: [{ name: 'a' }, { name: 'b' }] });
  const sqlq = (text: string) => s.call('datastore_search_sql', { sql: text }, { get: true, token: null });

  // Under 140 bytes, asking for 22 rows of 2 MB (the asked for 210 MB; the shape is the same).
  const big = `SELECT repeat(name, 2000000) AS r FROM "${id}", generate_series(1, 11) AS g`;
  t.ok(big.length < 140);
  const t0 = performance.now();
  const r = await sqlq(big);
  const ms = performance.now() - t0;
  t.equal(r.status, 409, JSON.stringify(r.body).slice(0, 300));
  t.equal(r.body.success, false);
  t.match(
    r.body.error.query?.[0] ?? r.body.error.message,
    /exceed 0\.19 MB of row text.*LIMIT/,
    'says why and what to do',
  );
  t.ok(ms < 2000, `refused in ${Math.round(ms)} ms, without producing the whole result`);

  const many = await sqlq(`SELECT g, name FROM "${id}", generate_series(1, 20000) AS g`);
  t.equal(many.status, 409, 'many small rows crossing the bound are refused too');
  const paged = await sqlq(`SELECT g, name FROM "${id}", generate_series(1, 20000) AS g ORDER BY g, name LIMIT 1000`);
  t.equal(paged.status, 200, 'the same rows asked for a page at a time are answered');
  t.equal(paged.body.result.records.length, 1000);
  t.notOk(paged.body.result.records_truncated);
  t.same(Object.keys(paged.body.result.records[0]), ['g', 'name'], 'no bookkeeping columns leak');

  const small = await sqlq(`SELECT name FROM "${id}" ORDER BY name`);
  t.same(small.body.result.records, [{ name: 'a' }, { name: 'b' }], 'small answers are whole');
  t.notOk(small.body.result.records_truncated);
});

// Fair shares over HTTP: with one worker, a client sending heavy statements back to back does not make
// another client's light statement wait behind all of them (round robin between clients). Without the
// shares the light statement would be answered last, after all five.
t.test('datastore_search_sql shares its workers fairly between clients', async (t) => {
  const s = await startServer(t, {
    env: { PASPORT_DATASTORE_SQL_WORKERS: '1', PASPORT_DATASTORE_SQL_TIMEOUT_MS: '3000' },
  });
  await catalog(s);
  const { pkg } = await dataset(s, 'shared');
  const id = await dsResource(s, pkg.id, [{ id: 'n', type: 'int' }], { records: [{ n: 1 }] });
  const heavy = await s.user('heavy-client');
  const light = await s.user('light-client');
  // Each heavy statement keeps the only worker busy for a few hundred milliseconds.
  const slow = `SELECT count(*) AS c FROM "${id}", generate_series(1, 2500000) AS g`;
  const done: string[] = [];
  const send = (who: string, token: string, text: string) =>
    s.call('datastore_search_sql', { sql: text }, { token }).then((r) => {
      done.push(who);
      return r;
    });
  const heavies = [1, 2, 3, 4, 5].map((i) => send(`heavy ${i}`, heavy.token, slow));
  // The light client asks once the heavy ones are queued.
  await new Promise((r) => setTimeout(r, 100));
  const quick = await send('light', light.token, `SELECT n FROM "${id}"`);
  const answers = await Promise.all(heavies);
  t.equal(quick.status, 200, 'the light statement is answered');
  for (const a of answers) t.equal(a.status, 200, JSON.stringify(a.body).slice(0, 200));
  t.ok(
    done.indexOf('light') <= 2,
    `the light client waited for at most two heavy statements, not five (order: ${done.join(', ')})`,
  );
});
