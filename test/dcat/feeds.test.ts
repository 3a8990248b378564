// The DCAT-AP 3 feeds: every format validates against the official shapes with 0 violations, rdflib
// reads each with the same triple count, Hydra paging harvests every public dataset exactly once, and
// private or deleted datasets appear nowhere.
import { spawnSync } from 'node:child_process';
import t from 'tap';
import { startServer } from '../helpers/server.ts';
import { buildCatalog } from './fixture.ts';
import { parseJsonLd, parseNTriples, parseRdfXml, parseTurtle, tripleSet, diff } from '../rdf/fixtures/reparse.ts';
import { validateQuads, formatResults } from '../../src/rdf/shacl.ts';

const DCAT = 'http://www.w3.org/ns/dcat#';
const HYDRA = 'http://www.w3.org/ns/hydra/core#';

t.test('DCAT feeds', async (t) => {
  const s = await startServer(t, { env: { PASPORT_DCAT_PAGE_SIZE: '4' } });
  const { names } = await buildCatalog(s);
  // No settle: the feeds read the search index and the tables, both current when a write returns.
  const get = async (path: string, accept?: string) => {
    const r = await fetch(`${s.url}${path}`, { headers: accept ? { Accept: accept } : {} });
    return { status: r.status, type: r.headers.get('content-type') ?? '', text: await r.text() };
  };

  t.test('all four formats validate and agree', async (t) => {
    const ttl = await get('/catalog.ttl');
    t.equal(ttl.status, 200);
    t.match(ttl.type, /^text\/turtle/);
    const parsed = {
      ttl: parseTurtle(ttl.text),
      nt: parseNTriples((await get('/catalog.nt')).text.replaceAll('/catalog.nt?', '/catalog.ttl?')),
      rdf: await parseRdfXml((await get('/catalog.rdf')).text.replaceAll('/catalog.rdf?', '/catalog.ttl?')),
      // Hydra's page IRIs name the requested format; align them before comparing triples.
      jsonld: await parseJsonLd((await get('/catalog.jsonld')).text.replaceAll('/catalog.jsonld?', '/catalog.ttl?')),
    };
    const base = tripleSet(parsed.ttl);
    for (const [fmt, quads] of Object.entries(parsed)) {
      const report = await validateQuads(quads);
      t.equal(report.violations.length, 0, `${fmt}: 0 violations\n${formatResults(report.violations)}`);
      t.comment(`${fmt}: ${quads.length} triples, ${report.warnings.length} SHACL warnings`);
      const set = tripleSet(quads);
      t.equal(set.size, base.size, `${fmt}: same triples as Turtle\n${set.size !== base.size ? diff(base, set) : ''}`);
    }
  });

  t.test('rdflib reads every format with the same counts', async (t) => {
    const counts: Record<string, number> = {};
    for (const [ext, fmt] of [
      ['ttl', 'turtle'],
      ['nt', 'nt'],
      ['rdf', 'xml'],
      ['jsonld', 'json-ld'],
    ]) {
      const body = (await get(`/catalog.${ext}?page=2`)).text;
      const py = spawnSync(
        '/usr/bin/python3',
        [
          '-c',
          `import sys, rdflib\ng = rdflib.Graph()\ng.parse(data=sys.stdin.read(), format='${fmt}')\nprint(len(g))`,
        ],
        { input: body, encoding: 'utf8' },
      );
      t.equal(py.status, 0, `rdflib parses ${ext}: ${py.stderr.slice(-500)}`);
      counts[ext] = Number(py.stdout.trim());
    }
    t.ok(counts.ttl > 50, `a page has triples (${counts.ttl})`);
    t.same(new Set(Object.values(counts)).size, 1, `equal counts ${JSON.stringify(counts)}`);
  });

  t.test('following hydra:next from page 1 collects every public dataset once', async (t) => {
    let url: string | null = `${s.url}/catalog.ttl`;
    const seen: string[] = [];
    let pages = 0;
    while (url && pages < 50) {
      const quads = parseTurtle(await (await fetch(url)).text());
      pages++;
      seen.push(
        ...quads
          .filter((q) => q.predicate.value === `${DCAT}dataset` && q.subject.value === `${s.url}/catalog`)
          .map((q) => q.object.value),
      );
      url = quads.find((q) => q.predicate.value === `${HYDRA}next`)?.object.value ?? null;
      const total = quads.find((q) => q.predicate.value === `${HYDRA}totalItems`);
      t.equal(total?.object.value, String(names.length));
    }
    t.equal(pages, Math.ceil(names.length / 4));
    t.equal(seen.length, names.length);
    t.equal(new Set(seen).size, names.length, 'no dataset twice');
  });

  t.test('private and deleted datasets appear in no RDF output', async (t) => {
    const secret = await s.ok('package_show', { id: 'secret-one' });
    const gone = await s.ok('package_show', { id: 'gone-one' });
    const outputs = [
      ...(await Promise.all([1, 2, 3, 4].map((p) => get(`/catalog.nt?page=${p}`)))).map((r) => r.text),
      (await get('/catalog/export.nt')).text,
      (await get('/catalog/export.ttl')).text,
      (await get('/catalog.ttl?q=Secret')).text,
    ];
    for (const text of outputs) {
      t.notMatch(text, secret.id);
      t.notMatch(text, gone.id);
      t.notMatch(text, 'Secret (');
    }
    t.equal((await get(`/dataset/${secret.id}.ttl`)).status, 403);
    t.equal((await get(`/dataset/secret-one`, 'text/turtle')).status, 403);
    t.equal((await get(`/dataset/${gone.id}.jsonld`)).status, 410, 'deleted: Gone');
    t.equal((await get('/dataset/never-was.ttl')).status, 404);
  });

  t.test('dataset documents and content negotiation', async (t) => {
    const p = await s.ok('package_show', { id: names[0] });
    const byExt = await get(`/dataset/${p.name}.ttl`);
    t.equal(byExt.status, 200);
    t.match(byExt.text, p.passport_code);
    const conneg = await get(`/dataset/${p.id}`, 'application/ld+json');
    t.match(conneg.type, /^application\/ld\+json/);
    const rdf = await get(`/dataset/${p.id}`, 'application/rdf+xml;q=0.9, text/turtle;q=0.5');
    t.match(rdf.type, /^application\/rdf\+xml/);
    t.equal((await get(`/dataset/${p.id}`, 'image/png')).status, 406);
    const whole = parseTurtle(byExt.text);
    const report = await validateQuads(whole);
    t.equal(report.violations.length, 0, formatResults(report.violations));
    const catalogConneg = await get('/catalog', 'application/n-triples');
    t.match(catalogConneg.type, /^application\/n-triples/);
    t.equal((await get('/catalog.ttl?page=0')).status, 409);
    t.equal((await get('/catalog.ttl?modified_since=yesterday')).status, 409);
  });

  t.test('modified_since and fq filter the catalogue', async (t) => {
    const count = (text: string) =>
      Number(parseTurtle(text).find((q) => q.predicate.value === `${HYDRA}totalItems`)?.object.value ?? 0);
    t.equal(count((await get('/catalog.ttl?fq=organization:health')).text), 5);
    const future = new Date(Date.now() + 86400000).toISOString().slice(0, 19);
    t.equal(count((await get(`/catalog.ttl?modified_since=${future}`)).text), 0);
    await s.ok('package_patch', { id: names[3], notes: 'changed' });
    const since = new Date(Date.now() - 2000).toISOString().slice(0, 19);
    t.ok(count((await get(`/catalog.ttl?modified_since=${since}`)).text) >= 1);
  });

  t.test('organizations, spheres and the vocabulary', async (t) => {
    const org = await s.ok('organization_show', { id: 'stat' });
    const o = await get(`/organization/${org.id}.ttl`);
    t.equal(o.status, 200);
    t.match(o.text, /"Statistics \(ру\)"@ru/);
    t.equal((await get('/sphere/economy.ttl')).status, 200);
    t.equal((await get('/sphere/none.ttl')).status, 404);
    const v = await get('/vocab', 'text/turtle');
    t.equal(v.status, 200);
    t.match(v.text, /skos:ConceptScheme|ConceptScheme/);
    for (const ext of ['jsonld', 'rdf']) t.equal((await get(`/vocab.${ext}`)).status, 200);
  });

  t.test('dcat_validate', async (t) => {
    const r = await s.ok('dcat_validate', { id: names[1] });
    t.equal(r.conforms, true);
    t.same(r.violations, []);
    t.equal((await s.call('dcat_validate', { id: 'secret-one' })).status, 409);
    const anon = await s.call('dcat_validate', { id: names[1] }, { token: null });
    t.equal(anon.status, 403);
  });
});
