// A SPARQL query whose memory grows without bound (GROUP_CONCAT over a large cross product, which grew
// to 4 GB and ended in a WASM trap answered 500) is cancelled at the memory cap with SparqlMemoryLimit
// (503, a clear message), its worker is replaced, and the next query answers normally.
import t from 'tap';
import { SparqlStore } from '../../src/sparql/store.ts';
import { SparqlMemoryLimit } from '../../src/sparql/errors.ts';

t.test('memory cap', async (t) => {
  const base = Math.round(process.memoryUsage.rss() / 1048576);
  const store = await SparqlStore.start({ publicWorkers: 1, allWorkers: 0, timeoutMs: 120_000, maxRssMb: base + 150 });
  t.teardown(() => store.close());
  const values = `{${Array.from({ length: 10 }, (_, i) => `"${'x'.repeat(100)}${i}"`).join(' ')}}`;
  const vars = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((v) => `VALUES ?${v} ${values}`).join(' ');
  const greedy = `SELECT (GROUP_CONCAT(CONCAT(?a, ?b)) AS ?x) WHERE { ${vars} }`;
  const err = await store.query(greedy, { format: 'json' }).then(
    () => null,
    (e) => e,
  );
  t.ok(err instanceof SparqlMemoryLimit, `cancelled at the cap: ${err?.constructor?.name} ${err?.message}`);
  t.equal(err?.status, 503);
  t.match(err?.message, /more memory than the SPARQL endpoint allows/);
  await store.idle();
  const ok = await store.query('SELECT (1 + 1 AS ?two) WHERE {}', { format: 'json' });
  t.match(ok.body, /"2"/, 'the next query answers');
});
