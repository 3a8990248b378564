// The postgres engine on embedded PGlite: the same search, facets, paging and reindex.
import t from 'tap';
import { startServer } from '../helpers/server.ts';
import { search, seedCatalog } from './fixtures.ts';
import { reindex } from '../../src/search/reindex.ts';

t.test('package_search on embedded PGlite', async (t) => {
  const s = await startServer(t, { embedded: true });
  const c = await seedCatalog(s);
  const names = (r: any) => r.results.map((d: any) => d.name).sort();
  t.equal((await search(s, {}, null)).count, 4);
  t.same(names(await search(s, { q: 'аҳолиси' }, null)), ['population-tashkent']);
  t.same(names(await search(s, { q: 'населения' }, null)), ['population-tashkent']);
  t.same(names(await search(s, { q: 'popultion' }, null)), ['population-tashkent'], 'typo corrected');
  const f = await search(s, { 'facet.field': '["tags","organization"]', lang: 'en' }, null);
  t.same(f.facets.tags, { economy: 2, demography: 1, finance: 1, education: 1, 'health-care': 1 });
  t.equal(
    f.search_facets.organization.items.find((i: any) => i.name === c.org2.name).display_name,
    'Ministry of Education',
  );
  t.equal(
    (await search(s, { fq: 'metadata_modified:[2000-01-01T00:00:00.12Z TO NOW] -dataset_type:harvest' }, null)).count,
    4,
  );
  const ids: string[] = [];
  for (let start = 0; ; start += 3) {
    const r = await search(s, { rows: 3, start, sort: 'id asc' }, null);
    if (!r.results.length) break;
    ids.push(...r.results.map((d: any) => d.id));
  }
  t.equal(new Set(ids).size, 4);
  const { count } = await reindex(s.pasport.services, { onProgress: () => {} });
  t.equal(count, 7);
  t.equal((await search(s, { q: 'budget' }, null)).count, 1, 'searchable after the swap');
});
