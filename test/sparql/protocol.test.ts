// SPARQL 1.1 Protocol over HTTP: request forms, result formats, conneg, service description, errors.
import t from 'tap';
import ox from 'oxigraph';
import { EXAMPLE_QUERIES } from '../../src/sparql/examples.ts';
import { PREFIXES, get, post, startServer } from './helpers.ts';

const srv = await startServer({ n: 300, store: { maxRows: 1000 } });
t.teardown(() => srv.close());
const E = srv.endpoint;

const COUNT = `${PREFIXES}SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a dcat:Dataset }`;
const nOf = (json: string) => Number(JSON.parse(json).results.bindings[0].n.value);

t.test('GET ?query= answers SPARQL JSON by default', async (t) => {
  const r = await get(E, { query: COUNT });
  t.equal(r.status, 200);
  t.match(r.type, /^application\/sparql-results\+json/);
  // 300 generated, 2 made private; the private-graph datasets are not visible
  t.equal(nOf(r.body), 298);
  t.equal(r.headers.get('access-control-allow-origin'), '*');
  // Server-Timing: engine time within the handler's total, both present and consistent.
  // A first run: computed by the engine (`cache;desc=miss`), and kept for the next one.
  const m = /^engine;dur=([\d.]+), total;dur=([\d.]+), cache;desc=miss$/.exec(r.headers.get('server-timing') ?? '');
  t.ok(m, `server-timing: ${r.headers.get('server-timing')}`);
  t.ok(m && Number(m[1]) > 0 && Number(m[1]) <= Number(m[2]), 'engine time is part of the total');
});

t.test('POST form and POST application/sparql-query', async (t) => {
  const f = await post(E, new URLSearchParams({ query: COUNT }).toString(), 'application/x-www-form-urlencoded');
  t.equal(f.status, 200);
  t.equal(nOf(f.body), 298);
  const d = await post(E, COUNT, 'application/sparql-query', { accept: 'application/sparql-results+json' });
  t.equal(d.status, 200);
  t.equal(nOf(d.body), 298);
  const x = await post(E, COUNT, 'text/plain');
  t.equal(x.status, 415);
});

t.test('solution formats by Accept and by format=', async (t) => {
  const q = `${PREFIXES}SELECT ?d ?t WHERE { ?d a dcat:Dataset ; dct:title ?t FILTER(LANG(?t) = "ru") } ORDER BY ?d LIMIT 3`;
  const cases: Array<[string, RegExp, RegExp]> = [
    ['application/sparql-results+json', /^application\/sparql-results\+json/, /"bindings":\[/],
    [
      'application/sparql-results+xml',
      /^application\/sparql-results\+xml/,
      /<sparql xmlns="http:\/\/www.w3.org\/2005\/sparql-results#">/,
    ],
    ['text/csv', /^text\/csv/, /^d,t\r?\n/],
    ['text/tab-separated-values', /^text\/tab-separated-values/, /^\?d\t\?t\n/],
  ];
  for (const [accept, type, body] of cases) {
    const r = await get(E, { query: q }, { accept });
    t.equal(r.status, 200, accept);
    t.match(r.type, type, accept);
    t.match(r.body, body, accept);
  }
  for (const [name, type] of [
    ['json', /sparql-results\+json/],
    ['xml', /sparql-results\+xml/],
    ['csv', /text\/csv/],
    ['tsv', /tab-separated/],
  ] as const) {
    const r = await get(E, { query: q, format: name }, { accept: 'text/html' });
    t.equal(r.status, 200, name);
    t.match(r.type, type, name);
  }
  const csv = await get(E, { query: q, format: 'csv' });
  t.equal(csv.body.trim().split(/\r?\n/).length, 4, 'header + 3 rows');
  t.match(csv.body, /uz-ds-000001/);
});

t.test('ASK in JSON, XML, CSV, TSV', async (t) => {
  const q = `${PREFIXES}ASK { ?d a dcat:Dataset }`;
  const j = await get(E, { query: q });
  t.same(JSON.parse(j.body).boolean, true);
  const x = await get(E, { query: q, format: 'xml' });
  t.match(x.body, /<boolean>true<\/boolean>/);
  for (const f of ['csv', 'tsv']) {
    const r = await get(E, { query: q, format: f });
    t.equal(r.status, 200, f);
    t.match(r.body, /true/, f);
  }
});

t.test('CONSTRUCT / DESCRIBE formats', async (t) => {
  const q = `${PREFIXES}CONSTRUCT { ?d dct:title ?t } WHERE { ?d dct:identifier "uz-ds-000001" ; dct:title ?t }`;
  const cases: Array<[string, string, RegExp, RegExp]> = [
    ['turtle', 'text/turtle', /^text\/turtle/, /<https:\/\/data\.example\.uz\/dataset\/uz-ds-000001>/],
    [
      'ntriples',
      'application/n-triples',
      /^application\/n-triples/,
      /^<https:\/\/data\.example\.uz\/dataset\/uz-ds-000001> <http:\/\/purl\.org\/dc\/terms\/title> ".*"@(uz|ru|en) \.$/m,
    ],
    ['rdfxml', 'application/rdf+xml', /^application\/rdf\+xml/, /<rdf:RDF/],
    [
      'jsonld',
      'application/ld+json',
      /^application\/ld\+json/,
      /"@id":"https:\/\/data\.example\.uz\/dataset\/uz-ds-000001"/,
    ],
  ];
  for (const [name, accept, type, body] of cases) {
    const a = await get(E, { query: q }, { accept });
    t.equal(a.status, 200, accept);
    t.match(a.type, type, accept);
    t.match(a.body, body, accept);
    const b = await get(E, { query: q, format: name });
    t.match(b.type, type, name);
  }
  const nt = await get(E, { query: q, format: 'ntriples' });
  t.equal(nt.body.trim().split('\n').length, 3, 'three titles');
  const d = await get(E, { query: 'DESCRIBE <https://data.example.uz/dataset/uz-ds-000002>' });
  t.equal(d.status, 200);
  t.match(d.type, /^text\/turtle/);
  t.match(d.body, /uz-ds-000002/);
  const bad = await get(E, { query: q, format: 'csv' });
  t.equal(bad.status, 406);
  const bad2 = await get(E, { query: `${PREFIXES}SELECT * WHERE { ?s ?p ?o } LIMIT 1` }, { accept: 'text/turtle' });
  t.equal(bad2.status, 406);
});

t.test('default-graph-uri and named-graph-uri', async (t) => {
  const g1 = 'https://data.example.uz/graph/uz-ds-000001';
  const g2 = 'https://data.example.uz/graph/uz-ds-000002';
  const q = `${PREFIXES}SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a dcat:Dataset }`;
  const r = await get(E, { query: q, 'default-graph-uri': [g1, g2] });
  t.equal(nOf(r.body), 2);
  const named = `SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g`;
  const n = await get(E, { query: named, 'named-graph-uri': g2, format: 'csv' });
  t.equal(n.body.trim().split(/\r?\n/).slice(1).join(), g2);
  const form = new URLSearchParams([
    ['query', q],
    ['default-graph-uri', g1],
  ]);
  const p = await post(E, form.toString(), 'application/x-www-form-urlencoded');
  t.equal(nOf(p.body), 1);
  const dq = await fetch(`${E}?default-graph-uri=${encodeURIComponent(g1)}`, {
    method: 'POST',
    body: q,
    headers: { 'content-type': 'application/sparql-query' },
  });
  t.equal(nOf(await dq.text()), 1);
  // FROM in the query itself
  const from = await get(E, {
    query: `${PREFIXES}SELECT (COUNT(DISTINCT ?d) AS ?n) FROM <${g1}> WHERE { ?d a dcat:Dataset }`,
  });
  t.equal(nOf(from.body), 1);
});

t.test('malformed queries: 400 with the parser message and position', async (t) => {
  const r = await get(E, { query: 'SELECT * WHERE { ?s ?p }' });
  t.equal(r.status, 400);
  t.match(r.type, /^text\/plain/);
  t.match(r.body, /error at 1:\d+/);
  const e = await get(E, { query: '' });
  t.equal(e.status, 400);
  const junk = await get(E, { query: 'HELLO' });
  t.equal(junk.status, 400);
  t.match(srv.logs.at(-1), { status: 400, query: 'HELLO' });
});

t.test('updates are refused', async (t) => {
  for (const u of [
    'INSERT DATA { <x:a> <x:b> <x:c> }',
    'PREFIX x: <x:> DELETE WHERE { ?s ?p ?o }',
    'CLEAR ALL',
    'LOAD <http://127.0.0.1/x>',
    'DROP GRAPH <x:g>',
  ]) {
    const r = await get(E, { query: u });
    t.equal(r.status, 403, u);
    t.match(r.body, /read-only/, u);
  }
  const p = await post(E, 'CLEAR ALL', 'application/sparql-update');
  t.equal(p.status, 403);
  const f = await post(E, new URLSearchParams({ update: 'CLEAR ALL' }).toString(), 'application/x-www-form-urlencoded');
  t.equal(f.status, 403);
  // still intact
  t.equal(nOf((await get(E, { query: COUNT })).body), 298);
});

t.test('request size limit', async (t) => {
  const big = `SELECT * WHERE { ?s ?p ?o } # ${'x'.repeat(70 * 1024)}`;
  const r = await post(E, big, 'application/sparql-query');
  t.equal(r.status, 413);
});

t.test('row cap', async (t) => {
  const r = await get(E, { query: 'SELECT * WHERE { ?s ?p ?o }', format: 'tsv' });
  t.equal(r.status, 200);
  t.equal(r.headers.get('x-pasport-truncated'), 'true');
  t.equal(r.body.trim().split('\n').length, 1001);
  const j = await get(E, { query: 'SELECT * WHERE { ?s ?p ?o }' });
  t.equal(JSON.parse(j.body).results.bindings.length, 1000);
  const just = await get(E, { query: 'SELECT * WHERE { ?s ?p ?o } LIMIT 1000' });
  t.equal(JSON.parse(just.body).results.bindings.length, 1000);
  t.equal(just.headers.get('x-pasport-truncated'), null, 'exactly the cap is not truncated');
  const x = await get(E, { query: 'SELECT * WHERE { ?s ?p ?o }', format: 'xml' });
  t.equal(x.body.split('<result>').length - 1, 1000);
  t.match(x.body, /<\/results><\/sparql>$/);
  const c = await get(E, { query: 'SELECT * WHERE { ?s ?p ?o }', format: 'csv' });
  t.equal(c.body.trim().split(/\r?\n/).length, 1001);
  const g = await get(E, { query: 'CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }', format: 'ntriples' });
  t.equal(g.body.trim().split('\n').length, 1000);
  t.equal(g.headers.get('x-pasport-truncated'), 'true');
  // Turtle is produced directly and counted; only a result over the cap is cut (via N-Triples).
  const triples = (body: string) => ox.parse(body, { format: 'text/turtle' }).length;
  const tg = await get(E, { query: 'CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }', format: 'turtle' });
  t.equal(triples(tg.body), 1000);
  t.equal(tg.headers.get('x-pasport-truncated'), 'true');
  const under = await get(E, { query: 'CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 900', format: 'turtle' });
  t.ok(under.body.length > 2000, 'long enough to be counted by parsing');
  t.equal(triples(under.body), 900);
  t.equal(under.headers.get('x-pasport-truncated'), null);
  const few = await get(E, { query: 'CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3', format: 'rdfxml' });
  t.equal(ox.parse(few.body, { format: 'application/rdf+xml' }).length, 3);
  t.equal(few.headers.get('x-pasport-truncated'), null);
  const small = await get(E, { query: 'SELECT * WHERE { ?s ?p ?o } LIMIT 5' });
  t.equal(small.headers.get('x-pasport-truncated'), null);
});

t.test('service description on a bare GET', async (t) => {
  const r = await get(E, {});
  t.equal(r.status, 200);
  t.match(r.type, /^text\/turtle/);
  t.match(r.body, /sd:Service/);
  t.match(r.body, new RegExp(`sd:endpoint <${E}>`));
  const nt = await get(E, {}, { accept: 'application/n-triples' });
  t.match(nt.type, /^application\/n-triples/);
  t.match(nt.body, /<http:\/\/www.w3.org\/ns\/sparql-service-description#endpoint>/);
});

t.test('CORS preflight', async (t) => {
  const r = await fetch(E, {
    method: 'OPTIONS',
    headers: { origin: 'http://example.org', 'access-control-request-method': 'POST' },
  });
  t.equal(r.status, 204);
  t.equal(r.headers.get('access-control-allow-origin'), '*');
  t.match(r.headers.get('access-control-allow-methods') ?? '', /POST/);
});

t.test('query log entries', async (t) => {
  const before = srv.logs.length;
  await get(E, { query: COUNT, format: 'csv' });
  const e = srv.logs[before];
  t.match(e, { query: COUNT, scope: 'public', method: 'GET', format: 'csv', status: 200, federated: false });
  t.ok(e.durationMs >= 0);
  t.ok(e.bytes > 0);
});

t.test('example queries run and return rows', async (t) => {
  t.ok(EXAMPLE_QUERIES.length >= 5);
  for (const ex of EXAMPLE_QUERIES) {
    for (const l of ['uz', 'uz-Cyrl', 'ru', 'en'] as const) t.ok(ex.name[l], `${ex.id} has a ${l} name`);
    const r = await get(E, { query: ex.query });
    t.equal(r.status, 200, ex.id);
    const rows = JSON.parse(r.body).results.bindings;
    t.ok(rows.length > 0, `${ex.id} has rows`);
    if (ex.id === 'overdue-datasets') {
      t.equal(rows.length, 5, 'the five overdue public datasets, not the private one');
      t.equal(rows[0].overdueDays.value, '15');
    }
  }
});

t.test('mounted under a prefix, links follow', async (t) => {
  const Fastify = (await import('fastify')).default;
  const { sparqlPlugin } = await import('../../src/sparql/plugin.ts');
  const app = Fastify();
  await app.register(sparqlPlugin, { store: srv.store, prefix: '/api' } as any);
  const page = await app.inject({ url: '/api/sparql', headers: { accept: 'text/html' } });
  t.equal(page.statusCode, 200);
  t.match(page.body, /href="\/api\/sparql\/assets\/yasgui\.min\.css"/);
  t.match(page.body, /"endpoint":"\/api\/sparql"/);
  const sd = await app.inject({ url: '/api/sparql', headers: { accept: 'text/turtle', host: 'example.org' } });
  t.match(sd.body, /sd:endpoint <http:\/\/example\.org\/api\/sparql>/);
  const js = await app.inject({ url: '/api/sparql/assets/yasgui.min.js' });
  t.equal(js.statusCode, 200);
  await app.close();
});
