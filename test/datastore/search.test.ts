// Every datastore_search parameter, over POST and over GET (where structured values are JSON text).
import t from 'tap';
import { startServer } from '../helpers/server.ts';
import { catalog, dataset, dsResource } from './helpers.ts';

t.test('datastore_search parameters', async (t) => {
  const s = await startServer(t);
  await catalog(s);
  const { pkg } = await dataset(s, 'cities');
  const records = [
    { city: 'Astana', region: 'north', pop: 1350000, founded: '1830-05-13T00:00:00', tags: ['capital'] },
    { city: 'Almaty', region: 'south', pop: 2200000, founded: '1854-02-04T00:00:00', tags: ['apples', 'mountains'] },
    { city: 'Shymkent', region: 'south', pop: 1200000, founded: '1200-01-01T00:00:00', tags: [] },
    { city: 'Karaganda', region: 'center', pop: 500000, founded: '1934-02-10T00:00:00', tags: ['coal'] },
    { city: 'Aktobe', region: 'west', pop: null, founded: null, tags: null },
  ];
  const id = await dsResource(
    s,
    pkg.id,
    [
      { id: 'city', type: 'text' },
      { id: 'region', type: 'text' },
      { id: 'pop', type: 'int8' },
      { id: 'founded', type: 'timestamp' },
      { id: 'tags', type: '_text' },
    ],
    { primary_key: 'city', indexes: 'region', records },
  );
  const search = async (p: Record<string, unknown>, get = false) => {
    const r = await s.call('datastore_search', { resource_id: id, ...p }, { get, token: null });
    return r.status === 200 ? r.body.result : Object.assign(r.body.error ?? {}, { status: r.status });
  };
  const cities = (r: any) => r.records.map((x: any) => x.city);

  t.test('resource_id and legacy id; unknown resource', async (t) => {
    t.equal((await s.ok('datastore_search', { id })).total, 5);
    const r = await s.call('datastore_search', { resource_id: '00000000-0000-4000-8000-000000000000' });
    t.equal(r.status, 404);
    t.equal(r.body.error.message, 'Not found: Resource "00000000-0000-4000-8000-000000000000" was not found.');
    t.equal((await s.call('datastore_search', {})).status, 409);
  });

  t.test('filters', async (t) => {
    t.same(cities(await search({ filters: { region: 'south' } })), ['Almaty', 'Shymkent']);
    t.same(cities(await search({ filters: { region: ['north', 'west'] } })), ['Astana', 'Aktobe']);
    t.same(
      cities(await search({ filters: JSON.stringify({ pop: 500000 }) }, true)),
      ['Karaganda'],
      'JSON text over GET',
    );
    t.same(cities(await search({ filters: { region: 'south', pop: '1200000' } })), ['Shymkent']);
    const bad = await search({ filters: { nope: 1 } });
    t.equal(bad.status, 409);
    t.same(bad.filters, ['invalid value "nope"']);
    t.equal((await search({ filters: { pop: 'many' } })).status, 409);
  });

  t.test('q', async (t) => {
    const r = await search({ q: 'south' });
    t.same(cities(r).sort(), ['Almaty', 'Shymkent']);
    t.equal(r.fields[r.fields.length - 1].id, 'rank');
    t.same(cities(await search({ q: JSON.stringify({ city: 'Astana' }) }, true)), ['Astana']);
    t.same(cities(await search({ q: { city: 'Ak:*' }, plain: false })), ['Aktobe'], 'plain=false takes tsquery syntax');
    t.same(cities(await search({ q: 'coal' })), ['Karaganda'], 'arrays are searched');
    t.equal((await search({ q: { nope: 'x' } })).status, 409);
    t.equal((await search({ full_text: 'mountains' })).records[0].city, 'Almaty');
  });

  t.test('fields, sort, limit, offset, distinct', async (t) => {
    let r = await search({ fields: ['city', 'pop'], sort: 'pop desc nulls last' });
    t.same(r.fields, [
      { id: 'city', type: 'text' },
      { id: 'pop', type: 'int8' },
    ]);
    t.same(r.records[0], { city: 'Almaty', pop: 2200000 });
    t.equal(r.records[4].city, 'Aktobe');
    r = await search({ fields: 'city', sort: 'region, city desc' }, true);
    t.same(cities(r), ['Karaganda', 'Astana', 'Shymkent', 'Almaty', 'Aktobe']);
    t.same(cities(await search({ sort: ['founded'] })), ['Shymkent', 'Astana', 'Almaty', 'Karaganda', 'Aktobe']);
    t.same((await search({ sort: 'nope' })).sort, ['field "nope" not in table']);
    t.same((await search({ fields: 'city,nope' })).fields, ['field "nope" not in table']);
    r = await search({ limit: 2, offset: 1 });
    t.same(cities(r), ['Almaty', 'Shymkent']);
    t.equal(r.total, 5);
    t.equal(r.offset, 1);
    t.same((await search({ limit: -1 })).limit, ['Must be a natural number']);
    t.equal((await search({ limit: 100000 })).limit, 32000, 'limit is clamped to rows_max');
    const lim0 = await search({ limit: 0 });
    t.same(lim0.records, []);
    t.equal(lim0.total, 5);
    r = await search({ fields: 'region', distinct: true, sort: 'region' });
    t.same(
      r.records.map((x: any) => x.region),
      ['center', 'north', 'south', 'west'],
    );
    t.equal(r.total, 4);
    t.equal(r.distinct, true);
  });

  t.test('records_format, include_total, total_estimation_threshold', async (t) => {
    let r = await search({ records_format: 'lists', fields: 'city,pop', limit: 2 });
    t.same(r.records, [
      ['Astana', 1350000],
      ['Almaty', 2200000],
    ]);
    r = await search({ records_format: 'csv', fields: 'city,tags', limit: 2 });
    t.equal(r.records, 'Astana,"[""capital""]"\r\nAlmaty,"[""apples"",""mountains""]"\r\n');
    r = await search({ records_format: 'tsv', fields: 'city,region', limit: 2 });
    t.equal(r.records, 'Astana\tnorth\nAlmaty\tsouth\n');
    t.equal((await search({ records_format: 'yaml' })).status, 409);
    r = await search({ include_total: false });
    t.equal(r.total, undefined);
    t.equal(r.include_total, false);
    r = await search({ total_estimation_threshold: 1000 });
    t.equal(r.total_was_estimated, false);
    t.equal(r.total_estimation_threshold, 1000);
    r = await search({ total_estimation_threshold: 0, filters: { region: 'south' }, limit: 1 });
    t.equal(r.total_was_estimated, true, 'a filtered total above the threshold is the planner estimate');
    t.type(r.total, 'number');
    r = await search({ total_estimation_threshold: 0, filters: { region: 'south' } });
    t.same([r.total, r.total_was_estimated], [2, false], 'a page shorter than the limit is its own exact total');
  });

  t.test('_links, _id first, value formats', async (t) => {
    const r = await search({ limit: 2, offset: 4 }, true);
    t.match(r._links.start, /^\/api\/3\/action\/datastore_search\?/);
    t.notMatch(r._links.start, /offset/);
    t.match(r._links.start, `resource_id=${id}`);
    t.match(r._links.next, /&offset=6$/);
    t.match(r._links.prev, /&offset=2$/);
    const post = await search({ limit: 2 });
    t.equal(post._links.start, `/api/3/action/datastore_search?resource_id=${id}&limit=2`);
    t.equal(post._links.next, `/api/3/action/datastore_search?resource_id=${id}&limit=2&offset=2`);
    t.equal(post._links.prev, undefined);
    const first = (await search({})).records[0];
    t.same(Object.keys(first), ['_id', 'city', 'region', 'pop', 'founded', 'tags']);
    t.equal(first._id, 1);
    t.equal(first.founded, '1830-05-13T00:00:00');
    t.equal(typeof first.pop, 'number');
    const ckanJs = await s.call(
      'datastore_search',
      {
        resource_id: id,
        limit: 20,
        fields: 'region',
        distinct: 'true',
        sort: 'region',
        include_total: 'false',
        q: JSON.stringify({ region: 'so:*' }),
        plain: 'false',
      },
      { get: true },
    );
    t.equal(ckanJs.status, 200, "CKAN's filter dropdown request");
    t.same(ckanJs.body.result.records, [{ region: 'south' }]);
    const dump = await s.call('datastore_search', { resource_id: id, limit: 0 }, { get: true });
    t.equal(dump.body.result.fields.length, 6, 'ckanapi dump -d reads fields with limit 0');
  });

  t.test('datastore_records_delete needs filters', async (t) => {
    t.equal((await s.call('datastore_records_delete', { resource_id: id, force: true })).status, 409);
    const r = await s.ok('datastore_records_delete', { resource_id: id, force: true, filters: { region: 'west' } });
    t.equal(r.deleted_count, 1);
    t.equal((await s.ok('datastore_search', { resource_id: id })).total, 4);
  });
});
