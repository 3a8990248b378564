// After a load settles, the DataStore table is vacuumed and analyzed: its pages are marked all-visible,
// so a total over an indexed filter is counted from the index alone (in proportion to the matches), the
// planner has the table's statistics, and the full-text index's pending list is merged. On PGlite, which runs no autovacuum: nothing else could
// have marked the pages.
import t from 'tap';
import { sql } from 'kysely';
import { startServer } from '../helpers/server.ts';
import { catalog, dataset, dsResource } from './helpers.ts';
import { tidyNow } from '../../src/datastore/store.ts';

t.test('a loaded table is vacuumed once the load settles', async (t) => {
  const s = await startServer(t, { embedded: true });
  await catalog(s);
  const { pkg } = await dataset(s, 'tidy-data');
  const records = Array.from({ length: 3000 }, (_, i) => ({ k: `k${i}`, n: i % 100, name: `name ${i}` }));
  const id = await dsResource(
    s,
    pkg.id,
    [
      { id: 'k', type: 'text' },
      { id: 'n', type: 'int' },
      { id: 'name', type: 'text' },
    ],
    { primary_key: 'k', indexes: 'n', records },
  );
  const visible = async () =>
    (
      await sql<{ pages: number; visible: number }>`SELECT relpages AS pages, relallvisible AS visible
        FROM pg_class WHERE oid = ${`datastore."${id}"`}::regclass`.execute(s.pasport.services.db)
    ).rows[0];
  t.equal((await visible()).visible, 0, 'just loaded: no page is marked all-visible yet');

  await tidyNow();
  const after = await visible();
  t.ok(
    after.pages > 0 && after.visible === after.pages,
    `vacuumed: ${after.visible} of ${after.pages} pages all-visible`,
  );
  const stats = await sql<{ n: number }>`SELECT n_distinct::int AS n FROM pg_stats
    WHERE schemaname = 'datastore' AND tablename = ${id} AND attname = 'n'`.execute(s.pasport.services.db);
  t.equal(stats.rows[0]?.n, 100, 'analyzed: the planner knows the filter field has 100 values');

  const defs = await sql<{ def: string }>`SELECT indexdef AS def FROM pg_indexes
    WHERE schemaname = 'datastore' AND tablename = ${id}`.execute(s.pasport.services.db);
  t.ok(
    defs.rows.some((d) => /\(n, _id\)$/.test(d.def)),
    'the field index holds _id, the default order: a page of a filter is read in order',
  );

  const r = await s.ok('datastore_search', { resource_id: id, filters: { n: 7 }, limit: 5 });
  t.same(
    r.records.map((x: { k: string }) => x.k),
    ['k7', 'k107', 'k207', 'k307', 'k407'],
    'the first page of the filter, in _id order',
  );
  t.equal(r.total, 30, 'the exact total over the indexed filter');
  t.equal(r.total_was_estimated, false, 'counted, not estimated');
  const q = await s.ok('datastore_search', { resource_id: id, q: 'name', limit: 1 });
  t.equal(q.total, 3000, 'full-text search after the merge finds every record');
});
