// datastore_search and the DataStore dumps are bounded in bytes, as datastore_search_sql is: a page over
// PASPORT_DATASTORE_SEARCH_MAX_BYTES is a CKAN Validation Error naming `limit` (never a 500, never the
// whole answer), and a dump of a table stored larger than PASPORT_DATASTORE_DUMP_MAX_BYTES is refused
// with a CKAN error before anything is streamed. On PostgreSQL and PGlite.
import t from 'tap';
import { startServer } from '../helpers/server.ts';
import { catalog, dataset, dsResource } from './helpers.ts';

const SEARCH_MAX = 100_000;
const DUMP_MAX = 300_000;

for (const embedded of [false, true]) {
  t.test(`byte bounds of datastore_search and dumps on ${embedded ? 'PGlite' : 'PostgreSQL'}`, async (t) => {
    const s = await startServer(t, {
      embedded,
      env: {
        PASPORT_DATASTORE_SEARCH_MAX_BYTES: String(SEARCH_MAX),
        PASPORT_DATASTORE_DUMP_MAX_BYTES: String(DUMP_MAX),
      },
    });
    await catalog(s);
    const { pkg } = await dataset(s, 'bounded');
    // 100 records of ~5 kB of incompressible text: 500 kB in all, 5 kB a record.
    const records = Array.from({ length: 100 }, (_, i) => ({
      k: i,
      body: Array.from({ length: 600 }, (_, j) => ((i * 7919 + j * 104729) % 1e8).toString(36)).join(' '),
    }));
    const id = await dsResource(
      s,
      pkg.id,
      [
        { id: 'k', type: 'int' },
        { id: 'body', type: 'text' },
      ],
      { records, primary_key: 'k' },
    );
    const search = (p: Record<string, unknown>) =>
      s.call('datastore_search', { resource_id: id, ...p }, { token: null });

    const over = await search({ limit: 100 });
    t.equal(over.status, 409, 'a page over the bound is a 409');
    t.equal(over.body.success, false);
    t.equal(over.body.error.__type, 'Validation Error', 'CKAN-shaped');
    t.match(over.body.error.limit[0], /exceed 100000 bytes/, 'the error says which bound and which parameter');
    t.ok(JSON.stringify(over.body).length < 2000, 'and echoes none of the records');

    const fits = await search({ limit: 10, sort: 'k' });
    t.equal(fits.status, 200, 'a page under the bound is answered');
    t.same(
      fits.body.result.records.map((r: any) => r.k),
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
      'whole, in order',
    );
    t.same(Object.keys(fits.body.result.records[0]).sort(), ['_id', 'body', 'k'], 'no bookkeeping columns leak');
    t.equal(fits.body.result.total, 100, 'with its total');
    const narrow = await search({ limit: 100, fields: 'k' });
    t.equal(narrow.status, 200, 'fewer fields make the same page fit');
    t.equal(narrow.body.result.records.length, 100);

    const dump = await fetch(`${s.url}/datastore/dump/${id}?format=json`);
    t.equal(dump.status, 409, 'a dump of a table stored over the bound is refused');
    const body = (await dump.json()) as any;
    t.equal(body.error.__type, 'Validation Error', 'with a CKAN error');
    t.match(body.error.id[0], /more than a dump may carry \(300000 bytes/, 'that says why');

    // A small table dumps whole under the same bound.
    const small = await dsResource(s, pkg.id, [{ id: 'k', type: 'int' }], { records: [{ k: 1 }, { k: 2 }] });
    const ok = await fetch(`${s.url}/datastore/dump/${small}?format=csv`);
    t.equal(ok.status, 200);
    t.equal(await ok.text(), '_id,k\r\n1,1\r\n2,2\r\n', 'a small dump is whole');
  });
}
