// Match-all searches take their count and facets from search_facet_count (kept by triggers on
// search_doc) instead of scanning: they must equal what a scan of the same datasets gives, for every
// kind of caller, after creates, updates, privacy changes, deletions and a reindex.
import t from 'tap';
import { startServer } from '../helpers/server.ts';
import { dataset, search, seedCatalog } from './fixtures.ts';
import { reindex } from '../../src/search/reindex.ts';

t.test('match-all counts and facets equal a scan', async (t) => {
  const s = await startServer(t);
  const c = await seedCatalog(s);
  const operator = await s.user('op-counts', { operator: true });
  const facetFields = '["organization","tags","res_format","groups","license_id"]';
  const callers = [
    ['anonymous', null],
    ['outsider', c.outsider.token],
    ['member', c.member.token],
    ['sysadmin', s.sysadmin.token],
    ['operator', operator.token],
  ] as const;
  const flagSets = [
    {},
    { include_private: true },
    { include_private: true, include_drafts: true },
    { include_private: true, include_drafts: true, include_deleted: true },
    { include_deleted: true },
  ];
  // A filter every dataset passes: not a match-all query, so count and facets come from a scan.
  const scanFilter = '-name:zz-no-such-dataset';

  const compare = async (
    t: { equal: (a: unknown, b: unknown, m: string) => unknown; same: (a: unknown, b: unknown, m: string) => unknown },
    label: string,
  ) => {
    for (const [who, token] of callers) {
      for (const flags of flagSets) {
        for (const extra of [{ 'facet.limit': -1 }, { 'facet.limit': 2 }, { 'facet.limit': 50, 'facet.mincount': 2 }]) {
          const p = { ...flags, ...extra, 'facet.field': facetFields, rows: 0 };
          const counted = await search(s, p, token);
          const scanned = await search(s, { ...p, fq: scanFilter }, token);
          const what = `${label}: ${who} ${JSON.stringify({ ...flags, ...extra })}`;
          t.equal(counted.count, scanned.count, `${what}: count`);
          t.same(counted.facets, scanned.facets, `${what}: facets`);
          // Same order, too (count descending, then value).
          for (const f of Object.keys(scanned.facets))
            t.same(Object.keys(counted.facets[f]), Object.keys(scanned.facets[f]), `${what}: ${f} order`);
        }
      }
    }
  };
  // without the cache, so each request computes
  (s.pasport.services.extensions.search as any).engine.counts.enabled = false;

  await t.test('seeded catalog', (t) => compare(t, 'seeded'));

  await t.test('after writes', async (t) => {
    const extra = await dataset(s, {
      name: 'counted-later',
      owner_org: c.org2.id,
      tags: [{ name: 'economy' }, { name: 'fresh-tag' }],
      license_id: 'cc-by',
      resources: [{ url: 'http://example.org/x.csv', name: 'X' }],
    });
    await s.ok('package_patch', {
      id: c.ids['schools-list'],
      tags: [{ name: 'education' }, { name: 'economy' }],
      license_id: 'odc-odbl',
    });
    await s.ok('package_patch', { id: c.ids['hospital-beds'], private: true });
    await s.ok('package_delete', { id: c.ids['state-budget-2024'], reason: 'test' });
    await s.ok('package_patch', {
      id: extra.id,
      resources: [{ url: 'http://example.org/x.json', name: 'X', format: 'JSON' }],
    });
    const anon = await search(s, { 'facet.field': facetFields }, null);
    t.equal(anon.count, 3, 'one added, one made private, one deleted');
    t.notOk('finance' in anon.facets.tags, 'the deleted dataset is no longer counted');
    t.equal(anon.facets.tags['fresh-tag'], 1);
    await compare(t, 'after writes');
  });

  await t.test('after reindex, then further writes', async (t) => {
    await reindex(s.pasport.services, { onProgress: () => {} });
    await compare(t, 'after reindex');
    await s.ok('package_patch', { id: c.ids['population-tashkent'], tags: [{ name: 'demography' }] });
    await s.ok('package_delete', { id: c.ids['schools-list'], reason: 'test' });
    await compare(t, 'after reindex and writes');
  });
});
