// The Meilisearch engine against a real server: runs only when MEILI_URL (and MEILI_MASTER_KEY) is set.
import t from 'tap';
import { startServer } from '../helpers/server.ts';
import { search, seedCatalog, synced } from './fixtures.ts';
import { searchService } from '../../src/search/service.ts';
import { reindex } from '../../src/search/reindex.ts';

const url = process.env.MEILI_URL;
if (!url) {
  t.pass('MEILI_URL is not set: Meilisearch adapter tests skipped');
} else {
  t.test('package_search on Meilisearch', async (t) => {
    const s = await startServer(t, { env: { MEILI_URL: url, MEILI_MASTER_KEY: process.env.MEILI_MASTER_KEY ?? '' } });
    t.equal(searchService(s.pasport.services).engine.name, 'meilisearch');
    await reindex(s.pasport.services, { onProgress: () => {} }); // start from an empty index of our own data
    const c = await seedCatalog(s);
    await synced(s, 30000);
    const names = (r: any) => r.results.map((d: any) => d.name).sort();
    t.equal((await search(s, {}, null)).count, 4);
    t.same(names(await search(s, { q: 'населения' }, null)), ['population-tashkent']);
    t.same(names(await search(s, { q: 'popultion' }, null)), ['population-tashkent'], 'typo tolerance');
    t.same(names(await search(s, { fq: 'tags:economy -tags:finance' }, null)), ['population-tashkent']);
    t.same(
      names(
        await search(
          s,
          {
            fq: `organization:${c.org1.name} OR organization:${c.org2.name} metadata_modified:[2000-01-01T00:00:00.123Z TO *]`,
          },
          null,
        ),
      ).length,
      4,
    );
    const f = await search(s, { 'facet.field': '["tags","organization","res_format"]' }, null);
    for (const [v, n] of Object.entries(f.facets.tags as Record<string, number>))
      t.equal((await search(s, { fq: `tags:"${v}"`, rows: 0 }, null)).count, n, `tags:${v}`);
    t.notOk('secret-tag' in f.facets.tags);
    t.ok(names(await search(s, { include_private: true }, c.member.token)).includes('secret-salaries'));
    const ids: string[] = [];
    for (let start = 0; ; start += 2) {
      const r = await search(s, { rows: 2, start, sort: 'id asc' }, null);
      if (!r.results.length) break;
      ids.push(...r.results.map((d: any) => d.id));
    }
    t.equal(new Set(ids).size, 4, 'paging by id collects each once');
    const show = await s.ok('package_show', { id: 'schools-list' });
    t.same((await search(s, { fq: 'name:schools-list' }, null)).results[0], show, 'results are package_show dicts');
  });
}
