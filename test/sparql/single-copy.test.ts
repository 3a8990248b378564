// One copy of the catalog (issue 22): every worker holds public and private graphs once, private ones
// kept aside and shown only to a sysadmin's query. Privacy over that single copy for anonymous, member
// and sysadmin callers; and the public result cache (issue 21): an answer never outlives a write that
// changes it (no waiting between the write and the read) and never crosses visibility classes.
import t from 'tap';
import { startServer } from '../helpers/server.ts';

const tr = (base: string) => ({ uz: `${base} (uz)`, ru: `${base} (ru)`, en: base });

t.test('single copy: privacy per caller, and the result cache', async (t) => {
  const s = await startServer(t, { env: { SPARQL_WORKERS: '1' } });
  await s.ok('structure_create', { code: '1', name_translated: tr('Ministries') });
  const org = await s.ok('organization_create', {
    name: 'stat',
    code: '001',
    structure: '1',
    title_translated: tr('Statistics'),
    email: 'info@stat.example.uz',
  });
  const member = await s.user('member');
  await s.ok('member_create', { id: org.id, object: member.name, object_type: 'user', capacity: 'editor' });
  for (let i = 0; i < 3; i++)
    await s.ok('package_create', { name: `open-${i}`, owner_org: 'stat', title_translated: tr(`Open ${i}`) });
  const secret = await s.ok('package_create', {
    name: 'secret-one',
    owner_org: 'stat',
    private: true,
    title_translated: tr('Hush marker'),
  });
  await s.settle();

  const ask = async (query: string, token?: string) => {
    const r = await fetch(`${s.url}/sparql`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/sparql-query',
        Accept: 'application/sparql-results+json',
        ...(token ? { Authorization: token } : {}),
      },
      body: query,
    });
    const text = await r.text();
    t.equal(r.status, 200, `answered: ${query.slice(0, 50)}`);
    return {
      text,
      json: JSON.parse(text),
      timing: r.headers.get('server-timing') ?? '',
      cacheControl: r.headers.get('cache-control'),
    };
  };
  const P = 'PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX dct: <http://purl.org/dc/terms/> ';
  const COUNT = `${P}SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a dcat:Dataset }`;
  const n = (r: { json: any }) => Number(r.json.results.bindings[0].n.value);
  const probes = [
    'SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }',
    'SELECT * WHERE { ?s ?p ?o }',
    `SELECT * WHERE { GRAPH <${s.url}/dataset/${secret.id}> { ?s ?p ?o } }`,
    `SELECT * FROM NAMED <${s.url}/dataset/${secret.id}> WHERE { GRAPH ?g { ?s ?p ?o } }`,
    `SELECT * WHERE { <${s.url}/dataset/${secret.id}> ?p ?o }`,
    `${'PREFIX dct: <http://purl.org/dc/terms/> '}SELECT ?d WHERE { ?d dct:title ?t FILTER(CONTAINS(STR(?t), "Hush")) }`,
  ];

  await t.test('one worker holds the whole catalog once', async (t) => {
    const store = (s.pasport.services.extensions.sparql as any).store;
    const stats = await store.workerStats();
    t.equal(stats.length, 1, 'one worker: one copy');
    t.equal(stats[0].hidden, 1, 'the private dataset kept aside as its source');
    t.equal(store.stats().pools.all, undefined, 'no second pool holding a full copy');
    const status = (await s.ok('status_show')).components.sparql;
    t.equal(status.memory.store.workers.length, 1, 'status_show: memory per worker');
    t.ok(
      status.memory.store.workers[0] > 0 && status.memory.process.rss > 0 && status.memory.store.journal_bytes > 0,
      'status_show: WASM, journal and process memory reported',
    );
  });

  await t.test('anonymous and member callers see public data only; a sysadmin sees the private dataset', async (t) => {
    for (const [who, token] of [
      ['anonymous', undefined],
      ['member of the owner', member.token],
    ] as const) {
      t.equal(n(await ask(COUNT, token)), 3, `${who}: the three public datasets`);
      for (const q of probes) {
        const r = await ask(q, token);
        t.notOk(
          r.text.includes(secret.id) || r.text.includes('Hush marker'),
          `${who}: nothing private in ${q.slice(0, 40)}`,
        );
      }
    }
    t.equal(n(await ask(COUNT, s.sysadmin.token)), 4, 'sysadmin: the private one too');
    const sys = await ask(probes[2], s.sysadmin.token);
    t.ok(sys.text.includes('Hush marker'), 'sysadmin: the private graph by name');
    t.equal(sys.cacheControl, 'private, no-store');
    // Right after the sysadmin's query, the private graph is out of public sight again.
    const after = await ask(probes[0]);
    t.notOk(after.text.includes(secret.id), 'the private graph left the store with the sysadmin query');
  });

  await t.test('the result cache: hits, never across visibility classes, never after a write', async (t) => {
    const TITLE = `${P}SELECT ?t WHERE { ?d dct:title ?t FILTER(LANG(?t) = "en") } ORDER BY ?t`;
    const first = await ask(TITLE);
    const second = await ask(TITLE.replace(/ /g, '  \n'));
    t.match(second.timing, /cache;desc=hit/, 'a repeat (even laid out differently) comes from the cache');
    t.equal(second.text, first.text, 'the same answer');
    const sys = await ask(TITLE, s.sysadmin.token);
    t.notMatch(sys.timing, /cache/, 'a sysadmin query never uses the cache');
    t.ok(sys.text.includes('Hush marker'), 'and sees the private title');
    const anonAgain = await ask(TITLE);
    t.notOk(anonAgain.text.includes('Hush marker'), 'the sysadmin answer did not enter the public cache');
    t.match(anonAgain.timing, /cache;desc=hit/);

    // Made private: its title leaves the public answers before the write returns, cache included.
    await ask(COUNT);
    t.match((await ask(COUNT)).timing, /cache;desc=hit/, 'the count is cached');
    await s.ok('package_patch', { id: 'open-0', private: true });
    const count = await ask(COUNT);
    t.equal(n(count), 2, 'read right after the write: the cached count is not served');
    t.match(count.timing, /cache;desc=miss/);
    const titles = await ask(TITLE);
    t.notOk(titles.text.includes('"Open 0"'), 'the dataset made private is gone from the cached query too');

    // Other changes reach the store through the outbox; once applied, no cached answer predates them.
    await s.ok('package_patch', { id: 'open-1', title_translated: tr('Renamed one') });
    await s.settle();
    const renamed = await ask(TITLE);
    t.ok(
      renamed.text.includes('Renamed one') && !renamed.text.includes('"Open 1"'),
      'an update that reached the store is in the next answer',
    );
  });
});
