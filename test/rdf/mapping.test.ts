import t from 'tap';
import type { Literal, Quad } from '@rdfjs/types';
import {
  NotPublishableError,
  catalogPageQuads,
  catalogQuads,
  catalogRecordQuads,
  datasetDocumentQuads,
  datasetQuads,
  exportQuads,
  hydraPagingQuads,
  isPublishable,
  organizationQuads,
  pageLinks,
  sphereQuads,
  sphereSchemeQuads,
  structureSchemeQuads,
  inGraph,
  type PackageDict,
} from '../../src/rdf/mapping.ts';
import { PREFIXES, defaultVocabNs } from '../../src/rdf/namespaces.ts';
import { makeUris } from '../../src/rdf/uris.ts';
import { BASE, ctx, organizations, packages, refused, spheres } from './fixtures/catalog.ts';
import { has, objects, tripleKey } from './fixtures/reparse.ts';

const { dcat, dct, foaf, vcard, skos, spdx, hydra, xsd, rdf, schema } = PREFIXES;
// The vocabulary lives under the deployment's own site by default ({SITE_URL}/ns#).
const pas = defaultVocabNs(BASE);
const EU = PREFIXES.eu;
const byId = (id: string) => packages.find((p) => p.id === id)!;
const ds = (id: string) => `${BASE}/dataset/${id}`;
const lits = (q: Quad[], s: string, p: string) => objects(q, s, p) as Literal[];
const x0 = () => `${ds('ds-daily')}/resource/r-xlsx`;

t.test('uris are stable and derived from the configurable base', async (t) => {
  const u = makeUris('https://portal.example.org/');
  t.equal(u.catalog(), 'https://portal.example.org/catalog');
  t.equal(u.dataset('a b'), 'https://portal.example.org/dataset/a%20b');
  t.equal(u.distribution('d1', 'r1'), 'https://portal.example.org/dataset/d1/resource/r1');
  t.equal(u.record('d1', 'k/1'), 'https://portal.example.org/dataset/d1/record/k%2F1');
  t.equal(u.organization('o1'), 'https://portal.example.org/organization/o1');
  t.equal(u.sphere('health'), 'https://portal.example.org/sphere/health');
  t.equal(u.actionApi(), 'https://portal.example.org/api/3/action/');
  t.equal(u.sparqlEndpoint(), 'https://portal.example.org/sparql');
  t.throws(() => makeUris('portal.example.org'), /absolute/);
});

t.test('isPublishable and refusal by every mapping entry point', async (t) => {
  for (const p of packages) t.ok(isPublishable(p), `${p.id} is publishable`);
  for (const p of refused) {
    t.notOk(isPublishable(p), `${p.id} is not publishable`);
    t.throws(() => datasetQuads(p, ctx), NotPublishableError, `datasetQuads refuses ${p.id}`);
    t.throws(() => catalogRecordQuads(p, ctx), NotPublishableError, `catalogRecordQuads refuses ${p.id}`);
    t.throws(() => datasetDocumentQuads(p, ctx), NotPublishableError);
    t.throws(
      () =>
        catalogPageQuads(ctx, {
          packages: [p],
          page: 1,
          itemsPerPage: 10,
          totalItems: 1,
          pageUri: (n) => `${BASE}/catalog.ttl?page=${n}`,
        }),
      NotPublishableError,
    );
  }
  t.equal(new NotPublishableError('x', 'deleted').code, 'not_publishable');
  // `private` missing or not an explicit false counts as private.
  t.notOk(isPublishable({ ...byId('ds-daily'), private: undefined as unknown as boolean }));
  t.notOk(isPublishable({ ...byId('ds-daily'), deleted_at: '2025-01-01T00:00:00' }));
});

t.test('exportQuads skips refused datasets and counts them', async (t) => {
  const stats = { datasets: 0, skipped: 0 };
  const all: Quad[] = [];
  for await (const batch of exportQuads([...packages, ...refused], ctx, { stats })) all.push(...batch);
  t.same(stats, { datasets: packages.length, skipped: refused.length });
  for (const p of refused)
    t.notOk(
      all.some((q) => q.subject.value.startsWith(ds(p.id))),
      `${p.id} never appears`,
    );
  t.equal(new Set(all.map(tripleKey)).size, all.length, 'no duplicate triples in the export stream');
});

t.test('titles, descriptions and keywords per language, uz-Cyrl as a proper tag', async (t) => {
  const q = datasetQuads(byId('ds-daily'), ctx);
  const titles = lits(q, ds('ds-daily'), dct + 'title');
  t.same(
    titles.map((l) => [l.language, l.value]),
    [
      ['uz', 'Valyuta kurslari'],
      ['uz-Cyrl', 'Валюта курслари'],
      ['ru', 'Курсы валют'],
      ['en', 'Exchange rates'],
    ],
  );
  t.equal(lits(q, ds('ds-daily'), dct + 'description').length, 4);
  const kw = lits(q, ds('ds-daily'), dcat + 'keyword').map((l) => `${l.value}@${l.language}`);
  t.same(
    kw.sort(),
    ['currency@', 'currency@en', 'fx@', 'valyuta@uz', 'валюта@ru', 'валюта@uz-Cyrl', 'курс@ru']
      .sort()
      .filter((k) => k !== 'currency@'),
    'free tag duplicating a keyword is dropped',
  );
  // Only two languages present: only those titles and languages.
  const q5 = datasetQuads(byId('ds-irregular'), ctx);
  t.same(
    lits(q5, ds('ds-irregular'), dct + 'title').map((l) => l.language),
    ['uz', 'ru'],
  );
  t.same(
    objects(q5, ds('ds-irregular'), dct + 'language')
      .map((o) => o.value)
      .sort(),
    [EU + 'language/RUS', EU + 'language/UZB'],
  );
  // Empty description falls back to the title so the mandatory property is present.
  t.same(
    lits(q5, ds('ds-irregular'), dct + 'description').map((l) => l.value),
    ['Dorixonalar', 'Аптеки'],
  );
});

t.test('identifier, languages, publisher agent with names per language', async (t) => {
  const q = datasetQuads(byId('ds-daily'), ctx);
  t.same(
    lits(q, ds('ds-daily'), dct + 'identifier').map((l) => [l.value, l.termType]),
    [['1-001-0001', 'Literal']],
  );
  t.same(
    objects(q, ds('ds-daily'), dct + 'language').map((o) => o.value),
    [EU + 'language/UZB', EU + 'language/RUS', EU + 'language/ENG'],
  );
  const org = `${BASE}/organization/org-stat`;
  t.ok(has(q, ds('ds-daily'), dct + 'publisher', org));
  t.ok(has(q, org, rdf + 'type', foaf + 'Agent'));
  t.same(
    lits(q, org, foaf + 'name').map((l) => l.language),
    ['uz', 'uz-Cyrl', 'ru', 'en'],
  );
  t.ok(has(q, org, dct + 'type', 'http://purl.org/adms/publishertype/NationalAuthority'));
  t.ok(has(q, org, foaf + 'mbox', 'mailto:info@stat.example.uz'));
  t.ok(has(q, org, 'http://www.w3.org/ns/org#classification', `${BASE}/structure/1`));
  const tq = organizationQuads(organizations['org-tashkent'], ctx);
  t.ok(has(tq, `${BASE}/organization/org-tashkent`, dct + 'type', 'http://purl.org/adms/publishertype/LocalAuthority'));
});

t.test('contact points are vcard:Kind with mailto: and tel: IRIs', async (t) => {
  const q = datasetQuads(byId('ds-daily'), ctx);
  const cps = objects(q, ds('ds-daily'), dcat + 'contactPoint').map((o) => o.value);
  t.same(cps, [ds('ds-daily') + '#responsible', ds('ds-daily') + '#owner']);
  const resp = ds('ds-daily') + '#responsible';
  t.ok(has(q, resp, rdf + 'type', vcard + 'Kind'));
  const email = objects(q, resp, vcard + 'hasEmail');
  t.same(
    email.map((e) => [e.termType, e.value]),
    [['NamedNode', 'mailto:a.aliyev@stat.example.uz']],
  );
  t.same(
    objects(q, resp, vcard + 'hasTelephone').map((o) => o.value),
    ['tel:+998901234567'],
  );
  t.ok(has(q, ds('ds-daily'), pas + 'responsible', resp));
  t.ok(has(q, ds('ds-daily'), pas + 'owner', ds('ds-daily') + '#owner'));
  // No passport contacts: the organization's contact node stands in, and is described.
  const q5 = datasetQuads(byId('ds-irregular'), ctx);
  const orgContact = `${BASE}/organization/org-tashkent#contact`;
  t.same(
    objects(q5, ds('ds-irregular'), dcat + 'contactPoint').map((o) => o.value),
    [orgContact],
  );
  t.ok(has(q5, orgContact, vcard + 'hasEmail', 'mailto:data@tashkent.example.uz'));
});

t.test('every update frequency maps to its EU frequency IRI', async (t) => {
  const expected: Record<string, string> = {
    daily: 'DAILY',
    monthly: 'MONTHLY',
    quarterly: 'QUARTERLY',
    annual: 'ANNUAL',
    irregular: 'IRREG',
  };
  const seenFreq = new Set<string>();
  for (const p of packages) {
    const q = datasetQuads(p, ctx);
    const f = objects(q, ds(p.id), dct + 'accrualPeriodicity');
    t.same(
      f.map((o) => o.value),
      [`${EU}frequency/${expected[p.update_frequency!]}`],
      p.id,
    );
    t.ok(has(q, f[0].value, rdf + 'type', dct + 'Frequency'), 'frequency typed dct:Frequency');
    seenFreq.add(p.update_frequency!);
  }
  t.equal(seenFreq.size, 5, 'fixture covers all five frequencies');
});

t.test('themes: sphere eu_theme, mapping-file fallback, plus the sphere concept', async (t) => {
  const q = datasetQuads(byId('ds-daily'), ctx);
  t.same(
    objects(q, ds('ds-daily'), dcat + 'theme').map((o) => o.value),
    [`${EU}data-theme/ECON`, `${BASE}/sphere/economy`],
  );
  // `health` has eu_theme null: vocab/sphere-themes.json maps it to HEAL.
  const q2 = datasetQuads(byId('ds-monthly'), ctx);
  t.ok(has(q2, ds('ds-monthly'), dcat + 'theme', `${EU}data-theme/HEAL`));
  // A sphere unknown to both the dict and the file gets the file's default.
  const q3 = datasetQuads({ ...byId('ds-monthly'), sphere: 'mystery' }, ctx);
  t.same(
    objects(q3, ds('ds-monthly'), dcat + 'theme').map((o) => o.value),
    [`${EU}data-theme/GOVE`],
  );
  const sq = sphereQuads(spheres.economy, ctx);
  t.ok(has(sq, `${BASE}/sphere/economy`, skos + 'closeMatch', `${EU}data-theme/ECON`));
  t.same(
    lits(sq, `${BASE}/sphere/economy`, skos + 'prefLabel').map((l) => l.language),
    ['uz', 'uz-Cyrl', 'ru', 'en'],
  );
});

t.test('dates are typed: dict timestamps xsd:dateTime with Z, coverage keeps precision', async (t) => {
  const q = datasetQuads(byId('ds-daily'), ctx);
  const [issued] = lits(q, ds('ds-daily'), dct + 'issued');
  t.equal(issued.value, '2024-01-10T09:12:33.123456Z');
  t.equal(issued.datatype.value, xsd + 'dateTime');
  t.equal(lits(q, ds('ds-daily'), dct + 'modified')[0].datatype.value, xsd + 'dateTime');
  const tmp = ds('ds-daily') + '#temporal';
  t.ok(has(q, tmp, rdf + 'type', dct + 'PeriodOfTime'));
  t.same(
    lits(q, tmp, dcat + 'startDate').map((l) => [l.value, l.datatype.value]),
    [['2020-01-01', xsd + 'date']],
  );
  t.same(
    lits(q, tmp, dcat + 'endDate').map((l) => [l.value, l.datatype.value]),
    [['2024-12', xsd + 'gYearMonth']],
  );
  const q3 = datasetQuads(byId('ds-quarterly'), ctx);
  t.same(
    lits(q3, ds('ds-quarterly') + '#temporal', dcat + 'startDate').map((l) => l.datatype.value),
    [xsd + 'gYear'],
  );
  // An unparseable date is left out rather than written as an untyped literal.
  const bad = datasetQuads({ ...byId('ds-monthly'), metadata_created: '1st of March 2024' }, ctx);
  t.same(objects(bad, ds('ds-monthly'), dct + 'issued'), []);
  t.same(
    lits(q, ds('ds-daily'), pas + 'nextUpdateDue').map((l) => l.datatype.value),
    [xsd + 'date'],
  );
});

t.test('spatial coverage is the EU country IRI, typed and located', async (t) => {
  const q = datasetQuads(byId('ds-daily'), ctx);
  const c = `${EU}country/UZB`;
  t.ok(has(q, ds('ds-daily'), dct + 'spatial', c));
  t.ok(has(q, c, rdf + 'type', dct + 'Location'));
  t.equal(objects(q, c, dcat + 'bbox').length, 1);
});

t.test('distributions: URLs, EU format, IANA media type, licence, typed size, checksum', async (t) => {
  const q = datasetQuads(byId('ds-daily'), ctx);
  const d = `${ds('ds-daily')}/resource/r-csv`;
  t.same(
    objects(q, ds('ds-daily'), dcat + 'distribution').map((o) => o.value),
    [d, `${ds('ds-daily')}/resource/r-xlsx`],
    'deleted resource skipped',
  );
  t.ok(has(q, d, dcat + 'accessURL', 'https://data.example.uz/files/rates.csv'));
  t.ok(has(q, d, dcat + 'downloadURL', 'https://data.example.uz/files/rates.csv'));
  t.ok(has(q, d, dct + 'format', `${EU}file-type/CSV`));
  t.ok(has(q, d, dcat + 'mediaType', 'https://www.iana.org/assignments/media-types/text/csv'));
  t.ok(has(q, d, dct + 'license', `${EU}licence/CC_BY_4_0`));
  t.same(
    lits(q, d, dcat + 'byteSize').map((l) => [l.value, l.datatype.value]),
    [['48213', xsd + 'nonNegativeInteger']],
  );
  const ck = d + '#checksum';
  t.ok(has(q, d, spdx + 'checksum', ck));
  t.ok(has(q, ck, spdx + 'algorithm', spdx + 'checksumAlgorithm_sha256'));
  t.same(
    lits(q, ck, spdx + 'checksumValue').map((l) => l.datatype.value),
    [xsd + 'hexBinary'],
  );
  // Bare 32-hex digest: md5 by length; string size still typed.
  const x = `${ds('ds-daily')}/resource/r-xlsx`;
  t.ok(has(q, x + '#checksum', spdx + 'algorithm', spdx + 'checksumAlgorithm_md5'));
  t.same(
    lits(q, x, dcat + 'byteSize').map((l) => l.value),
    ['1024'],
  );
  t.ok(
    has(
      q,
      x,
      dcat + 'mediaType',
      'https://www.iana.org/assignments/media-types/application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ),
  );
  t.ok(has(q, d, PREFIXES.dcatap + 'availability', `${EU}planned-availability/STABLE`));
  t.ok(has(q, x0(), PREFIXES.dcatap + 'availability', `${EU}planned-availability/EXPERIMENTAL`), 'case-insensitive');
  // DataStore-backed: served by the catalogue's Action API.
  t.ok(has(q, d, dcat + 'accessService', `${BASE}/catalog#action-api`));
  t.ok(has(q, `${BASE}/catalog#action-api`, dcat + 'endpointURL', `${BASE}/api/3/action/`));
  // Licence not in the table: its URL, typed UnknownIPR.
  const q5 = datasetQuads(byId('ds-irregular'), ctx);
  const f = `${ds('ds-irregular')}/resource/r-foo`;
  t.ok(has(q5, f, dct + 'license', 'https://data.example.uz/licence'));
  t.ok(has(q5, 'https://data.example.uz/licence', dct + 'type', 'http://purl.org/adms/licencetype/UnknownIPR'));
  t.same(objects(q5, f, dct + 'format'), [], 'unknown format: no invented file type');
  const q3 = datasetQuads(byId('ds-quarterly'), ctx);
  t.ok(has(q3, `${ds('ds-quarterly')}/resource/r-pdf`, dct + 'license', `${EU}licence/ODC_BL`));
});

t.test('API resources and external provision are described with dcat:accessService', async (t) => {
  const q = datasetQuads(byId('ds-monthly'), ctx);
  const d = `${ds('ds-monthly')}/resource/r-api`;
  const svc = d + '#service';
  t.ok(has(q, d, dcat + 'accessService', svc));
  t.same(objects(q, d, dcat + 'downloadURL'), [], 'an API has no download URL');
  t.ok(has(q, svc, rdf + 'type', dcat + 'DataService'));
  t.ok(has(q, svc, dcat + 'endpointURL', 'https://api.health.example.uz/v1/hospitals'));
  t.ok(has(q, svc, dcat + 'servesDataset', ds('ds-monthly')));
  const qa = datasetQuads(byId('ds-annual'), ctx);
  const ed = ds('ds-annual') + '#external-api';
  t.ok(has(qa, ds('ds-annual'), dcat + 'distribution', ed));
  t.ok(has(qa, ed, dcat + 'accessURL', 'https://api.stat.example.uz/gdp'));
  t.ok(has(qa, ed, dcat + 'accessService', ds('ds-annual') + '#external-api-service'));
  t.ok(has(qa, ds('ds-annual') + '#external-api-service', dcat + 'endpointURL', 'https://api.stat.example.uz/gdp'));
  t.ok(has(qa, ds('ds-annual'), pas + 'provision', pas + 'provision-external'));
});

t.test('passport properties in the Pasport vocabulary', async (t) => {
  const q = datasetQuads(byId('ds-daily'), ctx);
  t.ok(has(q, ds('ds-daily'), pas + 'priority', pas + 'priority-high'));
  t.ok(has(q, ds('ds-daily'), pas + 'relevance', pas + 'relevance-high'));
  t.same(
    lits(q, ds('ds-daily'), pas + 'aiReady').map((l) => [l.value, l.datatype.value]),
    [['true', xsd + 'boolean']],
  );
  t.same(
    lits(q, ds('ds-daily'), pas + 'overdueDays').map((l) => [l.value, l.datatype.value]),
    [['0', xsd + 'nonNegativeInteger']],
  );
  const sched = (id: string) => {
    const qq = datasetQuads(byId(id), ctx);
    const s = ds(id) + '#update-schedule';
    return {
      type: has(qq, s, rdf + 'type', schema + 'Schedule'),
      every: lits(qq, s, schema + 'repeatFrequency').map((l) => l.value),
      day: lits(qq, s, schema + 'byMonthDay').map((l) => l.value),
      month: lits(qq, s, schema + 'byMonth').map((l) => l.value),
    };
  };
  t.same(sched('ds-daily'), { type: true, every: ['P1D'], day: [], month: [] });
  t.same(sched('ds-monthly'), { type: true, every: ['P1M'], day: ['5'], month: [] });
  t.same(sched('ds-quarterly'), { type: true, every: ['P3M'], day: ['15'], month: ['2', '5', '8', '11'] });
  t.same(sched('ds-annual'), { type: true, every: ['P2Y'], day: ['1'], month: ['3'] });
  t.same(sched('ds-irregular'), { type: false, every: [], day: [], month: [] });
});

t.test('catalog: publisher, EU language IRIs, services, datasets', async (t) => {
  const iris = packages.map((p) => ds(p.id));
  const q = catalogQuads(ctx, iris, { modified: '2025-03-20T09:12:33.123456' });
  const cat = `${BASE}/catalog`;
  t.ok(has(q, cat, rdf + 'type', dcat + 'Catalog'));
  t.same(
    lits(q, cat, dct + 'title').map((l) => l.language),
    ['uz', 'uz-Cyrl', 'ru', 'en'],
  );
  // uz and uz-Cyrl share one EU language.
  t.same(
    objects(q, cat, dct + 'language').map((o) => o.value),
    [EU + 'language/UZB', EU + 'language/RUS', EU + 'language/ENG'],
  );
  const pub = objects(q, cat, dct + 'publisher')[0].value;
  t.ok(has(q, pub, rdf + 'type', foaf + 'Agent'));
  t.equal(lits(q, pub, foaf + 'name').length, 4);
  t.same(
    objects(q, cat, dcat + 'service').map((o) => o.value),
    [`${BASE}/catalog#action-api`, `${BASE}/catalog#sparql`],
  );
  t.ok(has(q, `${BASE}/catalog#sparql`, dcat + 'endpointURL', `${BASE}/sparql`));
  t.ok(has(q, `${BASE}/catalog#sparql`, rdf + 'type', dcat + 'DataService'));
  t.equal(objects(q, cat, dcat + 'dataset').length, iris.length);
  t.equal(objects(q, `${BASE}/catalog#sparql`, dcat + 'servesDataset').length, iris.length);
  t.ok(has(q, cat, dcat + 'themeTaxonomy', EU + 'data-theme'));
  t.ok(has(q, cat, dct + 'license', EU + 'licence/CC_BY_4_0'));
  t.same(
    lits(q, cat, dct + 'modified').map((l) => l.value),
    ['2025-03-20T09:12:33.123456Z'],
  );
});

t.test('catalog record: primary topic, dates, conformsTo, change type', async (t) => {
  const q = catalogRecordQuads(byId('ds-daily'), ctx);
  const rec = `${BASE}/catalog/record/ds-daily`;
  t.ok(has(q, rec, rdf + 'type', dcat + 'CatalogRecord'));
  t.ok(has(q, rec, foaf + 'primaryTopic', ds('ds-daily')));
  t.ok(has(q, ds('ds-daily'), rdf + 'type', dcat + 'Dataset'), 'primary topic typed even standalone');
  t.ok(has(q, rec, PREFIXES.adms + 'status', 'http://purl.org/adms/changetype/Updated'));
  t.equal(lits(q, rec, dct + 'modified')[0].datatype.value, xsd + 'dateTime');
});

t.test('hydra paging: IRIs and literal twins, totals, ckanext-dcat arithmetic', async (t) => {
  const pageUri = (n: number) => `${BASE}/catalog.ttl?modified_since=2025-01-01&page=${n}`;
  const q = hydraPagingQuads({ pageUri, page: 2, itemsPerPage: 2, totalItems: 6 });
  const v = pageUri(2);
  t.ok(has(q, v, rdf + 'type', hydra + 'PagedCollection'));
  t.ok(has(q, v, rdf + 'type', hydra + 'PartialCollectionView'));
  for (const [rel, n] of [
    ['first', 1],
    ['previous', 1],
    ['next', 3],
    ['last', 3],
  ] as const) {
    const iri = objects(q, v, hydra + rel);
    t.same(
      iri.map((o) => [o.termType, o.value]),
      [['NamedNode', pageUri(n)]],
      rel,
    );
    const literal = objects(q, v, hydra + rel + 'Page');
    t.same(
      literal.map((o) => [o.termType, o.value]),
      [['Literal', pageUri(n)]],
      rel + 'Page',
    );
  }
  t.same(
    lits(q, v, hydra + 'totalItems').map((l) => [l.value, l.datatype.value]),
    [['6', xsd + 'integer']],
  );
  t.same(
    lits(q, v, hydra + 'itemsPerPage').map((l) => l.value),
    ['2'],
  );
  const first = hydraPagingQuads({ pageUri, page: 1, itemsPerPage: 2, totalItems: 6 });
  t.same(objects(first, pageUri(1), hydra + 'previous'), [], 'no previous on page 1');
  const last = hydraPagingQuads({ pageUri, page: 3, itemsPerPage: 2, totalItems: 6 });
  t.same(objects(last, pageUri(3), hydra + 'next'), [], 'no next on the last page');
  t.same(hydraPagingQuads({ pageUri, page: 1, itemsPerPage: 100, totalItems: 0 }), [], 'nothing when empty');
  t.same(
    pageLinks({ page: 9, itemsPerPage: 2, totalItems: 6 }),
    { first: 1, last: 3, previous: 3 },
    'past the end: previous is last',
  );
  t.throws(() => pageLinks({ page: 0, itemsPerPage: 2, totalItems: 6 }), RangeError);
});

t.test('catalog page: one description per shared node, no duplicate triples', async (t) => {
  const q = catalogPageQuads(ctx, {
    packages,
    page: 1,
    itemsPerPage: 100,
    totalItems: packages.length,
    pageUri: (n) => `${BASE}/catalog.ttl?page=${n}`,
  });
  t.equal(new Set(q.map(tripleKey)).size, q.length, 'no duplicates');
  const org = `${BASE}/organization/org-stat`;
  t.equal(
    q.filter((x) => x.subject.value === org && x.predicate.value === foaf + 'name').length,
    4,
    'org described once',
  );
  t.equal(objects(q, `${BASE}/catalog`, dcat + 'record').length, packages.length);
  t.same(
    q.filter((x) => x.subject.termType === 'BlankNode'),
    [],
    'no blank nodes: every node has a stable IRI',
  );
  // Subjects are contiguous (Turtle/RDF/XML group only consecutive statements).
  const order: string[] = [];
  for (const x of q) if (order[order.length - 1] !== x.subject.value) order.push(x.subject.value);
  t.equal(order.length, new Set(order).size, 'each subject appears in one run');
});

t.test('concept schemes for spheres and structures from the dictionaries', async (t) => {
  const sq = sphereSchemeQuads(ctx);
  const scheme = `${BASE}/sphere`;
  t.ok(has(sq, scheme, rdf + 'type', skos + 'ConceptScheme'));
  t.equal(lits(sq, scheme, dct + 'title').length, 4);
  t.equal(objects(sq, scheme, skos + 'hasTopConcept').length, Object.keys(spheres).length);
  const tq = structureSchemeQuads(ctx);
  t.ok(has(tq, `${BASE}/structure/2`, skos + 'inScheme', `${BASE}/structure`));
  t.same(
    lits(tq, `${BASE}/structure/2`, skos + 'prefLabel').map((l) => l.language),
    ['uz', 'uz-Cyrl', 'ru', 'en'],
  );
});

t.test('text cleaning: XML-illegal control characters never reach a literal', async (t) => {
  const p: PackageDict = { ...byId('ds-monthly'), title_translated: { en: 'Bad\u0007title\u0000' } };
  const q = datasetQuads(p, ctx);
  t.same(
    lits(q, ds('ds-monthly'), dct + 'title').map((l) => l.value),
    ['Badtitle'],
  );
});

t.test('inGraph moves quads into a named graph', async (t) => {
  const q = inGraph(datasetQuads(byId('ds-daily'), ctx), ds('ds-daily'));
  t.ok(q.length > 50);
  t.ok(q.every((x) => x.graph.termType === 'NamedNode' && x.graph.value === ds('ds-daily')));
});
