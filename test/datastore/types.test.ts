// Every CKAN field type: values it accepts (and how they read back) and values it refuses, each refusal
// naming the record index and field; a batch with one bad record writes nothing.
import t from 'tap';
import { startServer } from '../helpers/server.ts';
import { catalog, dataset, dsResource } from './helpers.ts';

const CASES: { type: string; reported: string; ok: [unknown, unknown][]; bad: unknown[] }[] = [
  {
    type: 'text',
    reported: 'text',
    ok: [
      ['abc', 'abc'],
      [12, '12'],
      ['', ''],
    ],
    bad: [{ a: 1 }, 'nul\u0000'],
  },
  {
    type: 'int',
    reported: 'int4',
    ok: [
      [42, 42],
      ['-7', -7],
    ],
    bad: [1.5, 'x', 2 ** 31],
  },
  { type: 'int4', reported: 'int4', ok: [[2147483647, 2147483647]], bad: ['1e3'] },
  {
    type: 'int8',
    reported: 'int8',
    ok: [
      [9007199254740991, 9007199254740991],
      ['12', 12],
    ],
    bad: ['12.5'],
  },
  {
    type: 'numeric',
    reported: 'numeric',
    ok: [
      [3.25, 3.25],
      ['10.5', 10.5],
      ['1e3', 1000],
    ],
    bad: ['ten', true],
  },
  {
    type: 'float',
    reported: 'float8',
    ok: [
      [0.5, 0.5],
      ['2', 2],
    ],
    bad: ['NaN'],
  },
  { type: 'float8', reported: 'float8', ok: [[-1.25, -1.25]], bad: [[1]] },
  {
    type: 'bool',
    reported: 'bool',
    ok: [
      [true, true],
      ['false', false],
      [0, false],
    ],
    bad: ['maybe', 2],
  },
  { type: 'date', reported: 'date', ok: [['2024-02-29', '2024-02-29']], bad: ['2023-02-29', '01.02.2024', 5] },
  {
    type: 'time',
    reported: 'time',
    ok: [
      ['09:30', '09:30:00'],
      ['23:59:59', '23:59:59'],
    ],
    bad: ['24:00', 'noon'],
  },
  {
    type: 'timestamp',
    reported: 'timestamp',
    ok: [
      ['2024-05-01T09:12:33', '2024-05-01T09:12:33'],
      ['2024-05-01', '2024-05-01T00:00:00'],
    ],
    bad: ['2024-13-01', 'yesterday'],
  },
  {
    type: 'json',
    reported: 'json',
    ok: [
      [{ a: [1, 2] }, { a: [1, 2] }],
      [
        [1, 'x'],
        [1, 'x'],
      ],
      ['s', 's'],
    ],
    bad: [],
  },
  {
    type: '_text',
    reported: '_text',
    ok: [
      [
        ['a', 'b'],
        ['a', 'b'],
      ],
      [[], []],
    ],
    bad: ['a', [{}]],
  },
  {
    type: '_int4',
    reported: '_int4',
    ok: [
      [
        [1, 2],
        [1, 2],
      ],
    ],
    bad: [['x']],
  },
  { type: 'point', reported: 'point', ok: [['51.1,71.4', '51.1,71.4']], bad: ['north', '91,10'] },
];

t.test('field types', async (t) => {
  const s = await startServer(t);
  await catalog(s);
  const { pkg } = await dataset(s, 'types');

  for (const c of CASES) {
    t.test(c.type, async (t) => {
      const id = await dsResource(s, pkg.id, [{ id: 'v', type: c.type }]);
      const fields = (await s.ok('datastore_search', { resource_id: id, limit: 0 })).fields;
      t.same(fields, [
        { id: '_id', type: 'int' },
        { id: 'v', type: c.reported },
      ]);
      await s.ok('datastore_upsert', { resource_id: id, method: 'insert', records: c.ok.map(([v]) => ({ v })) });
      const back = (await s.ok('datastore_search', { resource_id: id })).records.map((r: any) => r.v);
      t.same(
        back,
        c.ok.map(([, v]) => v),
        'accepted values read back',
      );
      for (const bad of c.bad) {
        const r = await s.call('datastore_upsert', {
          resource_id: id,
          method: 'insert',
          records: [{ v: c.ok[0][0] }, { v: bad }],
        });
        t.equal(r.status, 409, `${JSON.stringify(bad)} is refused`);
        // A NUL is refused for the whole request before the DataStore sees it (src/api/input-bounds.ts):
        // that error names the record and field as a path.
        if (r.body.error.records_errors)
          t.same(
            r.body.error.records_errors.map((e: any) => [e.index, e.path]),
            [[1, 'v']],
            'the error names record 1, field v',
          );
        else
          t.same(
            r.body.error.records,
            ['[1].v: Must not contain the NUL character'],
            'the error names record 1, field v',
          );
      }
      t.equal(
        (await s.ok('datastore_search', { resource_id: id })).total,
        c.ok.length,
        'refused batches wrote nothing',
      );
    });
  }

  t.test('a batch with one bad record writes nothing; every problem is listed', async (t) => {
    const id = await dsResource(
      s,
      pkg.id,
      [
        { id: 'k', type: 'text' },
        { id: 'n', type: 'int' },
        { id: 'd', type: 'date' },
      ],
      { primary_key: ['k'] },
    );
    const records = Array.from({ length: 50 }, (_, i) => ({ k: `k${i}`, n: i, d: '2024-01-01' }));
    records[17] = { k: 'k17', n: 'seventeen' as never, d: '2024-01-01' };
    records[30] = { k: 'k30', n: 30, d: 'someday', extra: 1 } as never;
    const r = await s.call('datastore_upsert', { resource_id: id, records });
    t.equal(r.status, 409);
    t.same(
      r.body.error.records_errors.map((e: any) => [e.index, e.path]),
      [
        [17, 'n'],
        [30, 'd'],
        [30, 'extra'],
      ],
    );
    t.equal(r.body.error.records.length, 3);
    t.equal(r.body.error.records_row, 17);
    t.equal((await s.ok('datastore_search', { resource_id: id })).total, 0);
    const dup = await s.call('datastore_upsert', {
      resource_id: id,
      method: 'insert',
      records: [{ k: 'a' }, { k: 'a' }],
    });
    t.equal(dup.status, 409);
    t.same(
      dup.body.error.records_errors.map((e: any) => e.index),
      [1],
    );
    await s.ok('datastore_upsert', { resource_id: id, method: 'insert', records: [{ k: 'a', n: 1 }] });
    const again = await s.call('datastore_upsert', {
      resource_id: id,
      method: 'insert',
      records: [{ k: 'b' }, { k: 'a' }],
    });
    t.same(
      again.body.error.records_errors.map((e: any) => e.index),
      [1],
      'insert of an existing key is refused',
    );
    const upd = await s.call('datastore_upsert', {
      resource_id: id,
      method: 'update',
      records: [
        { k: 'a', n: 2 },
        { k: 'zz', n: 3 },
      ],
    });
    t.same(
      upd.body.error.records_errors.map((e: any) => e.index),
      [1],
      'update of a missing key is refused',
    );
    const dry = await s.ok('datastore_upsert', { resource_id: id, dry_run: true, records: [{ k: 'new', n: 1 }] });
    t.equal(dry.resource_id, id);
    t.equal((await s.ok('datastore_search', { resource_id: id })).total, 1, 'dry_run writes nothing');
    await s.ok('datastore_upsert', { resource_id: id, method: 'update', records: [{ k: 'a', n: 9 }] });
    t.equal((await s.ok('datastore_search', { resource_id: id })).records[0].n, 9);
  });

  t.test('tables without a primary key update by _id', async (t) => {
    const id = await dsResource(s, pkg.id, [{ id: 'x', type: 'text' }], { records: [{ x: 'a' }, { x: 'b' }] });
    const noKey = await s.call('datastore_upsert', { resource_id: id, records: [{ x: 'c' }] });
    t.equal(noKey.status, 409, 'upsert needs a primary key or _id');
    await s.ok('datastore_upsert', { resource_id: id, method: 'update', records: [{ _id: 2, x: 'B' }] });
    t.same(
      (await s.ok('datastore_search', { resource_id: id })).records.map((r: any) => r.x),
      ['a', 'B'],
    );
    await s.ok('datastore_upsert', { resource_id: id, method: 'insert', records: [{ x: 'c' }] });
    t.equal((await s.ok('datastore_search', { resource_id: id })).total, 3);
  });

  t.test('field definitions are checked', async (t) => {
    const r = await s.call('datastore_create', {
      resource: { package_id: pkg.id },
      fields: [{ id: '_bad', type: 'text' }, { id: 'x', type: 'money' }, { id: 'q"uote' }],
    });
    t.equal(r.status, 409);
    t.equal(r.body.error.fields.length, 3);
    const guessed = await s.ok('datastore_create', {
      resource: { package_id: pkg.id },
      records: [{ a: 1, b: 1.5, c: 'x', d: '2024-01-01', e: true, f: { z: 1 } }],
    });
    t.same(
      guessed.fields.map((f: any) => f.type),
      ['int4', 'float8', 'text', 'timestamp', 'bool', 'json'],
      'types guessed from records',
    );
  });
});
