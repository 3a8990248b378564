// Linked data that a client can follow: starting at /catalog.ttl, every IRI in the service's own
// namespace dereferences, in all four RDF formats, to a graph that describes it; what never existed
// is 404, what was deleted 410, what is private 403 with the reference the client sent.
import t from 'tap';
import type { Quad } from '@rdfjs/types';
import { startServer } from '../helpers/server.ts';
import { buildCatalog } from './fixture.ts';
import { parseJsonLd, parseNTriples, parseRdfXml, parseTurtle } from '../rdf/fixtures/reparse.ts';
import { pharmacies, pharmacyRows } from '../descriptor/fixtures.ts';
import { fieldIri, recordIri } from '../../src/descriptor/index.ts';
import { catalog as dsCatalog, dataset as dsDataset, upload } from '../datastore/helpers.ts';

const FORMATS: Record<string, string> = {
  'text/turtle': 'ttl',
  'application/n-triples': 'nt',
  'application/rdf+xml': 'rdf',
  'application/ld+json': 'jsonld',
};

async function parse(type: string, body: string, base: string): Promise<Quad[]> {
  if (type.startsWith('text/turtle'))
    return new (await import('n3')).Parser({ format: 'text/turtle', baseIRI: base }).parse(body);
  if (type.startsWith('application/n-triples')) return parseNTriples(body);
  if (type.startsWith('application/rdf+xml')) return parseRdfXml(body, base);
  if (type.startsWith('application/ld+json')) return parseJsonLd(body);
  throw new Error(`not RDF: ${type}`);
}

t.test('following links from /catalog.ttl', async (t) => {
  const s = await startServer(t);
  await buildCatalog(s);
  await s.settle();
  const own = (iri: string) => iri.startsWith(`${s.url}/`);
  // Not RDF documents: the Action API (JSON; described in the catalogue as a dcat:DataService whose
  // endpointURL it is) and the site's home page (foaf:homepage, a page for people).
  const notRdf = (iri: string) => iri.startsWith(`${s.url}/api/`) || iri === `${s.url}/`;
  const start = parseTurtle(await (await fetch(`${s.url}/catalog.ttl`)).text());
  const queue = new Set<string>();
  const found = (quads: Quad[]) => {
    for (const q of quads)
      for (const term of [q.subject, q.object])
        if (term.termType === 'NamedNode' && own(term.value) && !notRdf(term.value)) queue.add(term.value);
  };
  found(start);
  const checked = new Set<string>();
  const kinds = new Set<string>();
  let requests = 0;
  for (const iri of queue) {
    if (checked.size > 400) break;
    checked.add(iri);
    const docUrl = iri.split('#')[0];
    kinds.add(
      new URL(docUrl).pathname
        .replace(/[0-9a-f-]{36}/g, '{id}')
        .replace(/\/ds-[\w-]+/, '/{name}')
        .replace(/\/(economy|healthcare|[123]|stat|health|transport)$/, '/{x}'),
    );
    for (const [accept, ext] of Object.entries(FORMATS)) {
      const r = await fetch(docUrl, { headers: { accept } });
      requests++;
      const type = r.headers.get('content-type') ?? '';
      if (r.status !== 200) {
        t.fail(`${iri} as ${ext}: ${r.status} ${await r.text()}`);
        continue;
      }
      // A format suffix or the endpoint's own rules may fix the format; parse what came.
      const quads = await parse(type, await r.text(), docUrl);
      const described =
        quads.some((q) => q.subject.value === iri) ||
        (iri.endsWith('/sparql') && quads.some((q) => q.object.value === iri));
      if (!described) t.fail(`${iri} is not described by ${docUrl} as ${ext} (${quads.length} triples)`);
      if (ext === 'ttl') found(quads);
    }
  }
  t.ok(checked.size >= 60, `${checked.size} IRIs dereferenced, ${requests} requests`);
  t.comment(`document kinds: ${[...kinds].sort().join(', ')}`);
  for (const k of [
    '/dataset/{id}',
    '/dataset/{id}/resource/{id}',
    '/catalog/record/{id}',
    '/sphere',
    '/sphere/{x}',
    '/structure',
    '/structure/{x}',
    '/organization/{id}',
    '/ns',
    '/sparql',
  ]) {
    t.ok(kinds.has(k), `reached ${k}`);
  }
});

t.test('404 never existed, 410 deleted, 403 private (echoing the name asked)', async (t) => {
  const s = await startServer(t);
  await buildCatalog(s);
  const secret = await s.ok('package_show', { id: 'secret-one' });
  const gone = await s.ok('package_show', { id: 'gone-one' });
  const pub = await s.ok('package_show', { id: 'ds-daily-stat' });
  const get = (p: string, accept = 'text/turtle') => fetch(`${s.url}${p}`, { headers: { accept } });
  const byName = await get('/dataset/secret-one');
  t.equal(byName.status, 403);
  const msg = await byName.text();
  t.match(msg, /secret-one/, 'the message names what was asked');
  t.notMatch(msg, secret.id, 'and not the UUID');
  t.equal((await get(`/dataset/${gone.id}`)).status, 410);
  t.equal((await get('/dataset/gone-one.nt')).status, 410);
  t.equal((await get(`/catalog/record/${gone.id}`)).status, 410);
  t.equal((await get(`/catalog/record/${secret.id}`)).status, 403);
  t.equal((await get('/dataset/never-was')).status, 404);
  t.equal((await get(`/dataset/${pub.id}/resource/00000000-0000-0000-0000-000000000000`)).status, 404);
  const rid = pub.resources[0].id;
  t.equal((await get(`/dataset/${pub.id}/resource/${rid}`)).status, 200);
  await s.ok('resource_delete', { id: rid });
  t.equal((await get(`/dataset/${pub.id}/resource/${rid}`)).status, 410, 'deleted resource: Gone');
  t.equal((await get(`/dataset/${secret.id}/resource/${rid}`)).status, 403);
  t.equal((await get('/organization/nobody')).status, 404);
  await s.ok('organization_create', { name: 'closed', code: '099', title_translated: { en: 'Closed' } });
  t.equal((await get('/organization/closed')).status, 200);
  await s.ok('organization_delete', { id: 'closed' });
  t.equal((await get('/organization/closed')).status, 410);
  t.equal((await get('/sphere/none')).status, 404);
  t.equal((await get('/structure/999')).status, 404);
  t.equal((await get(`/dataset/${pub.id}`, 'image/png')).status, 406);
});

t.test('DataStore records, fields and the record class dereference', async (t) => {
  const s = await startServer(t, { env: { PASPORT_LANGUAGES: 'kk,ru,en,uz,uz-Cyrl' } });
  const { editor } = await dsCatalog(s);
  const ph = await dsDataset(s, 'astana-pharmacies', {
    title_translated: { kk: 'Аптеки', ru: 'Аптеки' },
    notes_translated: { kk: 'x', ru: 'x' },
  });
  await s.ok('descriptor_update', { resource_id: ph.rid, descriptor: pharmacies }, editor.token);
  t.equal(
    (await upload(s, ph.rid, 'p.json', JSON.stringify({ meta: pharmacies, data: pharmacyRows }), {}, editor.token))
      .status,
    200,
  );
  const ds = `${s.url}/dataset/${ph.pkg.id}`;
  const targets = [recordIri(ds, '11').value, fieldIri(ds, 'name').value, `${ds}/class/Record`];
  for (const iri of targets) {
    for (const [accept, ext] of Object.entries(FORMATS)) {
      const r = await fetch(iri, { headers: { accept } });
      t.equal(r.status, 200, `${iri} ${ext}`);
      const quads = await parse(r.headers.get('content-type') ?? '', await r.text(), iri);
      t.ok(
        quads.some((q) => q.subject.value === iri),
        `${iri} described in ${ext}`,
      );
    }
  }
  const rec = parseTurtle(
    await (await fetch(recordIri(ds, '11').value, { headers: { accept: 'text/turtle' } })).text(),
  );
  t.ok(
    rec.some((q) => q.object.value === 'Гиппократ'),
    'the record carries its values',
  );
  const all = await fetch(`${ds}/records`, { headers: { accept: 'application/n-triples' } });
  t.equal(all.status, 200);
  t.ok((await all.text()).split('\n').length > pharmacyRows.length, 'the records graph holds every record');
  t.equal((await fetch(recordIri(ds, 'no-such-key').value, { headers: { accept: 'text/turtle' } })).status, 404);
  await s.ok('package_patch', { id: ph.pkg.id, private: true });
  t.equal(
    (await fetch(recordIri(ds, '11').value, { headers: { accept: 'text/turtle' } })).status,
    403,
    'private dataset: its records too',
  );
});

t.test('a configured vocabulary namespace is used everywhere', async (t) => {
  const ns = 'https://vocab.example.org/pasport#';
  const s = await startServer(t, { env: { PASPORT_VOCAB_NS: ns } });
  await s.ok('organization_create', { name: 'stat', code: '001', title_translated: { en: 'Statistics' } });
  const pkg = await s.ok('package_create', {
    name: 'population',
    owner_org: 'stat',
    title_translated: { en: 'Population' },
    priority: 'high',
  });
  const ttl = await (await fetch(`${s.url}/dataset/${pkg.id}`, { headers: { accept: 'text/turtle' } })).text();
  t.match(ttl, `@prefix pas: <${ns}>`, 'Turtle abbreviates it as pas:');
  t.match(ttl, 'pas:priority pas:priority-high');
  const nt = await (await fetch(`${s.url}/dataset/${pkg.id}.nt`)).text();
  t.match(nt, `<${ns}priority> <${ns}priority-high>`);
  t.notMatch(nt, /pasport\.uz/, 'no placeholder namespace');
  t.notMatch(nt, `${s.url}/ns#`, 'nor the default one');
  const vocab = await (await fetch(`${s.url}/vocab.nt`)).text();
  t.match(
    vocab,
    `<${ns}priority> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>`,
    '/vocab declares the terms in it',
  );
  t.equal(
    (await fetch(`${s.url}/ns`, { headers: { accept: 'text/turtle' } })).status,
    404,
    'a namespace elsewhere is not served here',
  );
  await s.settle();
  const q = encodeURIComponent(`ASK { ?d <${ns}priority> <${ns}priority-high> }`);
  const ask = await (
    await fetch(`${s.url}/sparql?query=${q}`, { headers: { accept: 'application/sparql-results+json' } })
  ).json();
  t.equal((ask as { boolean: boolean }).boolean, true, 'the SPARQL store holds it too');
});
