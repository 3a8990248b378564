// SERVICE clauses run on Comunica, with the local store as one source, against a second Pasport
// endpoint started on loopback.
import t from 'tap';
import { PRIVATE_GRAPHS, SECRET, SYSADMIN_TOKEN, get, startServer } from './helpers.ts';

const loopback = (u: URL) => u.hostname === '127.0.0.1' || u.hostname === 'localhost' || u.hostname === '[::1]';

// B: a remote endpoint holding ratings of A's datasets
const remote = await startServer({ data: false });
t.teardown(() => remote.close());
await remote.store.replaceGraph(
  'https://ratings.example/graph/1',
  [1, 2, 3]
    .map(
      (i) =>
        `<https://data.example.uz/dataset/uz-ds-00000${i}> <http://example.org/rating> "${i + 2}"^^<http://www.w3.org/2001/XMLSchema#integer> .`,
    )
    .join('\n') + '\n',
  { public: true },
);
const local = await startServer({ n: 100, plugin: { federation: { allow: loopback } } });
t.teardown(() => local.close());
const plain = await startServer({ data: false });
t.teardown(() => plain.close());

const Q = (endpoint: string) => `PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?d ?title ?rating WHERE {
  ?d dct:title ?title FILTER(LANG(?title) = "en")
  SERVICE <${endpoint}> { ?d <http://example.org/rating> ?rating }
} ORDER BY ?d`;

t.test('join of local data with a remote SERVICE', async (t) => {
  const r = await get(local.endpoint, { query: Q(remote.endpoint) });
  t.equal(r.status, 200, r.body);
  const rows = JSON.parse(r.body).results.bindings;
  t.equal(rows.length, 3);
  t.equal(rows[0].d.value, 'https://data.example.uz/dataset/uz-ds-000001');
  t.equal(rows[0].rating.value, '3');
  t.match(rows[0].title.value, /, 20\d\d$/);
  t.match(local.logs.at(-1), { federated: true, status: 200 });
  t.ok(remote.logs.length > 0, 'the remote endpoint was queried');
});

t.test('federated result formats', async (t) => {
  const csv = await get(local.endpoint, { query: Q(remote.endpoint), format: 'csv' });
  t.match(csv.type, /^text\/csv/);
  t.equal(csv.body.trim().split(/\r?\n/).length, 4);
  const xml = await get(local.endpoint, { query: Q(remote.endpoint) }, { accept: 'application/sparql-results+xml' });
  t.match(xml.body, /<sparql/);
  const c = `CONSTRUCT { ?d <http://example.org/rating> ?r } WHERE { SERVICE <${remote.endpoint}> { ?d <http://example.org/rating> ?r } }`;
  for (const [f, re] of [
    ['turtle', /example\.org\/rating/],
    ['ntriples', /^<https:\/\/data\.example\.uz\/dataset\/uz-ds-00000\d> <http:\/\/example\.org\/rating> "\d+"/m],
    ['rdfxml', /<rdf:RDF/],
    ['jsonld', /example\.org\/rating/],
  ] as const) {
    const r = await get(local.endpoint, { query: c, format: f });
    t.equal(r.status, 200, `${f}: ${r.body.slice(0, 200)}`);
    t.match(r.body, re, f);
  }
  const ask = await get(local.endpoint, { query: `ASK { SERVICE <${remote.endpoint}> { ?s ?p ?o } }` });
  t.equal(JSON.parse(ask.body).boolean, true);
});

t.test('the local source keeps the caller scope', async (t) => {
  const q = `SELECT ?s ?o WHERE { GRAPH <${PRIVATE_GRAPHS[0]}> { ?s ?p ?o } SERVICE <${remote.endpoint}> { OPTIONAL { ?x ?y ?z } } }`;
  const pub = await get(local.endpoint, { query: q });
  t.equal(pub.status, 200, pub.body);
  t.notOk(pub.body.includes(SECRET), 'public: nothing private through federation');
  const sys = await get(local.endpoint, { query: q }, { authorization: SYSADMIN_TOKEN });
  t.ok(sys.body.includes(SECRET), 'sysadmin: private data joins');
});

t.test('refusals', async (t) => {
  const off = await get(plain.endpoint, { query: Q(remote.endpoint) });
  t.equal(off.status, 400);
  t.match(off.body, /not enabled/);
  const far = await get(local.endpoint, { query: Q('http://192.0.2.1/sparql') });
  t.equal(far.status, 400);
  t.match(far.body, /not allowed/);
  const v = await get(local.endpoint, { query: 'SELECT * WHERE { ?e a <x:E> SERVICE ?e { ?s ?p ?o } }' });
  t.equal(v.status, 400);
});
