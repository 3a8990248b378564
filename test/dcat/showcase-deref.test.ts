// Showcase IRIs ({site}/showcase/{id}, named in datasets' DCAT as related resources) dereference like
// dataset IRIs: content negotiation (Accept and suffixes, four RDF formats, HTML), validators and 304,
// 404 for what never existed, 403 for a draft; private datasets never named in the document.
import t from 'tap';
import { Parser, type Quad } from 'n3';
import { startServer } from '../helpers/server.ts';
import { makeOrg, makeStructure, passport } from '../helpers/fixtures.ts';

const DCT = 'http://purl.org/dc/terms/';

t.test('showcase IRIs dereference', async (t) => {
  const s = await startServer(t);
  await makeStructure(s, '1');
  await makeOrg(s, 'stat', { code: '001', structure: '1' });
  const pub = await s.ok('package_create', passport('population', 'stat'));
  const priv = await s.ok('package_create', passport('secret', 'stat', { private: true }));
  const sc = await s.ok('ckanext_showcase_create', {
    name: 'bus-app',
    title: 'Avtobus',
    url: 'https://bus.example.uz',
    title_translated: { ru: 'Автобус', en: 'Bus' },
    notes_translated: { ru: 'Общественный транспорт' },
  });
  for (const d of [pub, priv])
    await s.ok('ckanext_showcase_package_association_create', { package_id: d.id, showcase_id: sc.id });
  const iri = `${s.url}/showcase/${sc.id}`;

  // The IRI the dataset's description names is the one that dereferences.
  const dsTtl = await (await fetch(`${s.url}/dataset/${pub.id}.ttl`)).text();
  const dsQuads = new Parser({ format: 'text/turtle', baseIRI: s.url }).parse(dsTtl);
  t.ok(
    dsQuads.some((q) => q.predicate.value === `${DCT}relation` && q.object.value === iri),
    'the dataset names the showcase IRI',
  );

  const res = await fetch(iri, { headers: { Accept: 'text/turtle' } });
  t.equal(res.status, 200);
  t.match(res.headers.get('content-type'), /text\/turtle/);
  t.match(res.headers.get('vary'), /Accept/);
  const quads: Quad[] = new Parser({ format: 'text/turtle', baseIRI: s.url }).parse(await res.text());
  const about = quads.filter((q) => q.subject.value === iri);
  t.ok(
    about.some((q) => q.predicate.value.endsWith('#type') && q.object.value === 'http://www.w3.org/ns/dcat#Resource'),
    'a dcat:Resource',
  );
  const titles = about
    .filter((q) => q.predicate.value === `${DCT}title`)
    .map((q) => `${q.object.value}@${(q.object as any).language}`)
    .sort();
  t.same(titles, ['Avtobus@uz', 'Bus@en', 'Автобус@ru'], 'titled in every language it has');
  t.ok(
    about.some(
      (q) => q.predicate.value === 'http://xmlns.com/foaf/0.1/page' && q.object.value === 'https://bus.example.uz',
    ),
    'its page',
  );
  const related = about.filter((q) => q.predicate.value === `${DCT}relation`).map((q) => q.object.value);
  t.same(related, [`${s.url}/dataset/${pub.id}`], 'the public dataset it is built on, never the private one');

  for (const [accept, ext, type] of [
    ['application/n-triples', 'nt', /n-triples/],
    ['application/rdf+xml', 'rdf', /rdf\+xml/],
    ['application/ld+json', 'jsonld', /ld\+json/],
  ] as const) {
    const byAccept = await fetch(iri, { headers: { Accept: accept } });
    t.equal(byAccept.status, 200, `${accept} by Accept`);
    t.match(byAccept.headers.get('content-type'), type);
    const bySuffix = await fetch(`${iri}.${ext}`);
    t.equal(bySuffix.status, 200, `.${ext}`);
    t.match(bySuffix.headers.get('content-type'), type);
  }
  const html = await fetch(iri, { headers: { Accept: 'text/html' } });
  t.equal(html.status, 200);
  t.match(html.headers.get('content-type'), /text\/html/);
  t.match(await html.text(), /Автобус|Avtobus/, 'an HTML page for people');
  t.equal((await fetch(`${s.url}/showcase/bus-app.ttl`)).status, 200, 'by name too');

  const etag = res.headers.get('etag');
  t.ok(etag, 'an ETag');
  t.equal(
    (await fetch(iri, { headers: { Accept: 'text/turtle', 'If-None-Match': etag! } })).status,
    304,
    'and a 304 for it',
  );
  t.equal((await fetch(iri, { headers: { Accept: 'image/png' } })).status, 406, 'nothing acceptable: 406');

  t.equal((await fetch(`${s.url}/showcase/no-such-app.ttl`)).status, 404, 'never existed: 404');
  await s.ok('ckanext_showcase_update', {
    id: sc.id,
    name: 'bus-app',
    title: 'Avtobus',
    url: 'https://bus.example.uz',
    state: 'draft',
  });
  t.equal((await fetch(`${iri}.ttl`)).status, 403, 'a draft: 403');
});
