// validateBatch: all or nothing, every problem with its record index and field path.
import t from 'tap';
import { compileDescriptor } from '../../src/descriptor/compile.ts';
import type { Descriptor, Problem } from '../../src/descriptor/types.ts';
import { pharmacies, pharmacyRecords, pharmacyRows, shifts } from './fixtures.ts';

const rows = () => structuredClone(pharmacyRows);
const brief = (errors: Problem[]) => errors.map((e) => [e.index, e.path, e.message]);

t.test('a valid batch is normalised', async (t) => {
  const r = await compileDescriptor(pharmacies).validateBatch(rows());
  t.strictSame(r, { ok: true, records: pharmacyRecords });
});

t.test('one bad record: errors, and no records', async (t) => {
  const batch = [...rows(), { id: '33', name: 'Аптека', geoposition: '51.1,200', expireDate: '32.01.2026' }];
  const r = await compileDescriptor(pharmacies).validateBatch(batch);
  t.equal(r.ok, false);
  t.notOk('records' in r, 'nothing partial');
  if (!r.ok)
    t.strictSame(brief(r.errors), [
      [2, 'geoposition', 'longitude 200 is outside -180..180'],
      [2, 'expireDate', 'not a calendar date: "32.01.2026"'],
    ]);
});

t.test('every problem of every record is reported', async (t) => {
  const batch = [
    { id: '1', bogus: 1 },
    'not a record',
    { id: '2' },
    { name: 5 },
    { id: '3', expireDate: 'x', geoposition: 'y' },
  ];
  const r = await compileDescriptor(pharmacies).validateBatch(batch);
  if (r.ok) return t.fail('should fail');
  t.strictSame(brief(r.errors), [
    [0, 'bogus', 'is not a field of the descriptor'],
    [1, '', 'a record must be an object'],
    [3, 'id', 'the key is required'],
    [4, 'geoposition', 'expected a point "lat,lon" or "x : y", got "y"'],
    [4, 'expireDate', 'expected a date (DD-MM-YYYY hh:mm, DD.MM.YYYY or ISO 8601), got "x"'],
  ]);
  const capped = await compileDescriptor(pharmacies).validateBatch(batch, { maxErrors: 2 });
  t.equal(capped.ok ? 0 : capped.errors.length, 2, 'maxErrors caps the list');
});

t.test('duplicate pkey, in the batch and against stored keys', async (t) => {
  const c = compileDescriptor(pharmacies);
  const dup = await c.validateBatch([{ id: '11' }, { id: '22' }, { id: '11' }, { id: '11' }]);
  t.strictSame(dup.ok ? [] : brief(dup.errors), [
    [2, 'id', 'duplicate key "11" (also record 0)'],
    [3, 'id', 'duplicate key "11" (also record 0)'],
  ]);
  let asked: unknown[] = [];
  const existing = await c.validateBatch([{ id: '11' }, { id: '44' }], {
    existingKeys: (v) => ((asked = v), new Set(['44', '55'])),
  });
  t.strictSame(asked, ['11', '44'], 'each key asked once');
  t.strictSame(existing.ok ? [] : brief(existing.errors), [[1, 'id', 'key "44" already exists in the dataset']]);
  t.equal((await c.validateBatch([{ id: '11' }])).ok, true, 'without existingKeys (upsert) stored keys are fine');
  // Int keys compare after normalisation: "7" and 7 are the same key.
  const ints = compileDescriptor({
    ...pharmacies,
    fields: { n: { type: 'Int', labelKk: 'n', labelRu: 'n', pkey: true } },
  });
  const r = await ints.validateBatch([{ n: '7' }, { n: 7 }, { n: ' 7' }]);
  t.strictSame(r.ok ? [] : brief(r.errors), [
    [1, 'n', 'duplicate key 7 (also record 0)'],
    [2, 'n', 'duplicate key 7 (also record 0)'],
  ]);
});

t.test('a second dataset referencing the first through datapath', async (t) => {
  const stored = await compileDescriptor(pharmacies).validateBatch(rows());
  if (!stored.ok) return t.fail('pharmacies should validate');
  const keysOf = new Map([['astana_pharmacies', new Set(stored.records.map((r) => r.id))]]);
  const calls: [string, string, unknown[]][] = [];
  const resolveKeys = (apiUri: string, field: string, values: unknown[]) => {
    calls.push([apiUri, field, values]);
    return new Set(values.filter((v) => keysOf.get(apiUri)?.has(v)));
  };
  const c = compileDescriptor(shifts);
  t.strictSame(c.references, [
    { apiUri: 'astana_pharmacies', field: 'id', path: 'pharmacy' },
    { apiUri: 'astana_pharmacies', field: 'id', path: 'backups[].pharmacy' },
  ]);

  const ok = await c.validateBatch(
    [
      { shiftId: 1, pharmacy: '11', backups: [{ pharmacy: '22', priority: 1 }] },
      { shiftId: '2', pharmacy: '22' },
    ],
    { resolveKeys },
  );
  t.strictSame(ok, {
    ok: true,
    records: [
      { shiftId: 1, pharmacy: '11', backups: [{ pharmacy: '22', priority: 1 }] },
      { shiftId: 2, pharmacy: '22' },
    ],
  });
  t.strictSame(calls, [['astana_pharmacies', 'id', ['11', '22']]], 'one call per referenced field, each value once');

  const bad = await c.validateBatch(
    [
      { shiftId: 1, pharmacy: '11' },
      { shiftId: 2, pharmacy: '99' },
      { shiftId: 3, pharmacy: '22', backups: [{ pharmacy: '11' }, { pharmacy: '98' }] },
      { shiftId: 4, pharmacy: '99' },
    ],
    { resolveKeys },
  );
  t.strictSame(bad.ok ? [] : brief(bad.errors), [
    [1, 'pharmacy', 'no record with id = "99" in astana_pharmacies'],
    [2, 'backups[1].pharmacy', 'no record with id = "98" in astana_pharmacies'],
    [3, 'pharmacy', 'no record with id = "99" in astana_pharmacies'],
  ]);

  await t.rejects(c.validateBatch([{ shiftId: 1 }]), /resolveKeys/, 'references cannot be skipped by accident');
  t.equal((await c.validateBatch([{ shiftId: 1, pharmacy: '99' }], { skipReferences: true })).ok, true);
});

t.test('a bad value is not also reported as a dangling reference', async (t) => {
  const d: Descriptor = {
    ...shifts,
    fields: { shiftId: shifts.fields.shiftId, ref: { type: 'Int', labelKk: 'r', labelRu: 'r', datapath: 'other.n' } },
  };
  const r = await compileDescriptor(d).validateBatch(
    [
      { shiftId: 1, ref: 'x' },
      { shiftId: 2, ref: '5' },
    ],
    { resolveKeys: () => new Set([]) },
  );
  t.strictSame(r.ok ? [] : brief(r.errors), [
    [0, 'ref', 'expected an integer, got "x"'],
    [1, 'ref', 'no record with n = 5 in other'],
  ]);
  const asStrings = await compileDescriptor(d).validateBatch([{ shiftId: 2, ref: '5' }], {
    resolveKeys: () => new Set(['5']),
  });
  t.equal(asStrings.ok, true, 'keys found as text match numeric values');
});

t.test('a dataset may reference its own records', async (t) => {
  const tree: Descriptor = {
    ...pharmacies,
    apiUri: 'regions',
    fields: {
      code: { type: 'String', labelKk: 'к', labelRu: 'к', pkey: true },
      parent: { type: 'String', labelKk: 'п', labelRu: 'п', datapath: 'regions.code' },
      neighbours: { type: 'List', elementType: 'String', labelKk: 'н', labelRu: 'н', datapath: 'regions.code' },
    },
  };
  const asked: unknown[][] = [];
  const r = await compileDescriptor(tree).validateBatch(
    [
      { code: 'KZ' },
      { code: 'KZ-AST', parent: 'KZ', neighbours: ['KZ-AKM', 'KZ-XX'] },
      { code: 'KZ-AKM', parent: 'KZ', neighbours: ['KZ-AST'] },
    ],
    { resolveKeys: (_a, _f, v) => (asked.push(v), new Set()) },
  );
  t.strictSame(asked, [['KZ-XX']], 'keys of the batch itself are not asked for');
  t.strictSame(r.ok ? [] : brief(r.errors), [[1, 'neighbours[1]', 'no record with code = "KZ-XX" in regions']]);
});

t.test('nested lists and objects: error paths', async (t) => {
  const l = { labelKk: 'x', labelRu: 'x' };
  const d: Descriptor = {
    ...pharmacies,
    apiUri: 'nested',
    fields: {
      id: { type: 'Int', ...l, pkey: true },
      schedule: {
        type: 'Object',
        ...l,
        fields: {
          timezone: { type: 'String', ...l, maxLength: 10 },
          days: {
            type: 'List',
            ...l,
            elementType: 'Object',
            fields: {
              day: { type: 'Int', ...l },
              open: { type: 'Date', ...l },
              breaks: { type: 'List', ...l, elementType: 'List', element: { elementType: 'Int' } },
            },
          },
        },
      },
      grid: {
        type: 'List',
        ...l,
        elementType: 'List',
        element: { elementType: 'List', element: { elementType: 'Geoposition' } },
      },
      refs: {
        type: 'List',
        ...l,
        elementType: 'List',
        element: { elementType: 'Object', fields: { p: { type: 'String', ...l, datapath: 'astana_pharmacies.id' } } },
      },
    },
  };
  const c = compileDescriptor(d);
  const record = {
    id: '1',
    schedule: {
      timezone: 'Asia/Almaty+extra',
      days: [
        { day: 1, open: '01.01.2025' },
        { day: 'Mon' },
        { day: 3, open: '2025-02-30', breaks: [[1, 2], [3, 'x'], 'y'] },
        'z',
      ],
      extra: true,
    },
    grid: [[['1,2', '91,0']], [[], ['3,4', 5]]],
    refs: [[{ p: '11' }], [{ p: '12' }, { p: '13' }]],
  };
  const r = await c.validateBatch([record], { resolveKeys: () => new Set(['11', '13']) });
  if (r.ok) return t.fail('should fail');
  t.strictSame(
    brief(r.errors).sort(),
    [
      [0, 'grid[0][0][1]', 'latitude 91 is outside -90..90'],
      [0, 'grid[1][1][1]', 'expected a point "lat,lon" or "x : y", got 5'],
      [0, 'refs[1][0].p', 'no record with id = "12" in astana_pharmacies'],
      [0, 'schedule.days[1].day', 'expected an integer, got "Mon"'],
      [0, 'schedule.days[2].breaks[1][1]', 'expected an integer, got "x"'],
      [0, 'schedule.days[2].breaks[2]', 'expected a list'],
      [0, 'schedule.days[2].open', 'not a calendar date: "2025-02-30"'],
      [0, 'schedule.days[3]', 'expected an object'],
      [0, 'schedule.extra', 'is not a field of the descriptor'],
      [0, 'schedule.timezone', 'text is longer than 10 characters'],
    ].sort(),
  );
  t.strictSame(
    c.references.map((x) => x.path),
    ['refs[][].p'],
  );

  const good = structuredClone(record);
  good.schedule = {
    timezone: 'Asia',
    days: [{ day: 1, open: '01.01.2025', breaks: [['1'], []] } as never],
    extra: undefined as never,
  };
  delete (good.schedule as { extra?: unknown }).extra;
  good.grid = [[['1,2']]];
  good.refs = [[{ p: '11' }]];
  const ok = await c.validateBatch([good], { resolveKeys: () => new Set(['11']) });
  t.strictSame(ok.ok && ok.records[0], {
    id: 1,
    schedule: { timezone: 'Asia', days: [{ day: 1, open: '2025-01-01T00:00:00', breaks: [[1], []] }] },
    grid: [[['1,2']]],
    refs: [[{ p: '11' }]],
  });
});

t.test('validateRecord checks one record without cross-record rules', async (t) => {
  const c = compileDescriptor(pharmacies);
  t.strictSame(c.validateRecord({ id: '1', expireDate: '01.01.2020' }), []);
  t.strictSame(
    c.validateRecord({ id: '1', expireDate: 'x' }, 7).map((p) => [p.index, p.path]),
    [[7, 'expireDate']],
  );
  t.equal(c.pkey, 'id');
});
