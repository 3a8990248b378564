// A private graph's triples never reach a public-scope query, whatever the query says.
import t from 'tap';
import { BASE, datasetGraph, datasetIri } from './catalog.ts';
import {
  PRIVATE_DATASET,
  PRIVATE_GENERATED,
  PRIVATE_GRAPHS,
  PREFIXES,
  SECRET,
  SYSADMIN_TOKEN,
  get,
  post,
  startServer,
} from './helpers.ts';

const srv = await startServer({ n: 200 });
t.teardown(() => srv.close());
const E = srv.endpoint;
const SYS = { authorization: SYSADMIN_TOKEN };

const privIris = [
  ...PRIVATE_GRAPHS,
  `${PRIVATE_DATASET.slice(0, -1)}1`,
  `${PRIVATE_DATASET.slice(0, -1)}2`,
  ...PRIVATE_GENERATED.map(datasetGraph),
  ...PRIVATE_GENERATED.map(datasetIri),
  `${BASE}sphere/secret`,
];
/** No private IRI or marker in any public answer, in any format. */
function clean(t: { notOk: (v: unknown, m: string) => void }, body: string, what: string) {
  t.notOk(body.includes(SECRET), `${what}: no secret literal`);
  for (const iri of privIris)
    t.notOk(
      body.includes(iri + '"') || body.includes(iri + '>') || body.includes(iri + ',') || body.endsWith(iri),
      `${what}: no ${iri}`,
    );
}

const attacks: Array<[string, Record<string, string | string[]>]> = [
  ['all triples', { query: 'SELECT * WHERE { ?s ?p ?o }' }],
  ['GRAPH ?g', { query: 'SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }' }],
  ['GRAPH <private>', { query: `SELECT * WHERE { GRAPH <${PRIVATE_GRAPHS[0]}> { ?s ?p ?o } }` }],
  ['FROM <private>', { query: `SELECT * FROM <${PRIVATE_GRAPHS[0]}> WHERE { ?s ?p ?o }` }],
  [
    'FROM NAMED <private>',
    {
      query: `SELECT * FROM NAMED <${PRIVATE_GRAPHS[0]}> FROM NAMED <${datasetGraph(7)}> WHERE { GRAPH ?g { ?s ?p ?o } }`,
    },
  ],
  [
    'default-graph-uri',
    { query: 'SELECT * WHERE { ?s ?p ?o }', 'default-graph-uri': [PRIVATE_GRAPHS[0], datasetGraph(7)] },
  ],
  [
    'named-graph-uri',
    { query: 'SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }', 'named-graph-uri': [PRIVATE_GRAPHS[1], datasetGraph(8)] },
  ],
  ['DESCRIBE private', { query: `DESCRIBE <${PRIVATE_DATASET.slice(0, -1)}1> <${datasetIri(7)}>`, format: 'ntriples' }],
  ['CONSTRUCT all', { query: 'CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }', format: 'ntriples' }],
  ['literal search', { query: `SELECT ?s WHERE { ?s ?p ?o FILTER(CONTAINS(STR(?o), "SECRET")) }` }],
  ['catalog links', { query: `${PREFIXES}SELECT ?d WHERE { <${BASE}catalog> dcat:dataset ?d }` }],
  ['graph list', { query: 'SELECT DISTINCT ?g WHERE { GRAPH ?g {} }' }],
  [
    'VALUES private graphs',
    { query: `SELECT * WHERE { VALUES ?g { <${PRIVATE_GRAPHS[0]}> <${datasetGraph(7)}> } GRAPH ?g { ?s ?p ?o } }` },
  ],
];

t.test('public scope: nothing private in any answer', async (t) => {
  for (const [name, params] of attacks) {
    for (const format of params.format ? [params.format as string] : ['json', 'csv']) {
      const r = await get(E, { ...params, format });
      t.equal(r.status, 200, `${name} (${format}) runs`);
      clean(t, r.body, `${name} (${format})`);
    }
  }
});

t.test('public scope: counts and ASK do not reveal private graphs', async (t) => {
  const count = async (q: string, h: Record<string, string> = {}) =>
    Number(JSON.parse((await get(E, { query: q }, h)).body).results.bindings[0].n.value);
  const all = 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }';
  const pubN = await count(all);
  const sysN = await count(all, SYS);
  t.ok(sysN > pubN, 'sysadmin sees more triples');
  t.equal(await count(`SELECT (COUNT(*) AS ?n) WHERE { GRAPH <${PRIVATE_GRAPHS[0]}> { ?s ?p ?o } }`), 0);
  t.equal(
    await count(
      `SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { } FILTER(STRSTARTS(STR(?g), "${BASE}graph/private")) }`,
    ),
    0,
  );
  t.equal(await count(`SELECT (COUNT(*) AS ?n) WHERE { <${datasetIri(7)}> ?p ?o }`), 0);
  const ask = await get(E, { query: `ASK { ?s ?p "${SECRET} title 1"@en }` });
  t.equal(JSON.parse(ask.body).boolean, false);
  const askSys = await get(E, { query: `ASK { ?s ?p "${SECRET} title 1"@en }` }, SYS);
  t.equal(JSON.parse(askSys.body).boolean, true);
});

t.test('sysadmin scope sees private graphs', async (t) => {
  const r = await get(E, { query: `SELECT * WHERE { GRAPH <${PRIVATE_GRAPHS[0]}> { ?s ?p ?o } }` }, SYS);
  t.ok(r.body.includes(SECRET));
  const d = await get(E, { query: `DESCRIBE <${datasetIri(7)}>`, format: 'ntriples' }, SYS);
  t.ok(d.body.includes(datasetIri(7)));
  t.equal(srv.logs.at(-1)?.scope, 'all');
  t.equal(d.headers.get('cache-control'), 'private, no-store');
});

t.test('POST forms are filtered the same way', async (t) => {
  const q = 'SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }';
  const f = await post(
    E,
    new URLSearchParams([
      ['query', q],
      ['named-graph-uri', PRIVATE_GRAPHS[0]],
    ]).toString(),
    'application/x-www-form-urlencoded',
  );
  clean(t, f.body, 'form');
  const d = await post(`${E}?named-graph-uri=${encodeURIComponent(PRIVATE_GRAPHS[0])}`, q, 'application/sparql-query');
  clean(t, d.body, 'direct');
});

t.test('replace and visibility changes apply to the right copies', async (t) => {
  const g = `${BASE}graph/flip`;
  const doc = `<${BASE}dataset/flip> <http://purl.org/dc/terms/title> "flip v1" .\n`;
  const ask = async (lit: string, h: Record<string, string> = {}) =>
    JSON.parse((await get(E, { query: `ASK { ?s ?p "${lit}" }` }, h)).body).boolean;
  await srv.store.replaceGraph(g, doc, { public: true });
  t.equal(await ask('flip v1'), true, 'public graph visible');
  await srv.store.replaceGraph(g, doc.replace('v1', 'v2'), { public: false });
  t.equal(await ask('flip v1'), false, 'old version gone');
  t.equal(await ask('flip v2'), false, 'now private: hidden from public');
  t.equal(await ask('flip v2', SYS), true, 'sysadmin sees it');
  t.equal(await ask('flip v1', SYS), false, 'sysadmin: old version replaced');
  await srv.store.replaceGraph(g, doc.replace('v1', 'v3'), { public: true });
  t.equal(await ask('flip v3'), true, 'public again');
  await srv.store.dropGraph(g);
  t.equal(await ask('flip v3'), false, 'dropped');
  t.equal(await ask('flip v3', SYS), false, 'dropped everywhere');
  await t.rejects(
    srv.store.replaceGraph(g, '<x:a> <x:b> .', { public: true }),
    /graph <.*flip>/,
    'bad N-Triples refused',
  );
  t.equal(srv.store.hasGraph(g), false);
  // Turtle input
  await srv.store.replaceGraph(g, '@prefix d: <http://purl.org/dc/terms/> . <x:s> d:title "ttl" .', {
    public: true,
    format: 'text/turtle',
  });
  t.equal(await ask('ttl'), true);
});
