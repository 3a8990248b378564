// A runaway query is killed at the limit (worker terminated and restarted from the journal) while the
// rest of the server keeps answering; saturation gives 503 + Retry-After.
import t from 'tap';
import { get, startServer } from './helpers.ts';

const EXPLOSIVE = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }';
const LIMIT = 2000;

t.test('timeout kills the query, the event loop stays free', async (t) => {
  const srv = await startServer({ n: 300, store: { timeoutMs: LIMIT } });
  t.teardown(() => srv.close());
  const pings: number[] = [];
  let stop = false;
  const pinger = (async () => {
    while (!stop) {
      const t0 = performance.now();
      const r = await fetch(`${srv.url}/ping`);
      await r.text();
      pings.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  const t0 = performance.now();
  const r = await get(srv.endpoint, { query: EXPLOSIVE });
  const elapsed = performance.now() - t0;
  // a plain query meanwhile is answered by the other worker
  const ok = await get(srv.endpoint, { query: 'ASK { ?s ?p ?o }' });
  stop = true;
  await pinger;
  t.equal(r.status, 503);
  t.match(r.body, /timed out after 2000 ms/);
  t.ok(elapsed >= LIMIT - 50 && elapsed < LIMIT + 1000, `answered in ${elapsed.toFixed(0)} ms (limit ${LIMIT})`);
  t.equal(ok.status, 200);
  pings.sort((a, b) => a - b);
  const p99 = pings[Math.min(pings.length - 1, Math.floor(pings.length * 0.99))];
  const p50 = pings[Math.floor(pings.length / 2)];
  t.comment(
    `/ping during the runaway query: n=${pings.length} p50=${p50.toFixed(1)} ms p99=${p99.toFixed(1)} ms max=${pings.at(-1)!.toFixed(1)} ms`,
  );
  t.ok(pings.length > 50, 'pings kept flowing');
  t.ok(p99 < 250, `p99 ${p99.toFixed(1)} ms < 250 ms`);
  // the killed worker comes back with the data
  await srv.store.idle();
  t.equal(srv.store.stats().pools.public.restarts, 1);
  for (let i = 0; i < 4; i++) {
    const c = await get(srv.endpoint, { query: 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' });
    t.equal(c.status, 200);
  }
  t.match(
    srv.logs.find((e) => e.query === EXPLOSIVE),
    { status: 503, error: /timed out/ },
  );
});

t.test('saturation: 503 with Retry-After', async (t) => {
  const srv = await startServer({
    n: 50,
    store: { timeoutMs: LIMIT, publicWorkers: 1, allWorkers: 0, maxQueue: 1, retryAfterSeconds: 3 },
  });
  t.teardown(() => srv.close());
  const a = get(srv.endpoint, { query: EXPLOSIVE }); // runs
  await new Promise((r) => setTimeout(r, 100));
  const b = get(srv.endpoint, { query: EXPLOSIVE }); // waits in the queue
  await new Promise((r) => setTimeout(r, 100));
  const c = await get(srv.endpoint, { query: 'ASK { ?s ?p ?o }' }); // beyond capacity
  t.equal(c.status, 503);
  t.equal(c.headers.get('retry-after'), '3');
  t.match(c.body, /busy/);
  const [ra, rb] = await Promise.all([a, b]);
  t.equal(ra.status, 503);
  t.match(ra.body, /timed out/);
  t.equal(rb.status, 503);
  t.match(
    rb.body,
    /timed out/,
    'the queued query runs once the first is killed, and times out on its own limit (counted from its start)',
  );
  await srv.store.idle();
  const d = await get(srv.endpoint, { query: 'ASK { ?s ?p ?o }' });
  t.equal(d.status, 200);
  t.equal(JSON.parse(d.body).boolean, true, 'data back after restart');
});

t.test('store API: timeoutMs per query, mutations during a restart are kept', async (t) => {
  const srv = await startServer({ n: 50, store: { publicWorkers: 1, allWorkers: 1 } });
  t.teardown(() => srv.close());
  const run = srv.store.query(EXPLOSIVE, { timeoutMs: 500 });
  // posted while the worker is busy: applied by the replacement through the journal
  const put = srv.store.replaceGraph('https://data.example.uz/graph/during', '<x:s> <x:p> "during" .\n', {
    public: true,
  });
  await t.rejects(run, { name: 'SparqlTimeout' } as any);
  await put;
  await srv.store.idle();
  const r = await srv.store.query('ASK { <x:s> <x:p> "during" }');
  t.equal(JSON.parse(r.body).boolean, true);
});

t.test('spare worker: capacity stays capped, and a spare answers right after a kill', async (t) => {
  const srv = await startServer({
    n: 50,
    store: { publicWorkers: 1, spareWorkers: 1, allWorkers: 0, maxQueue: 0, timeoutMs: 1000 },
  });
  t.teardown(() => srv.close());
  t.equal(srv.store.stats().pools.public.workers, 2);
  const a = get(srv.endpoint, { query: EXPLOSIVE });
  await new Promise((r) => setTimeout(r, 100));
  const b = await get(srv.endpoint, { query: 'ASK { ?s ?p ?o }' });
  t.equal(b.status, 503, 'only publicWorkers queries run at once; the spare does not add capacity');
  t.equal((await a).status, 503);
  // the killed worker is replaying; the spare is ready and takes the next query
  t.ok(srv.store.stats().pools.public.ready >= 1);
  const c = await get(srv.endpoint, { query: 'ASK { ?s ?p ?o }' });
  t.equal(c.status, 200);
  t.equal(JSON.parse(c.body).boolean, true);
});
