// Fair shares (issue 15 item 4): one client sending heavy queries does not make another client's small
// query wait behind them, and a query's time limit counts from when it starts running, not from when
// it was queued. Real store, real HTTP; clients told apart by the plugin's clientFor.
import t from 'tap';
import { get, startServer } from './helpers.ts';

// A four-way cross join: never finishes on 50 datasets, so each run ends at the time limit.
const EXPLOSIVE = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }';
const LIMIT = 1500;
const clientFor = (req: { headers: Record<string, unknown>; ip: string }) => String(req.headers['x-client'] ?? req.ip);

t.test('a heavy client holds at most all workers but one; the others are served at once', async (t) => {
  const srv = await startServer({
    n: 50,
    store: { workers: 2, timeoutMs: LIMIT, maxQueue: 8, maxWaitMs: 20_000 },
    plugin: { clientFor },
  });
  t.teardown(() => srv.close());
  const A = { 'x-client': 'heavy' };
  const B = { 'x-client': 'light' };
  const t0 = performance.now();
  const heavy = [0, 1, 2].map(() =>
    get(srv.endpoint, { query: EXPLOSIVE }, A).then((r) => ({ ...r, ms: performance.now() - t0 })),
  );
  await new Promise((r) => setTimeout(r, 200));
  t.equal(
    srv.store.stats().pools.public.busy,
    1,
    'the heavy client runs one query (two workers: one stays for others)',
  );
  t.equal(srv.store.stats().pools.public.queued, 2, 'its other two wait');
  const b0 = performance.now();
  const ask = await get(srv.endpoint, { query: 'ASK { ?s ?p ?o }' }, B);
  const askMs = performance.now() - b0;
  t.equal(ask.status, 200);
  t.equal(JSON.parse(ask.body).boolean, true);
  t.ok(
    askMs < LIMIT / 2,
    `the light client's ASK answered in ${askMs.toFixed(0)} ms while the heavy queries run (limit ${LIMIT} ms)`,
  );
  const done = await Promise.all(heavy);
  for (const r of done) {
    t.equal(r.status, 503);
    t.match(r.body, new RegExp(`timed out after ${LIMIT} ms`), 'each heavy query ran to its own limit');
  }
  // Run one after another: the last waited for two limits, then had its own whole limit to run.
  const last = Math.max(...done.map((r) => r.ms));
  t.ok(
    last >= 3 * LIMIT - 100,
    `the last heavy query ended after ${last.toFixed(0)} ms: its limit started when it ran, not when it was queued`,
  );
});

t.test('turns: a client that queued later is served before the rest of an earlier queue', async (t) => {
  const srv = await startServer({
    n: 50,
    store: { workers: 1, timeoutMs: LIMIT, maxQueue: 8, maxWaitMs: 20_000 },
    plugin: { clientFor },
  });
  t.teardown(() => srv.close());
  const order: string[] = [];
  const A = { 'x-client': 'a' };
  const B = { 'x-client': 'b' };
  const run = (who: string, h: Record<string, string>, q: string) =>
    get(srv.endpoint, { query: q }, h).then((r) => (order.push(who), r));
  const a1 = run('a1', A, EXPLOSIVE); // runs
  await new Promise((r) => setTimeout(r, 300));
  const a2 = run('a2', A, 'ASK { ?s ?p ?o }');
  const a3 = run('a3', A, 'ASK { ?s ?p ?s }');
  // All three waiting before b1 arrives (the machine may be slow).
  while (srv.store.stats().pools.public.queued < 2) await new Promise((r) => setTimeout(r, 20));
  const b1 = run('b1', B, 'ASK { ?s ?p ?o }');
  await Promise.all([a1, a2, a3, b1]);
  t.same(
    order,
    ['a1', 'b1', 'a2', 'a3'],
    'b1, queued last, runs next: a was just served (one worker: turns between clients)',
  );
});

t.test('one client cannot fill the queue alone', async (t) => {
  const srv = await startServer({
    n: 50,
    store: { workers: 1, timeoutMs: LIMIT, maxQueue: 4, retryAfterSeconds: 4, maxWaitMs: 20_000 },
    plugin: { clientFor },
  });
  t.teardown(() => srv.close());
  const A = { 'x-client': 'flood' };
  const flood = [0, 1, 2].map(() => get(srv.endpoint, { query: EXPLOSIVE }, A));
  await new Promise((r) => setTimeout(r, 200));
  const over = await get(srv.endpoint, { query: EXPLOSIVE }, A);
  t.equal(over.status, 503, 'a third waiting query of the same client is refused (its share: half the queue)');
  t.equal(over.headers.get('retry-after'), '4');
  t.match(over.body, /busy/);
  const other = get(srv.endpoint, { query: 'ASK { ?s ?p ?o }' }, { 'x-client': 'other' });
  const r = await other;
  t.equal(r.status, 200, 'another client still gets a place in the queue, and its answer');
  await Promise.all(flood);
});
