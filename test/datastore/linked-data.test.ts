// DataStore records as linked data: the pharmacies of Astana and a dataset of shifts that points at them
// through datapath, answered and joined by one SPARQL query; private datasets' records stay hidden.
import t from 'tap';
import { startServer } from '../helpers/server.ts';
import { pharmacies, pharmacyRows, shifts } from '../descriptor/fixtures.ts';
import { fieldIri, recordIri } from '../../src/descriptor/index.ts';
import { catalog, dataset, upload } from './helpers.ts';

t.test('records in SPARQL', async (t) => {
  const s = await startServer(t, { env: { PASPORT_LANGUAGES: 'kk,ru,en,uz,uz-Cyrl' } });
  const { editor } = await catalog(s);
  const tr = (n: string) => ({ title_translated: { kk: n, ru: n }, notes_translated: { kk: n, ru: n } });
  const ph = await dataset(s, 'astana-pharmacies', tr('Аптеки'));
  const sh = await dataset(s, 'pharmacy-shifts', tr('Дежурства'));
  await s.ok('descriptor_update', { resource_id: ph.rid, descriptor: pharmacies }, editor.token);
  await s.ok('descriptor_update', { resource_id: sh.rid, descriptor: shifts }, editor.token);
  t.equal(
    (await upload(s, ph.rid, 'p.json', JSON.stringify({ meta: pharmacies, data: pharmacyRows }), {}, editor.token))
      .status,
    200,
  );
  const shiftRows = [
    { shiftId: 1, pharmacy: '11', backups: [] },
    { shiftId: 2, pharmacy: String(pharmacyRows[1].id), backups: [] },
  ];
  t.equal((await upload(s, sh.rid, 's.json', JSON.stringify({ data: shiftRows }), {}, editor.token)).status, 200);

  const select = async (query: string, settle = true) => {
    if (settle) await s.settle();
    const r = await fetch(`${s.url}/sparql?query=${encodeURIComponent(query)}`, {
      headers: { Accept: 'application/sparql-results+json' },
    });
    t.equal(r.status, 200);
    return ((await r.json()) as { results: { bindings: Record<string, { value: string }>[] } }).results.bindings;
  };
  const phIri = `${s.url}/dataset/${ph.pkg.id}`;
  const shIri = `${s.url}/dataset/${sh.pkg.id}`;

  const names = await select(
    `SELECT ?name WHERE { <${recordIri(phIri, '11').value}> <${fieldIri(phIri, 'name').value}> ?name }`,
  );
  t.same(
    names.map((b) => b.name.value),
    ['Гиппократ'],
    'a pharmacy record answers by its key',
  );

  const join = await select(`SELECT ?shift ?name WHERE {
    ?s <${fieldIri(shIri, 'shiftId').value}> ?shift ; <${fieldIri(shIri, 'pharmacy').value}> ?p .
    ?p <${fieldIri(phIri, 'name').value}> ?name } ORDER BY ?shift`);
  t.same(
    join.map((b) => [Number(b.shift.value), b.name.value]),
    [
      [1, 'Гиппократ'],
      [2, pharmacyRows[1].name],
    ],
    'one query joins the two datasets',
  );

  const labels = await select(
    `PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?label WHERE { <${fieldIri(phIri, 'name').value}> rdfs:label ?label FILTER(lang(?label) = "ru") }`,
  );
  t.same(
    labels.map((b) => b.label.value),
    ['Название'],
    'fields carry their labels per language',
  );

  await s.ok('package_patch', { id: ph.pkg.id, private: true });
  t.same(
    await select(`SELECT ?name WHERE { ?r <${fieldIri(phIri, 'name').value}> ?name }`, false),
    [],
    'a private dataset’s records leave the public store before the write returns',
  );
  await s.ok('package_delete', { id: sh.pkg.id, reason: 'test' });
  t.same(
    await select(`SELECT ?s WHERE { ?s <${fieldIri(shIri, 'shiftId').value}> ?x }`, false),
    [],
    'a deleted dataset’s records too',
  );
});
