// The quality score of hand-built datasets, with every indicator's points worked out by hand below
// (from the methodology's weights in ../shared/reference/mqa.md, not from the code under test): the
// DCAT mapping, the real SHACL validation and Pasport's facts from an update history.
import t from 'tap';
import { datasetQuads } from '../../src/rdf/mapping.ts';
import { dct } from '../../src/rdf/namespaces.ts';
import { scoreDataset, type PasportFacts } from '../../src/quality/score.ts';
import { ConformanceCache, structureKey } from '../../src/quality/conformance.ts';
import { pasportFacts } from '../../src/quality/facts.ts';
import { ratingOf, MQA_MAX, PASPORT_MAX } from '../../src/quality/indicators.ts';
import { WorkCalendar } from '../../src/calendar/calendar.ts';
import type { Config } from '../../src/config.ts';
import { BASE, ctx, dictFixture } from '../rdf/fixtures/catalog.ts';

const ts = (d: string) => `${d}T09:12:33.123456`;
const LINKS = 'http://links.example.org';
const linkOk = (url: string) =>
  (({ [`${LINKS}/ok.csv`]: true, [`${LINKS}/broken.xlsx`]: false, [`${LINKS}/api`]: true }) as Record<string, boolean>)[
    url
  ] ?? null;

const rich = dictFixture({
  id: 'q-rich',
  name: 'q-rich',
  state: 'active',
  private: false,
  type: 'dataset',
  license_id: 'cc-by',
  owner_org: 'org-stat',
  sphere: 'economy',
  title_translated: { uz: 'Boy', ru: 'Богатый', en: 'Rich' },
  notes_translated: { en: 'All indicators' },
  tags: [{ name: 'rich' }],
  spatial_uri: 'http://publications.europa.eu/resource/authority/country/UZB',
  temporal_start: '2020-01-01',
  temporal_end: '2024-12-31',
  metadata_created: ts('2024-01-10'),
  metadata_modified: ts('2025-03-20'),
  resources: [
    {
      id: 'r1',
      state: 'active',
      name: 'ok',
      url: `${LINKS}/ok.csv`,
      format: 'CSV',
      size: 100,
      rights: 'Open for any use',
    },
    { id: 'r2', state: 'active', name: 'broken', url: `${LINKS}/broken.xlsx`, format: 'XLSX' },
    { id: 'r3', state: 'active', name: 'api', url: `${LINKS}/api`, format: 'REST', resource_type: 'api' },
  ],
});

const poor = dictFixture({
  id: 'q-poor',
  name: 'q-poor',
  state: 'active',
  private: false,
  type: 'dataset',
  owner_org: null,
  title: 'Poor',
  metadata_created: ts('2024-01-10'),
  metadata_modified: ts('2024-01-10'),
  tags: [],
  resources: [{ id: 'r4', state: 'active', name: 'pdf', url: `${LINKS}/never-checked.pdf`, format: 'PDF' }],
});

const facts: PasportFacts = {
  overdueDays: 0,
  onTime: { met: 3, total: 4 },
  languages: { filled: 7, total: 8, missing: ['notes_translated.ru'] },
  datastore: { active: 2, described: 1 },
};
const noFacts: PasportFacts = {
  overdueDays: 45,
  onTime: null,
  languages: { filled: 0, total: 8, missing: [] },
  datastore: { active: 0, described: 0 },
};

const pointsOf = (r: ReturnType<typeof scoreDataset>) => Object.fromEntries(r.indicators.map((i) => [i.id, i.points]));

t.test('a dataset meeting most indicators, with a broken link and an API', async (t) => {
  const quads = datasetQuads(rich, ctx);
  const shacl = new ConformanceCache();
  const conforms = await shacl.conforms(quads, BASE);
  t.equal(conforms, true, 'the mapping of a complete dataset passes the DCAT-AP shapes');
  const r = scoreDataset({ quads, datasetIri: `${BASE}/dataset/q-rich`, linkOk, conforms, pasport: facts });
  // By hand. Three distributions: r1 CSV reachable, with size and rights; r2 XLSX broken; r3 an API
  // (no downloadURL). Interoperability counts the best distribution (r1: all five).
  t.same(pointsOf(r), {
    keyword: 30,
    theme: 30,
    spatial: 20,
    temporal: 20,
    access_url_status: 33.33, // 2 of 3 reachable x 50
    download_url: 13.33, // r1, r2 have one: 2/3 x 20
    download_url_status: 10, // only r1's answers: 1/3 x 30
    format: 20,
    media_type: 10,
    format_vocabulary: 10,
    non_proprietary: 20,
    machine_readable: 20,
    dcat_ap_compliance: 30,
    licence: 20,
    licence_vocabulary: 10,
    access_rights: 10,
    access_rights_vocabulary: 5,
    contact_point: 20,
    publisher: 10,
    rights: 1.67,
    byte_size: 1.67, // 1 of 3 x 5
    issued: 5,
    modified: 5,
    timeliness_overdue: 20,
    timeliness_on_time: 15,
    languages: 8.75,
    datastore_descriptor: 5,
  });
  t.equal(r.score, 355, '100 + 56.66 + 110 + 75 + 13.34');
  t.equal(r.rating, 'excellent');
  t.equal(r.pasport_points, 48.75);
  t.equal(r.max, 405);
  t.equal(r.pasport_max, 60);
});

t.test('a bare dataset: no publisher, no licence, an unchecked link, failing the shapes', async (t) => {
  // Without its title the graph violates DCAT-AP (dct:title is mandatory): the real validator says so.
  const quads = datasetQuads(poor, ctx).filter(
    (q) => !(q.predicate.equals(dct('title')) && q.subject.value === `${BASE}/dataset/q-poor`),
  );
  const conforms = await new ConformanceCache().conforms(quads, BASE);
  t.equal(conforms, false, 'a dataset without a title violates the shapes');
  const r = scoreDataset({ quads, datasetIri: `${BASE}/dataset/q-poor`, linkOk, conforms, pasport: noFacts });
  t.same(pointsOf(r), {
    keyword: 0,
    theme: 0,
    spatial: 0,
    temporal: 0,
    access_url_status: 0,
    download_url: 20,
    download_url_status: 0, // not checked yet: not counted
    format: 20,
    media_type: 10,
    format_vocabulary: 10,
    non_proprietary: 20,
    machine_readable: 0, // PDF: open, not machine-readable
    dcat_ap_compliance: 0,
    licence: 0,
    licence_vocabulary: 0,
    access_rights: 10,
    access_rights_vocabulary: 5,
    contact_point: 0,
    publisher: 0,
    rights: 0,
    byte_size: 0,
    issued: 5,
    modified: 5,
    timeliness_overdue: 0,
    timeliness_on_time: 20,
    languages: 0,
    datastore_descriptor: 10,
  });
  t.equal(r.score, 105, '0 + 20 + 60 + 15 + 10');
  t.equal(r.rating, 'bad');
  t.equal(r.pasport_points, 30);
  const status = r.indicators.find((i) => i.id === 'access_url_status')!;
  t.equal(status.detail?.not_checked, 1, 'the unchecked URL is reported as such');
});

t.test('no distributions: every distribution indicator is 0', async (t) => {
  const quads = datasetQuads({ ...poor, id: 'q-empty', resources: [] }, ctx);
  const r = scoreDataset({ quads, datasetIri: `${BASE}/dataset/q-empty`, linkOk, conforms: true, pasport: noFacts });
  const p = pointsOf(r);
  for (const id of [
    'access_url_status',
    'download_url',
    'download_url_status',
    'format',
    'media_type',
    'licence',
    'rights',
    'byte_size',
  ])
    t.equal(p[id], 0, id);
  t.equal(r.score, 30 + 15 + 10, 'compliance 30, access rights 15, dates 10');
});

t.test("MQA's rating bands", async (t) => {
  t.equal(MQA_MAX, 405);
  t.equal(PASPORT_MAX, 60);
  const cases: [number, string][] = [
    [405, 'excellent'],
    [351, 'excellent'],
    [350.99, 'good'],
    [221, 'good'],
    [220.5, 'sufficient'],
    [121, 'sufficient'],
    [120.99, 'bad'],
    [0, 'bad'],
  ];
  for (const [score, rating] of cases) t.equal(ratingOf(score), rating, `${score}`);
});

t.test("Pasport's facts from an update history", async (t) => {
  // Monthly on the 10th, created 1 January 2025, judged on 15 June 2025 (no calendar: every day works).
  // Deadlines 10 Jan..10 Jun. Updates 5 Jan (on time for 10 Jan), 20 Feb (late for 10 Feb, and in
  // (10 Feb, 10 Mar] so on time for 10 Mar); 10 Apr, 10 May, 10 Jun overdue: 2 on time of 6.
  const pkg = dictFixture({
    id: 'p',
    update_frequency: 'monthly',
    update_schedule: { day: 10 },
    metadata_created: '2025-01-01T05:00:00',
    overdue_days: 36,
    title_translated: { uz: 'a', 'uz-Cyrl': 'б', ru: 'в', en: 'd' },
    notes_translated: { uz: 'a', ru: 'в', en: ' ' },
  });
  const batch = {
    updates: new Map([['p', ['2025-01-05T10:00:00', '2025-02-20T10:00:00']]]),
    datastore: new Map([['p', { active: 2, described: 1 }]]),
  };
  const config = {
    timezone: 'Asia/Tashkent',
    languages: ['uz', 'uz-Cyrl', 'ru', 'en'],
    requiredLanguages: [],
  } as unknown as Config;
  const f = pasportFacts(pkg, batch, config, '2025-06-15', WorkCalendar.none);
  t.same(f, {
    overdueDays: 36,
    onTime: { met: 2, total: 6 },
    languages: { filled: 6, total: 8, missing: ['notes_translated.uz-Cyrl', 'notes_translated.en'] },
    datastore: { active: 2, described: 1 },
  });
  const irregular = pasportFacts(
    { ...pkg, update_frequency: 'irregular' },
    batch,
    { ...config, requiredLanguages: ['ru'] } as Config,
    '2025-06-15',
    WorkCalendar.none,
  );
  t.equal(irregular.overdueDays, null, 'no deadlines: timeliness does not apply');
  t.equal(irregular.onTime, null);
  t.same(irregular.languages, { filled: 2, total: 2, missing: [] }, 'only the required language is scored');
  // 36 days overdue: 0; 2 of 6 on time: 6.67; 6 of 8 language fields: 7.5; 1 of 2 descriptors: 5.
  const quads = datasetQuads(poor, ctx);
  const r = scoreDataset({ quads, datasetIri: `${BASE}/dataset/q-poor`, linkOk, conforms: true, pasport: f });
  t.equal(r.pasport_points, 19.17);
});

t.test('graphs of the same structure share one SHACL run', async (t) => {
  const a = datasetQuads({ ...rich, id: 'aaaaaaaa-0000-4000-8000-000000000001', title_translated: { en: 'One' } }, ctx);
  const b = datasetQuads(
    {
      ...rich,
      id: 'aaaaaaaa-0000-4000-8000-000000000002',
      title_translated: { en: 'Two, longer' },
      resources: rich.resources!.map((r) => ({ ...r, url: `${r.url}?v=2` })),
    },
    ctx,
  );
  t.equal(structureKey(a, BASE), structureKey(b, BASE), 'other texts, ids and URLs: the same structure');
  const c = datasetQuads(
    { ...rich, id: 'aaaaaaaa-0000-4000-8000-000000000003', title_translated: { en: 'One', ru: 'Один' } },
    ctx,
  );
  t.not(structureKey(a, BASE), structureKey(c, BASE), 'one more title language: another structure');
  const cache = new ConformanceCache();
  await cache.conforms(a, BASE);
  await cache.conforms(b, BASE);
  t.equal(cache.validations, 1);
  t.equal(cache.hits, 1);
});

t.test('the shapes use no constraint that reads a value (what the structure key relies on)', async (t) => {
  const { shapesQuads } = await import('../../src/rdf/shacl.ts');
  const SH = 'http://www.w3.org/ns/shacl#';
  const used = new Set(shapesQuads().map((q) => q.predicate.value));
  for (const c of [
    'in',
    'hasValue',
    'pattern',
    'languageIn',
    'uniqueLang',
    'minLength',
    'maxLength',
    'minInclusive',
    'maxInclusive',
    'equals',
    'disjoint',
    'lessThan',
  ])
    t.notOk(used.has(SH + c), `sh:${c}`);
});
