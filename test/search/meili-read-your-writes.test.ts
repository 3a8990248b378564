// Read-your-writes on Meilisearch against a real server: runs only when MEILI_URL is set. A write
// waits for its documents (MEILI_WRITE_WAIT_MS), so the search that follows sees it, with no settle.
import t from 'tap';
import { startServer } from '../helpers/server.ts';
import { dataset, org, search } from './fixtures.ts';
import { reindex } from '../../src/search/reindex.ts';

const url = process.env.MEILI_URL;
if (!url) {
  t.pass('MEILI_URL is not set: Meilisearch read-your-writes tests skipped');
} else {
  t.test('a write is searchable when it returns (Meilisearch)', async (t) => {
    const s = await startServer(t, { env: { MEILI_URL: url, MEILI_MASTER_KEY: process.env.MEILI_MASTER_KEY ?? '' } });
    await reindex(s.pasport.services, { onProgress: () => {} });
    const o = await org(s, 'meili-ryw');
    const d = await dataset(s, { name: 'meili-fresh', owner_org: o.id, title: 'Okapi sightings' });
    t.same(
      (await search(s, { q: 'okapi' }, null)).results.map((r: any) => r.id),
      [d.id],
      'found by the next search',
    );
    const p = await s.ok('package_patch', { id: d.id, title: 'Okapi sightings, revised' });
    t.equal((await search(s, { sort: 'metadata_modified desc', rows: 1 }, null)).results[0].title, p.title);
    await s.ok('package_patch', { id: d.id, private: true });
    t.equal((await search(s, { q: 'okapi' }, null)).count, 0, 'private: gone from count at once');
    const ws = (await s.ok('status_show', {}, null)).index_lag.search.write_sync;
    t.equal(ws.mode, 'wait');
    t.ok(ws.waits.applied >= 3, JSON.stringify(ws.waits));
  });
}
