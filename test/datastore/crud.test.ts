// datastore_create / upsert / search / info / delete with CKAN's shapes (ckan-action-api.md §4.11).
import t from 'tap';
import { startServer } from '../helpers/server.ts';
import { catalog, dataset, dsResource } from './helpers.ts';

t.test('datastore basics', async (t) => {
  const s = await startServer(t);
  const { editor, outsider } = await catalog(s);
  const { pkg, rid } = await dataset(s, 'budget');

  t.test('create on a non-datastore resource needs force', async (t) => {
    const r = await s.call(
      'datastore_create',
      { resource_id: rid, fields: [{ id: 'a', type: 'text' }] },
      { token: editor.token },
    );
    t.equal(r.status, 409);
    t.match(r.body.error['read-only'][0], /Cannot edit read-only resource/);
    const unknown = await s.call('datastore_create', {
      resource_id: '00000000-0000-4000-8000-000000000000',
      fields: [],
    });
    t.equal(unknown.status, 409);
    t.same(unknown.body.error.resource_id, ['Not found: Resource']);
    const ok = await s.call(
      'datastore_create',
      { resource_id: rid, force: true, fields: [{ id: 'a', type: 'text' }], records: [{ a: 'x' }] },
      { token: editor.token },
    );
    t.equal(ok.status, 200, JSON.stringify(ok.body));
    const res = await s.ok('resource_show', { id: rid });
    t.equal(res.datastore_active, true);
    const shown = await s.ok('package_show', { id: pkg.id });
    t.ok(shown.last_data_update, 'last_data_update is set by a load');
    t.equal(shown.resources[0].datastore_active, true);
  });

  t.test('create a datastore-only resource, search it', async (t) => {
    const id = await dsResource(
      s,
      pkg.id,
      [
        { id: 'name', type: 'text', info: { label: 'Name' } },
        { id: 'amount', type: 'numeric' },
        { id: 'n', type: 'int' },
        { id: 'at', type: 'timestamp' },
      ],
      {
        primary_key: 'name',
        records: [
          { name: 'b', amount: 2.5, n: 2, at: '2024-05-01T09:12:33' },
          { name: 'a', amount: '10', n: 1, at: '2024-05-02 00:00' },
        ],
      },
      editor.token,
    );
    const res = await s.ok('resource_show', { id });
    t.equal(res.url_type, 'datastore');
    t.match(res.url, `/datastore/dump/${id}`);
    const r = await s.ok('datastore_search', { resource_id: id }, null);
    t.same(Object.keys(r), [
      'include_total',
      'limit',
      'records_format',
      'resource_id',
      'total_estimation_threshold',
      'fields',
      'records',
      '_links',
      'total',
      'total_was_estimated',
    ]);
    t.same(r.fields, [
      { id: '_id', type: 'int' },
      { id: 'name', type: 'text', info: { label: 'Name' } },
      { id: 'amount', type: 'numeric' },
      { id: 'n', type: 'int4' },
      { id: 'at', type: 'timestamp' },
    ]);
    t.same(r.records, [
      { _id: 1, name: 'b', amount: 2.5, n: 2, at: '2024-05-01T09:12:33' },
      { _id: 2, name: 'a', amount: 10, n: 1, at: '2024-05-02T00:00:00' },
    ]);
    t.equal(r.total, 2);
    t.equal(r.limit, 100);
    const up = await s.call(
      'datastore_upsert',
      {
        resource_id: id,
        records: [
          { name: 'a', n: 5 },
          { name: 'c', amount: 1 },
        ],
      },
      { token: editor.token },
    );
    t.equal(up.status, 200, JSON.stringify(up.body));
    const after = await s.ok('datastore_search', { resource_id: id, sort: 'name' });
    t.same(
      after.records.map((x: any) => [x.name, x.amount, x.n]),
      [
        ['a', 10, 5],
        ['b', 2.5, 2],
        ['c', 1, null],
      ],
      'upsert changes only the given fields',
    );
    const denied = await s.call(
      'datastore_upsert',
      { resource_id: id, records: [{ name: 'z' }] },
      { token: outsider.token },
    );
    t.equal(denied.status, 403);
    const info = await s.ok('datastore_info', { id });
    t.equal(info.meta.count, 3);
    t.equal(info.fields.find((f: any) => f.id === 'name').schema.uniquekey, true);
    const del = await s.ok('datastore_delete', { resource_id: id, filters: { name: 'c' } }, editor.token);
    t.equal(del.resource_id, id);
    t.equal((await s.ok('datastore_search', { resource_id: id })).total, 2);
    await s.ok('datastore_delete', { resource_id: id }, editor.token);
    const gone = await s.call('datastore_search', { resource_id: id });
    t.equal(gone.status, 404);
    t.equal(gone.body.error.message, `Not found: Resource "${id}" was not found.`);
    t.equal((await s.ok('resource_show', { id })).datastore_active, false);
  });
});
