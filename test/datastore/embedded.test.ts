// The DataStore on embedded PGlite: create, descriptor upload, search, dump, and datastore_search_sql
// (there without the SELECT-only role; the other layers hold).
import t from 'tap';
import { startServer } from '../helpers/server.ts';
import { pharmacies, pharmacyRows } from '../descriptor/fixtures.ts';
import { catalog, dataset, dsResource, get, upload } from './helpers.ts';

t.test('DataStore on PGlite', async (t) => {
  const s = await startServer(t, { embedded: true, env: { PASPORT_LANGUAGES: 'kk,ru,en,uz,uz-Cyrl' } });
  await catalog(s);
  const { pkg, rid } = await dataset(s, 'pglite-data', {
    title_translated: { kk: 'a', ru: 'b' },
    notes_translated: { kk: 'a', ru: 'b' },
  });
  const id = await dsResource(
    s,
    pkg.id,
    [
      { id: 'k', type: 'text' },
      { id: 'n', type: 'numeric' },
      { id: 'at', type: 'timestamp' },
      { id: 'tags', type: '_text' },
    ],
    {
      primary_key: 'k',
      records: [
        { k: 'a', n: 1.5, at: '2024-01-01T10:00:00', tags: ['x'] },
        { k: 'b', n: 2, at: null, tags: [] },
      ],
    },
  );
  const r = await s.ok('datastore_search', { resource_id: id, q: 'x', fields: 'k,n,at,tags' });
  t.same(r.records, [{ k: 'a', n: 1.5, at: '2024-01-01T10:00:00', tags: ['x'] }]);
  await s.ok('datastore_upsert', { resource_id: id, records: [{ k: 'a', n: 3 }] });
  t.equal((await s.ok('datastore_search', { resource_id: id, filters: { k: 'a' } })).records[0].n, 3);

  await s.ok('descriptor_update', { resource_id: rid, descriptor: pharmacies });
  const up = await upload(s, rid, 'p.json', JSON.stringify({ meta: pharmacies, data: pharmacyRows }));
  t.equal(up.status, 200, JSON.stringify(up.body));
  const geo = JSON.parse((await get(s, `/datastore/dump/${rid}?format=geojson`)).text.toString());
  t.equal(geo.features.length, 2);
  const bad = await upload(
    s,
    rid,
    'p.json',
    JSON.stringify({
      data: [
        { id: '5', geoposition: 'x' },
        { id: '6', expireDate: 'never' },
      ],
    }),
  );
  t.same(
    bad.body.error.records_errors.map((e: any) => [e.index, e.path]),
    [
      [0, 'geoposition'],
      [1, 'expireDate'],
    ],
  );

  const sql = await s.call('datastore_search_sql', { sql: `SELECT k, n FROM "${id}" ORDER BY k` }, { token: null });
  t.equal(sql.status, 200, JSON.stringify(sql.body));
  t.same(sql.body.result.records, [
    { k: 'a', n: 3 },
    { k: 'b', n: 2 },
  ]);
  for (const attempt of [
    'SELECT * FROM pg_catalog.pg_authid',
    'SELECT * FROM package',
    `WITH d AS (DELETE FROM "${id}" RETURNING 1) SELECT 1`,
    "SELECT current_setting('data_directory')",
  ]) {
    const e = await s.call('datastore_search_sql', { sql: attempt }, { token: null });
    t.ok(e.status >= 400 && e.status < 500, `${attempt}: ${e.status}`);
  }
  t.equal((await s.ok('datastore_search', { resource_id: id })).total, 2);
});
