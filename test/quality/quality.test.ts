// Metadata quality over HTTP: scores follow the outbox, the link checker (HEAD then GET) against a
// loopback server with working, broken and HEAD-refusing URLs, quality_show / quality_list with the
// read rule, the quality sort and quality_rating facet of package_search, and DQV in the DCAT feeds
// (parsed by rdflib) and the SPARQL store. Expected points are worked out by hand in the comments.
import t from 'tap';
import http from 'node:http';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ManualClock } from '../../src/clock.ts';
import { startServer } from '../helpers/server.ts';
import { makeOrg, makeStructure, passport } from '../helpers/fixtures.ts';
import type { ActionContext } from '../../src/actions/types.ts';
import { loadPackages } from '../../src/packages/dictize.ts';
import { aggregate } from '../../src/quality/read.ts';
import { INDICATORS } from '../../src/quality/indicators.ts';
import type { QualityService } from '../../src/quality/module.ts';

const SCRIPT = fileURLToPath(new URL('./fixtures/dqv-count.py', import.meta.url));

async function linkServer(t: { teardown(fn: () => unknown): void }) {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    if (req.url === '/ok.csv')
      return res.writeHead(200, { 'content-type': 'text/csv' }).end(req.method === 'HEAD' ? undefined : 'a\n1\n');
    if (req.url === '/head-refused.json') return res.writeHead(req.method === 'HEAD' ? 405 : 200).end();
    res.writeHead(404).end('gone');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.teardown(() => new Promise<void>((r) => server.close(() => r())));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, seen };
}

t.test('quality scores over HTTP', async (t) => {
  const links = await linkServer(t);
  const clock = new ManualClock('2026-04-20T05:00:00Z');
  const s = await startServer(t, {
    clock,
    env: {
      PASPORT_CALENDAR: 'none',
      PASPORT_LINK_CHECK: 'true',
      PASPORT_LINK_CHECK_PRIVATE: 'true',
      PASPORT_SCHEDULER_INTERVAL: '0',
    },
  });
  await makeStructure(s, '1');
  const org = await makeOrg(s, 'stat', { code: '001', structure: '1' });
  const op = await s.user('op', { operator: true });
  const member = await s.user('member');
  const outsider = await s.user('outsider');
  await s.ok('member_create', { id: org.id, object: member.name, object_type: 'user', capacity: 'member' });

  const good = await s.ok(
    'package_create',
    passport('good', 'stat', {
      notes_translated: { uz: 'Tavsif', ru: 'Описание', en: 'Description' },
      resources: [
        { url: `${links.url}/ok.csv`, name: 'ok', format: 'CSV' },
        { url: `${links.url}/broken.csv`, name: 'broken', format: 'CSV' },
        { url: `${links.url}/head-refused.json`, name: 'head', format: 'JSON' },
      ],
    }),
    op.token,
  );
  const hidden = await s.ok(
    'package_create',
    passport('hidden', 'stat', { private: true, tags: [], resources: [] }),
    op.token,
  );
  await s.settle();

  // Before any link check. Findability: keywords only (tags) 30. Accessibility: no answer yet 0, three
  // downloadURLs 20, 0. Interoperability: the CSV has all five (80) + DCAT-AP 30. Reusability: licence
  // cc-by on 3/3 (20 + 10), access rights 15, the organization's contact point 20, publisher 10 = 75.
  // Contextuality: no rights, no sizes; issued and modified 10. 30 + 20 + 110 + 75 + 10 = 245.
  let shown = await s.ok('quality_show', { id: 'good' });
  t.equal(shown.score, 245);
  t.equal(shown.rating, 'good');
  t.equal(shown.indicators.find((i: any) => i.id === 'access_url_status').detail.not_checked, 3);
  // Pasport: not overdue 20, no deadline judged yet 20, title 4/4 + description 3/4 = 8.75, no DataStore 10.
  t.equal(shown.pasport_points, 58.75);

  t.test('the link checker: HEAD, then GET, history kept', async (t) => {
    const jobs = await s.pasport.services.db
      .selectFrom('job')
      .select(['kind', 'state'])
      .where('kind', '=', 'quality.link_check')
      .execute();
    t.ok(jobs.length >= 1, 'new URLs queued a check');
    await (s.pasport.services.extensions.scheduler as { runDue(): Promise<unknown> }).runDue();
    await s.settle();
    const checks = await s.pasport.services.db.selectFrom('link_check').selectAll().orderBy('url').execute();
    t.same(
      checks.map((c) => [c.url.slice(links.url.length), c.ok, c.status, c.method]),
      [
        ['/broken.csv', false, 404, 'GET'],
        ['/head-refused.json', true, 200, 'GET'],
        ['/ok.csv', true, 200, 'HEAD'],
      ],
    );
    t.ok(
      links.seen.includes('HEAD /head-refused.json') && links.seen.includes('GET /head-refused.json'),
      'HEAD refused, then GET',
    );
    t.notOk(links.seen.includes('GET /ok.csv'), 'a URL that answers HEAD is not downloaded');
    const history = await s.pasport.services.db.selectFrom('link_check_history').select('url').execute();
    t.equal(history.length, 3);
    // Accessibility now: 2 of 3 reachable x 50 = 33.33; downloads 20; 2 of 3 x 30 = 20. 245 - 20 + 73.33.
    shown = await s.ok('quality_show', { id: 'good', lang: 'ru' });
    t.equal(shown.score, 298.33);
    const access = shown.indicators.find((i: any) => i.id === 'access_url_status');
    t.same([access.points, access.max, access.detail.passing, access.detail.distributions], [33.33, 50, 2, 3]);
    t.match(access.hint, /ссылки/, 'the hint is in the language asked for');
    t.equal(shown.indicators.find((i: any) => i.id === 'keyword').hint, undefined, 'no hint where nothing is missing');
    t.match(shown.indicators.find((i: any) => i.id === 'theme').hint, /сфере/);
    t.same(shown.dimensions.accessibility, { points: 73.33, max: 100 });
    t.same(
      (await s.ok('package_show', { id: 'good' })).quality.indicators.download_url_status,
      20,
      'package_show carries the points',
    );
  });

  t.test('the read rule: private scores only for those who may read them', async (t) => {
    // hidden: no keywords, no distributions; DCAT-AP 30, access rights 15, contact 20, publisher 10,
    // dates 10 = 85, bad.
    t.equal((await s.ok('quality_show', { id: 'hidden' }, member.token)).score, 85);
    t.equal((await s.call('quality_show', { id: 'hidden' }, { token: outsider.token })).status, 403);
    t.equal((await s.call('quality_show', { id: 'hidden' }, { token: null })).status, 403);
    t.equal((await s.call('quality_show', { id: 'nothing-here' })).status, 404);
    const anon = await s.ok('quality_list', {}, null);
    t.same(
      anon.results.map((r: any) => r.name),
      ['good'],
    );
    const mine = await s.ok('quality_list', { order: 'asc' }, member.token);
    t.same(
      mine.results.map((r: any) => [r.name, r.score, r.rating]),
      [
        ['hidden', 85, 'bad'],
        ['good', 298.33, 'good'],
      ],
    );
    const orgsAnon = await s.ok('quality_list', { type: 'organization' }, null);
    t.same(
      orgsAnon.results.map((r: any) => [r.name, r.datasets, r.score]),
      [['stat', 1, 298.33]],
    );
    const orgMember = await s.ok('quality_show', { id: 'stat' }, member.token);
    // Mean of 298.33 and 85; one good, one bad.
    t.same(
      [orgMember.datasets, orgMember.score, orgMember.distribution],
      [2, 191.67, { excellent: 0, good: 1, sufficient: 0, bad: 1 }],
    );
    t.equal(orgMember.indicators.find((i: any) => i.id === 'keyword').points, 15, 'keywords: 1 of 2 datasets x 30');
    const catalogAnon = await s.ok('quality_show', {}, null);
    t.same([catalogAnon.type, catalogAnon.datasets, catalogAnon.score], ['catalog', 1, 298.33]);

    // Aggregates are kept per visibility class until a dataset changes: asked again they are the same,
    // the member's never reaches anonymous callers, and a dataset made public counts at once.
    t.same(await s.ok('quality_show', {}, null), catalogAnon, 'asked again: the same answer');
    t.equal((await s.ok('quality_show', {}, member.token)).datasets, 2, 'the member counts the private one');
    t.equal((await s.ok('quality_show', {}, null)).datasets, 1, 'anonymous still does not');
    await s.ok('package_patch', { id: 'hidden', private: false }, op.token);
    t.equal((await s.ok('quality_show', {}, null)).datasets, 2, 'made public: counted at once');
    t.equal((await s.ok('quality_show', { id: 'stat' }, null)).datasets, 2);
    await s.ok('package_patch', { id: 'hidden', private: true }, op.token);
    t.equal((await s.ok('quality_show', {}, null)).datasets, 1, 'made private again: gone at once');
    t.equal((await s.ok('quality_show', { id: 'stat' }, null)).datasets, 1);
  });

  t.test('package_search: quality sort and quality_rating facet', async (t) => {
    await s.ok(
      'package_create',
      passport('plain', 'stat', { resources: [{ url: `${links.url}/ok.csv`, name: 'ok', format: 'CSV' }] }),
      op.token,
    );
    await s.settle();
    // plain: like good with one reachable CSV: 30 + (50 + 20 + 30) + 110 + 75 + 10 = 325.
    t.equal((await s.ok('quality_show', { id: 'plain' })).score, 325);
    const asc = await s.ok('package_search', { sort: 'quality asc', 'facet.field': ['quality_rating'] }, null);
    t.same(
      asc.results.map((r: any) => r.name),
      ['good', 'plain'],
    );
    t.same(
      asc.search_facets.quality_rating.items.map((i: any) => [i.name, i.count]),
      [['good', 2]],
      'the private dataset is not counted',
    );
    const all = await s.ok(
      'package_search',
      { sort: 'quality desc', include_private: true, 'facet.field': ['quality_rating'] },
      member.token,
    );
    t.same(
      all.results.map((r: any) => r.name),
      ['plain', 'good', 'hidden'],
    );
    const counts = Object.fromEntries(all.search_facets.quality_rating.items.map((i: any) => [i.name, i.count]));
    t.same(counts, { good: 2, bad: 1 });
    const bad = await s.ok('package_search', { fq: 'quality_rating:bad', include_private: true }, member.token);
    t.same(
      bad.results.map((r: any) => r.name),
      ['hidden'],
    );
  });

  t.test('DQV in the DCAT feeds (rdflib) and the SPARQL store, never for private datasets', async (t) => {
    await s.settle();
    const dir = mkdtempSync(join(tmpdir(), 'pasport-dqv-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    const parse = async (path: string, ext = 'ttl', fmt = 'turtle') => {
      const res = await fetch(`${s.url}${path}.${ext}`);
      t.equal(res.status, 200, path);
      const file = join(dir, `${path.replace(/\W/g, '_')}.${ext}`);
      writeFileSync(file, await res.text());
      const run = spawnSync('/usr/bin/python3', [SCRIPT, file, fmt], { encoding: 'utf8', timeout: 120_000 });
      t.equal(run.status, 0, run.stderr);
      return JSON.parse(run.stdout) as { triples: number; datasets: Record<string, Record<string, string>> };
    };
    const doc = await parse('/dataset/good');
    const m = doc.datasets[`${s.url}/dataset/${good.id}`];
    t.equal(Object.keys(m).length, 30, 'score, rating, Pasport score and 27 indicators');
    t.same([m.score, m.rating, m['access-url-status'], m['pasport-score']], ['298.33', 'good', '33.33', '58.75']);
    const xml = await parse('/dataset/good', 'rdf', 'xml');
    t.same(xml.datasets, doc.datasets, 'RDF/XML carries the same measurements');
    const cat = await parse('/catalog');
    t.same(
      Object.keys(cat.datasets).sort(),
      [`${s.url}/dataset/${good.id}`, `${s.url}/dataset/${(await s.ok('package_show', { id: 'plain' })).id}`].sort(),
    );
    t.notOk(JSON.stringify(cat).includes(hidden.id), 'the private dataset is not in the catalogue, nor its quality');
    const vocab = await fetch(`${s.url}/ns.ttl`);
    t.match(await vocab.text(), /metric-access-url-status/, 'the metrics are published with the vocabulary');
    const q = `PREFIX dqv: <http://www.w3.org/ns/dqv#> SELECT ?d (COUNT(?m) AS ?n) WHERE { ?d dqv:hasQualityMeasurement ?m } GROUP BY ?d`;
    const r = await fetch(`${s.url}/sparql`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/sparql-query', Accept: 'application/sparql-results+json' },
      body: q,
    });
    const rows = ((await r.json()) as any).results.bindings.map((b: any) => [
      b.d.value.split('/').pop(),
      Number(b.n.value),
    ]);
    t.same(
      rows.sort(),
      [
        [good.id, 30],
        [(await s.ok('package_show', { id: 'plain' })).id, 30],
      ].sort(),
      'public datasets only, 30 measurements each',
    );
  });

  t.test('a change rescores through the outbox', async (t) => {
    await s.ok(
      'package_patch',
      {
        id: 'good',
        spatial_uri: 'http://publications.europa.eu/resource/authority/country/UZB',
        temporal_start: '2020-01-01',
      },
      op.token,
    );
    await s.settle();
    // + spatial 20 + temporal 20.
    t.equal((await s.ok('quality_show', { id: 'good' })).score, 338.33);
    const lag = await s.ok('status_show', {});
    t.ok('quality' in (lag.index_lag ?? {}), 'status_show reports the consumer');
  });

  t.test('the daily run rescores what the calendar changed', async (t) => {
    await s.settle();
    const points = (q: any) => q.indicators.find((i: any) => i.id === 'timeliness_overdue').points;
    const before = await s.ok('quality_show', { id: 'good' });
    t.equal(points(before), 20, 'not overdue yet');
    // 70 days on with no data update: 'good' (monthly, due on the 10th) is over 30 days overdue. No
    // write says so; the stored score is the old one until the daily run.
    clock.advance(70 * 86_400_000);
    t.equal(points(await s.ok('quality_show', { id: 'good' })), 20);
    await (s.pasport.services.extensions.scheduler as { runDue(): Promise<unknown> }).runDue();
    const after = await s.ok('quality_show', { id: 'good' });
    t.equal(points(after), 0, 'overdue by more than 30 days: no points');
    const onTime = (q: any) => q.indicators.find((i: any) => i.id === 'timeliness_on_time').points;
    t.same([onTime(before), onTime(after)], [20, 0], 'the missed deadline costs the on-time share too');
    t.equal(after.pasport_points, before.pasport_points - 40);
    const shown = await s.ok('package_show', { id: 'good' });
    t.equal(shown.quality.pasport_points, after.pasport_points, 'package_show carries the new score at once');
    const found = (await s.ok('package_search', { fq: 'name:good' }, null)).results[0];
    t.same(found.quality, shown.quality, 'and so does its search result');
  });

  t.test('a score row of an earlier version, without points, reads the same', async (t) => {
    const { services } = s.pasport;
    const { db, config } = services;
    // An anonymous caller's context, for the aggregate without quality_show's cache.
    const anon = { db, user: null, services, config, inTransaction: false } as unknown as ActionContext;
    const dictOf = async () => (await loadPackages(db, [good.id], config)).get(good.id)!.quality!;
    const dict = await dictOf();
    const agg = await aggregate(anon, org.id, 'en');
    t.same(
      Object.keys(dict.indicators),
      INDICATORS.map((d) => d.id),
      'the dict lists the points in the methodology order',
    );
    await db
      .updateTable('quality_score')
      .set({ points: null as never })
      .execute();
    t.same(await dictOf(), dict, 'the dict takes them out of the indicators');
    t.same(await aggregate(anon, org.id, 'en'), agg, 'so do the aggregates');
    const scorer = (services.extensions.quality as QualityService).scorer;
    const all = (await db.selectFrom('quality_score').select('package_id').execute()).map((r) => r.package_id);
    const { changed } = await scorer.rescore(all);
    t.same(changed.sort(), all.sort(), 'the next rescore writes the points of every such row');
    const stored = await db.selectFrom('quality_score').select(['package_id', 'points']).execute();
    t.ok(
      stored.every((r) => r.points && Object.keys(r.points).length === INDICATORS.length),
      'every row has them again',
    );
    t.same(await dictOf(), dict, 'with the same values');
  });
});
