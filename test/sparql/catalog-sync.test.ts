// The SPARQL store follows the catalogue: loaded through the DCAT mapping, kept current from the
// outbox, and never showing a private or deleted dataset to an anonymous query.
import t from 'tap';
import { startServer } from '../helpers/server.ts';
import { buildCatalog } from '../dcat/fixture.ts';
import { exampleQueries } from '../../src/sparql/examples.ts';

t.test('SPARQL over the live catalogue', async (t) => {
  const s = await startServer(t);
  const { names } = await buildCatalog(s);
  await s.settle();
  // Removals are immediate; everything else follows the outbox, so other reads settle first.
  const sparql = async (query: string, token?: string, settle = true) => {
    if (settle) await s.settle();
    const r = await fetch(`${s.url}/sparql`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/sparql-query',
        Accept: 'application/sparql-results+json',
        ...(token ? { Authorization: token } : {}),
      },
      body: query,
    });
    t.equal(r.status, 200, `query answered: ${query.slice(0, 60)}`);
    return (await r.json()) as { results?: { bindings: Record<string, { value: string }>[] }; boolean?: boolean };
  };
  const count = async (where: string, token?: string, settle = true) =>
    Number(
      (
        await sparql(
          `PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX dct: <http://purl.org/dc/terms/> SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ${where} }`,
          token,
          settle,
        )
      ).results!.bindings[0].n.value,
    );

  t.equal(await count('?d a dcat:Dataset'), names.length, 'every public dataset, and only those');
  t.equal(
    await count('?d a dcat:Dataset', s.sysadmin.token),
    names.length + 1,
    'a sysadmin also sees the private one (not the deleted one)',
  );

  const secret = await s.ok('package_show', { id: 'secret-one' });
  const gone = await s.ok('package_show', { id: 'gone-one' });
  for (const probe of [
    `GRAPH ?g { ?d ?p ?o } FILTER(CONTAINS(STR(?d), "${secret.id}"))`,
    `?d dct:title ?t FILTER(CONTAINS(STR(?t), "Secret"))`,
    `?d ?p ?o FILTER(CONTAINS(STR(?d), "${gone.id}"))`,
  ])
    t.equal(await count(probe), 0, `anonymous: nothing for ${probe.slice(0, 40)}`);
  t.equal(await count(`?d dct:title ?t FILTER(CONTAINS(STR(?t), "Secret"))`, s.sysadmin.token), 1);

  // writes reach the store through the outbox
  await s.ok('package_patch', { id: names[0], title_translated: { uz: 'Yangi nom', en: 'Renamed dataset' } });
  t.equal(await count('?d dct:title "Renamed dataset"@en'), 1, 'an update is visible');
  const removedBefore = (await s.ok('status_show')).index_lag.sparql.removed_before_return;
  const publicBefore = await count('?d a dcat:Dataset');
  const privateOne = (await s.ok('package_patch', { id: names[1], private: true })).id;
  t.equal(
    await count('?d a dcat:Dataset', undefined, false),
    publicBefore - 1,
    'a dataset made private leaves the public store before the write returns',
  );
  t.equal(
    await count(`?d ?p ?o FILTER(CONTAINS(STR(?d), "${privateOne}"))`, undefined, false),
    0,
    'nothing of it is left',
  );
  const deletedOne = (await s.ok('package_show', { id: names[2] })).id;
  await s.ok('package_delete', { id: names[2], reason: 'test' });
  t.equal(
    await count(`?d ?p ?o FILTER(CONTAINS(STR(?d), "${deletedOne}"))`, s.sysadmin.token, false),
    0,
    'a deleted dataset leaves every copy before the write returns',
  );
  t.equal(
    await count('?d a dcat:Dataset', s.sysadmin.token),
    names.length,
    "the sysadmins' copy holds the private one again after the drain",
  );
  const created = await s.ok('package_create', {
    name: 'fresh-one',
    owner_org: 'stat',
    title_translated: { en: 'Fresh' },
  });
  t.equal(
    await count(`?d dct:identifier "${created.passport_code}"`),
    1,
    'a new dataset appears with its passport code',
  );

  // the example queries of the query page answer over real data (pas: is this deployment's namespace)
  const EXAMPLE_QUERIES = exampleQueries(s.config.vocabNs);
  const perOrg = EXAMPLE_QUERIES.find((q) => q.id === 'datasets-per-organization')!;
  const rows = (await sparql(perOrg.query)).results!.bindings;
  const total = new Map<string, number>();
  for (const r of rows) total.set(r.organization.value, Number(r.datasets.value));
  t.equal(
    [...total.values()].reduce((a, b) => a + b, 0),
    names.length - 2 + 1,
    'datasets per organization add up to the public catalogue',
  );
  for (const q of EXAMPLE_QUERIES) {
    const r = await fetch(`${s.url}/sparql?query=${encodeURIComponent(q.query)}`, {
      headers: { Accept: 'application/sparql-results+json' },
    });
    t.equal(r.status, 200, `example ${q.id} runs`);
  }

  const lag = (await s.ok('status_show')).index_lag;
  t.ok('sparql' in lag, 'status_show reports the SPARQL store lag');
  t.equal(
    lag.sparql.removed_before_return - removedBefore,
    2,
    'the private and the deleted dataset were removed before their writes returned',
  );
  const log = await s.ok('sparql_log_list', { limit: 5 });
  t.ok(log.length > 0 && typeof log[0].duration_ms === 'number', 'queries are logged for operators');
  t.equal((await s.call('sparql_log_list', {}, { token: null })).status, 403);
});
