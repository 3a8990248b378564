// Protocol points third-party clients tripped over: relative IRIs resolve against the endpoint, a
// second query or any update parameter is a 400, the service description advertises federation only
// when it is on and answers conditional GETs, format=n3 is Turtle, a usable Accept beats an unknown
// format, other methods get 405 with Allow.
import t from 'tap';
import { PREFIXES, get, post, startServer } from './helpers.ts';

const loopback = (u: URL) => u.hostname === '127.0.0.1';
const srv = await startServer({ n: 20 });
t.teardown(() => srv.close());
const fed = await startServer({ data: false, plugin: { federation: { allow: loopback } } });
t.teardown(() => fed.close());
const E = srv.endpoint;
const SD_FEATURE = 'http://www.w3.org/ns/sparql-service-description#BasicFederatedQuery';

t.test('relative IRIs without BASE resolve against the endpoint URL', async (t) => {
  const r = await get(E, { query: 'SELECT ?x WHERE { BIND(<thing/1> AS ?x) }' });
  t.equal(r.status, 200, r.body);
  t.equal(JSON.parse(r.body).results.bindings[0].x.value, new URL('thing/1', E).href);
  const based = await get(E, { query: 'BASE <http://example.org/a/> SELECT ?x WHERE { BIND(<b> AS ?x) }' });
  t.equal(JSON.parse(based.body).results.bindings[0].x.value, 'http://example.org/a/b', 'an explicit BASE still wins');
});

t.test('two query parameters, or an update parameter, are a 400', async (t) => {
  t.equal((await get(E, { query: ['ASK {}', 'ASK {}'] })).status, 400);
  const form = await post(
    E,
    new URLSearchParams([
      ['query', 'ASK {}'],
      ['query', 'ASK {}'],
    ]).toString(),
    'application/x-www-form-urlencoded',
  );
  t.equal(form.status, 400);
  const g = await get(E, { update: 'CLEAR ALL' });
  t.equal(g.status, 400, 'GET ?update= is not the service description');
  t.notMatch(g.type, /turtle/);
  t.equal((await get(E, { query: 'ASK {}', update: 'CLEAR ALL' })).status, 400);
  t.equal(
    (await post(`${E}?query=ASK%20%7B%7D`, 'ASK {}', 'application/sparql-query')).status,
    400,
    'query in URL and body',
  );
});

t.test('service description: federation advertised only when on; validators and 304', async (t) => {
  const off = await get(E, {}, { accept: 'text/turtle' });
  t.equal(off.status, 200);
  t.notMatch(off.body, /BasicFederatedQuery/);
  t.match(off.body, /UnionDefaultGraph/);
  const on = await get(fed.endpoint, {}, { accept: 'application/n-triples' });
  t.match(on.body, SD_FEATURE);
  const etag = off.headers.get('etag');
  const lm = off.headers.get('last-modified');
  t.match(etag, /^"[\w-]+"$/, 'strong ETag');
  t.ok(lm, 'Last-Modified');
  t.match(off.headers.get('cache-control'), /max-age/);
  t.match(off.headers.get('vary'), /Accept/);
  const inm = await get(E, {}, { accept: 'text/turtle', 'if-none-match': etag! });
  t.equal(inm.status, 304);
  t.equal(inm.body, '');
  t.equal((await get(E, {}, { accept: 'text/turtle', 'if-modified-since': lm! })).status, 304);
  const other = await get(E, {}, { accept: 'application/ld+json', 'if-none-match': etag! });
  t.equal(other.status, 200, 'another format has another ETag');
  t.not(other.headers.get('etag'), etag);
});

t.test('format=n3 is Turtle; a usable Accept wins over an unknown format', async (t) => {
  const q = `${PREFIXES}CONSTRUCT { ?d a dcat:Dataset } WHERE { ?d a dcat:Dataset } LIMIT 2`;
  const n3 = await get(E, { query: q, format: 'n3' });
  t.equal(n3.status, 200, n3.body);
  t.match(n3.type, /^text\/turtle/);
  const unknown = await get(E, { query: q, format: 'rdf+n3+whatever' }, { accept: 'application/n-triples' });
  t.equal(unknown.status, 200);
  t.match(unknown.type, /^application\/n-triples/);
  const sel = await get(
    E,
    { query: `${PREFIXES}SELECT * WHERE { ?d a dcat:Dataset } LIMIT 1`, format: 'nonsense' },
    { accept: 'application/sparql-results+xml' },
  );
  t.match(sel.type, /sparql-results\+xml/);
  t.equal((await get(E, { query: q, format: 'nonsense' })).status, 406, 'unknown format and no usable Accept');
  t.equal(
    (await get(E, { query: q, format: 'csv' }, { accept: 'text/turtle' })).status,
    406,
    'a known format that cannot hold the result',
  );
});

t.test('other methods: 405 with Allow', async (t) => {
  for (const method of ['PUT', 'DELETE', 'PATCH']) {
    const r = await fetch(E, {
      method,
      body: 'query=ASK%20%7B%7D',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    t.equal(r.status, 405, method);
    t.match(r.headers.get('allow'), /GET/);
    t.match(r.headers.get('allow'), /POST/);
  }
});
