// Never out of sync: with the engine gone, writes still succeed and status_show shows the lag; when
// it returns the index catches up and matches the database. A reindex swaps a fresh index in while
// searches and writes go on.
import t, { type Test } from 'tap';
import { sql } from 'kysely';
import { startServer, type TestServer } from '../helpers/server.ts';
import { dataset, org, search, synced } from './fixtures.ts';
import { searchService } from '../../src/search/service.ts';
import { reindex } from '../../src/search/reindex.ts';
import type { QualityService } from '../../src/quality/module.ts';

async function indexMatchesDatabase(t: Test, s: TestServer, label: string) {
  const inv = await searchService(s.pasport.services).engine.inventory();
  const rows = await s.pasport.services.db.selectFrom('package').select(['id', 'metadata_modified']).execute();
  t.equal(inv.size, rows.length, `${label}: one document per dataset`);
  t.ok(
    rows.every((r) => inv.get(r.id) === r.metadata_modified),
    `${label}: every document is current`,
  );
}

t.test('postgres engine down and back', async (t) => {
  const s = await startServer(t);
  const o = await org(s, 'org1');
  const kept = await dataset(s, { name: 'kept', owner_org: o.id, title: 'Kept' });
  await synced(s);
  // The quality scorer's stores are writes as well: counted apart from the seven below.
  const quality = (s.pasport.services.extensions.quality as QualityService).consumer;
  await quality.stop();
  const svc = searchService(s.pasport.services);
  const db = s.pasport.services.db;

  await sql`ALTER TABLE search_doc RENAME TO search_doc_away`.execute(db);
  const created = [];
  for (let i = 0; i < 5; i++)
    created.push(await dataset(s, { name: `while-down-${i}`, owner_org: o.id, title: `Written while down ${i}` }));
  await s.ok('package_patch', { id: kept.id, title: 'Kept, renamed while down' });
  await s.ok('package_delete', { id: created[0].id, reason: 'test' });
  await new Promise((r) => setTimeout(r, 300));
  const status = await s.ok('status_show', {}, null);
  t.ok(status.index_lag.search.pending >= 7, `lag visible: ${status.index_lag.search.pending} pending`);
  t.match(status.index_lag.search.last_error, /search_doc/);
  t.equal(
    status.index_lag.search.write_sync.deferred,
    7,
    'each write undid only its index part and handed it to the indexer',
  );
  t.match(status.index_lag.search.write_sync.last_deferred_error, /search_doc/);
  const down = await s.call('package_search', { q: 'while' }, { get: true });
  t.not(down.status, 200, 'search reports the outage rather than stale silence');

  await sql`ALTER TABLE search_doc_away RENAME TO search_doc`.execute(db);
  svc.indexer.retryNow();
  await synced(s);
  const after = await s.ok('status_show', {}, null);
  t.equal(after.index_lag.search.pending, 0, 'caught up');
  t.equal(after.index_lag.search.last_error, null);
  t.equal((await search(s, { q: 'while' })).count, 5, 'writes made while down are searchable');
  t.equal((await search(s, { q: 'renamed' })).results[0].title, 'Kept, renamed while down');
  await indexMatchesDatabase(t, s, 'after outage');
});

t.test('reindex swaps a fresh index in, with searches and writes going on', async (t) => {
  const s = await startServer(t);
  const o = await org(s, 'org1');
  for (let i = 0; i < 120; i++)
    await dataset(s, { name: `ds-${i}`, owner_org: o.id, title: `Dataset ${i}`, tags: [{ name: `t${i % 5}` }] });
  await synced(s);
  const db = s.pasport.services.db;
  // Damage the live index: the rebuild must not depend on it.
  await sql`DELETE FROM search_doc WHERE name LIKE 'ds-1%'`.execute(db);

  let searching = true;
  let failures = 0;
  let searches = 0;
  const reader = (async () => {
    while (searching) {
      const r = await s.call('package_search', { q: 'dataset', rows: 1, 'facet.field': '["tags"]' }, { get: true });
      searches++;
      if (r.status !== 200) failures++;
    }
  })();
  const progress: number[] = [];
  const rebuilding = reindex(s.pasport.services, { onProgress: (p) => progress.push(p.done), batchSize: 25 });
  const during = await dataset(s, { name: 'during-reindex', owner_org: o.id, title: 'Created during the reindex' });
  const result = await rebuilding;
  await synced(s);
  searching = false;
  await reader;
  t.equal(failures, 0, `no failed search during the rebuild (${searches} searches)`);
  t.ok(result.count >= 120);
  t.equal(progress[progress.length - 1], result.count, 'progress reaches the total');
  t.equal((await search(s, { q: 'dataset', rows: 0 })).count, 120, 'the damaged documents are back');
  t.equal((await search(s, { fq: `id:${during.id}` })).count, 1, 'a write made during the rebuild is in the new index');
  await indexMatchesDatabase(t, s, 'after reindex');
  const ix = (
    await sql<{
      indexname: string;
    }>`SELECT indexname FROM pg_indexes WHERE tablename = 'search_doc' ORDER BY 1`.execute(db)
  ).rows.map((r) => r.indexname);
  t.ok(
    ix.includes('search_doc_pkey') && ix.includes('search_doc_tsv') && !ix.some((n) => n.endsWith('_build')),
    'indexes keep their names',
  );
});

t.test('meilisearch engine at a closed port: writes succeed, lag is visible', async (t) => {
  const s = await startServer(t, { env: { MEILI_URL: 'http://127.0.0.1:9', MEILI_MASTER_KEY: 'x' } });
  t.equal(searchService(s.pasport.services).engine.name, 'meilisearch');
  const o = await org(s, 'org1');
  const d = await dataset(s, { name: 'no-engine', owner_org: o.id, title: 'No engine' });
  t.equal(d.name, 'no-engine');
  await new Promise((r) => setTimeout(r, 500));
  await dataset(s, { name: 'no-engine-2', owner_org: o.id, title: 'No engine either' });
  const status = await s.ok('status_show', {}, null);
  const ws = status.index_lag.search.write_sync;
  t.equal(ws.mode, 'wait');
  t.equal(ws.wait_ms, 5000, 'MEILI_WRITE_WAIT_MS defaults to 5 s');
  t.ok(ws.waits.failed >= 1, `a write does not wait for an engine known to be down: ${JSON.stringify(ws.waits)}`);
  t.equal(ws.waits.timeout, 0, 'and never sits out the 5 s');
  t.ok(status.index_lag.search.pending >= 1, JSON.stringify(status.index_lag));
  t.ok(status.index_lag.search.last_error);
  const r = await s.call('package_search', { q: 'engine' }, { get: true });
  t.equal(r.status, 503);
  t.equal(r.body.error.message, 'Search Connection Error');
});
