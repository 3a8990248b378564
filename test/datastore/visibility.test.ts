// A private or deleted dataset's DataStore is invisible to those without rights: 403 on every action, dump
// and template; members of the organization see it; writes need editor rights.
import t from 'tap';
import { startServer } from '../helpers/server.ts';
import { pharmacies } from '../descriptor/fixtures.ts';
import { catalog, dataset, dsResource, get, upload } from './helpers.ts';

t.test('visibility', async (t) => {
  const s = await startServer(t, { env: { PASPORT_LANGUAGES: 'kk,ru,en,uz,uz-Cyrl' } });
  const { org, editor, outsider } = await catalog(s);
  const member = await s.user('reader');
  await s.ok('member_create', { id: org.id, object: member.name, object_type: 'user', capacity: 'member' });
  const { pkg: priv } = await dataset(s, 'private-data', {
    private: true,
    title_translated: { kk: 'a', ru: 'b' },
    notes_translated: { kk: 'a', ru: 'b' },
  });
  const rid = await dsResource(s, priv.id, [{ id: 'a', type: 'text' }], { records: [{ a: 'x' }] });
  const { pkg: gone, rid: goneRes } = await dataset(s, 'deleted-data', {
    title_translated: { kk: 'a', ru: 'b' },
    notes_translated: { kk: 'a', ru: 'b' },
  });
  await s.ok('descriptor_update', { resource_id: goneRes, descriptor: pharmacies });
  await upload(s, goneRes, 'p.json', JSON.stringify({ data: [{ id: '1', name: 'x' }] }));
  await s.ok('package_delete', { id: gone.id, reason: 'test' });

  const reads: [string, Record<string, unknown>][] = [
    ['datastore_search', {}],
    ['datastore_info', {}],
    ['descriptor_show', {}],
  ];
  const writes: [string, Record<string, unknown>][] = [
    ['datastore_upsert', { records: [{ a: 'y' }], method: 'insert' }],
    ['datastore_delete', { filters: { a: 'x' } }],
    ['datastore_records_delete', { filters: { a: 'x' } }],
    ['datastore_create', { fields: [{ id: 'b' }] }],
    ['descriptor_update', { descriptor: pharmacies }],
  ];

  for (const [label, id] of [
    ['private', rid],
    ['deleted', goneRes],
  ] as const) {
    t.test(`${label} dataset`, async (t) => {
      for (const token of [null, outsider.token]) {
        for (const [action, extra] of reads) {
          const r = await s.call(action, { resource_id: id, ...extra }, { token, get: true });
          t.equal(r.status, 403, `${action} as ${token ? 'outsider' : 'anonymous'}`);
        }
        for (const [action, extra] of writes) {
          const r = await s.call(action, { resource_id: id, force: true, ...extra }, { token });
          t.equal(r.status, 403, `${action} as ${token ? 'outsider' : 'anonymous'}`);
        }
        t.equal((await upload(s, id, 'x.json', '[]', {}, token)).status, 403, 'datastore_upload');
        for (const f of ['csv', 'json', 'geojson', 'xlsx'])
          t.equal((await get(s, `/datastore/dump/${id}?format=${f}`, token)).status, 403, `dump ${f}`);
        t.equal((await get(s, `/datastore/template/${id}?format=csv`, token)).status, 403, 'template');
        const sql = await s.call('datastore_search_sql', { sql: `SELECT * FROM "${id}"` }, { token });
        t.equal(sql.status, 403, 'datastore_search_sql');
      }
    });
  }

  t.test('making a dataset private hides its data at once', async (t) => {
    const { pkg } = await dataset(s, 'soon-private', {
      title_translated: { kk: 'a', ru: 'b' },
      notes_translated: { kk: 'a', ru: 'b' },
    });
    const id = await dsResource(s, pkg.id, [{ id: 'a', type: 'text' }], { records: [{ a: 'x' }] });
    t.equal((await s.call('datastore_search', { resource_id: id }, { token: null, get: true })).status, 200);
    await s.ok('package_patch', { id: pkg.id, private: true });
    t.equal((await s.call('datastore_search', { resource_id: id }, { token: null, get: true })).status, 403);
    t.equal((await s.call('datastore_info', { id }, { token: outsider.token, get: true })).status, 403);
  });

  t.test('members read, editors write', async (t) => {
    t.equal((await s.call('datastore_search', { resource_id: rid }, { token: member.token })).status, 200);
    t.equal((await get(s, `/datastore/dump/${rid}?format=csv`, member.token)).status, 200);
    t.equal(
      (
        await s.call(
          'datastore_upsert',
          { resource_id: rid, method: 'insert', records: [{ a: 'y' }] },
          { token: member.token },
        )
      ).status,
      403,
    );
    t.equal(
      (
        await s.call(
          'datastore_upsert',
          { resource_id: rid, method: 'insert', records: [{ a: 'y' }] },
          { token: editor.token },
        )
      ).status,
      200,
    );
    t.equal(
      (await s.call('datastore_search', { resource_id: goneRes }, { token: member.token })).status,
      200,
      'members still see a deleted dataset, as in CKAN',
    );
  });
});
