// Every descriptor type: what it accepts (and stores), what it rejects.
import t from 'tap';
import { compileDescriptor } from '../../src/descriptor/compile.ts';
import type { Descriptor, FieldDef } from '../../src/descriptor/types.ts';
import { pharmacies } from './fixtures.ts';

const descriptorWith = (def: Partial<FieldDef>): Descriptor => ({
  ...pharmacies,
  fields: { v: { labelKk: 'v', labelRu: 'v', ...def } as FieldDef },
});

async function run(def: Partial<FieldDef>, value: unknown) {
  const res = await compileDescriptor(descriptorWith(def)).validateBatch([{ v: value }]);
  return res.ok ? { stored: res.records[0].v } : { errors: res.errors };
}

async function accepts(t: Asserts, def: Partial<FieldDef>, cases: [unknown, unknown][]) {
  for (const [input, stored] of cases) {
    const r = await run(def, input);
    t.strictSame(r, { stored }, `${def.type}: ${JSON.stringify(input)} -> ${JSON.stringify(stored)}`);
  }
}

async function rejects(t: Asserts, def: Partial<FieldDef>, cases: [unknown, RegExp][]) {
  for (const [input, message] of cases) {
    const r = await run(def, input);
    t.ok(
      r.errors && r.errors.length === 1 && r.errors[0].path === 'v' && message.test(r.errors[0].message),
      `${def.type}: rejects ${String(input)} (${r.errors?.[0]?.message})`,
    );
  }
}

type Asserts = Pick<typeof t, 'strictSame' | 'ok'>;

t.test('Int', async (t) => {
  await accepts(t, { type: 'Int' }, [
    [42, 42],
    [-7, -7],
    ['17', 17],
    [' +3 ', 3],
    ['-0012', -12],
    [1.0, 1],
    [null, null],
    ['', null],
    [Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  ]);
  await rejects(t, { type: 'Int' }, [
    [1.5, /integer/],
    ['1.5', /integer/],
    ['1e3', /integer/],
    ['abc', /integer/],
    [true, /integer/],
    ['9007199254740993', /out of range/],
    [2 ** 60, /out of range/],
    [[1], /integer/],
    [{}, /integer/],
    [Infinity, /integer/],
  ]);
});

t.test('Double', async (t) => {
  await accepts(t, { type: 'Double' }, [
    [3.14, 3.14],
    [2, 2],
    ['2.5', 2.5],
    ['-1e-3', -0.001],
    ['.5', 0.5],
    ['3,75', 3.75],
    [' 7 ', 7],
    ['', null],
  ]);
  await rejects(t, { type: 'Double' }, [
    ['NaN', /number/],
    [NaN, /finite/],
    [Infinity, /finite/],
    ['1,2,3', /number/],
    ['12abc', /number/],
    [false, /number/],
    ['Infinity', /number/],
  ]);
});

t.test('String, Address, Text (and maxLength)', async (t) => {
  await accepts(t, { type: 'String' }, [
    ['Гиппократ', 'Гиппократ'],
    ['', ''],
    [11, '11'],
    [true, 'true'],
    ['  spaced  ', '  spaced  '],
  ]);
  await accepts(t, { type: 'Address' }, [['Астана қаласы, Сауран көшесі 5-үй', 'Астана қаласы, Сауран көшесі 5-үй']]);
  await accepts(t, { type: 'Text' }, [['x'.repeat(20_000), 'x'.repeat(20_000)]]);
  await accepts(t, { type: 'String', maxLength: 3 }, [
    ['абв', 'абв'],
    ['😀😀😀', '😀😀😀'],
  ]);
  await rejects(t, { type: 'String', maxLength: 3 }, [['абвг', /longer than 3/]]);
  await rejects(t, { type: 'String' }, [
    ['x'.repeat(10_001), /longer than 10000/],
    [{ a: 1 }, /text/],
    [['a'], /text/],
    ['a\u0000b', /NUL/],
  ]);
  const r = await compileDescriptor(descriptorWith({ type: 'String' }), { stringMaxLength: 5 }).validateBatch([
    { v: '123456' },
  ]);
  t.equal(r.ok, false, 'stringMaxLength is a compile option');
});

t.test('Boolean', async (t) => {
  await accepts(t, { type: 'Boolean' }, [
    [true, true],
    [false, false],
    ['true', true],
    ['FALSE', false],
    ['1', true],
    [0, false],
    ['yes', true],
    ['Да', true],
    ['нет', false],
    ['иә', true],
    ['жоқ', false],
    ['', null],
  ]);
  await rejects(t, { type: 'Boolean' }, [
    ['maybe', /true or false/],
    [2, /true or false/],
    ['tru', /true or false/],
  ]);
});

t.test('Date', async (t) => {
  await accepts(t, { type: 'Date' }, [
    ['31-12-2026 23:59', '2026-12-31T23:59:00'],
    ['01-02-2024', '2024-02-01T00:00:00'],
    ['29.02.2024', '2024-02-29T00:00:00'],
    ['15.06.2027 08:05', '2027-06-15T08:05:00'],
    ['2024-05-01', '2024-05-01T00:00:00'],
    ['2024-05-01T09:12:33', '2024-05-01T09:12:33'],
    ['2024-05-01 09:12', '2024-05-01T09:12:00'],
    ['2024-05-01T09:12:33.123456Z', '2024-05-01T09:12:33.123456'],
    ['2024-05-01T09:12:33.1200', '2024-05-01T09:12:33.12'],
    ['2024-05-01T03:00:00+05:00', '2024-04-30T22:00:00'],
    ['2024-12-31T23:30:00-0100', '2025-01-01T00:30:00'],
    [new Date(Date.UTC(2026, 11, 31)), '2026-12-31T00:00:00'],
    ['', null],
  ]);
  await rejects(t, { type: 'Date' }, [
    ['30.02.2024', /calendar date/],
    ['29-02-2023 10:00', /calendar date/],
    ['31.04.2024', /calendar date/],
    ['2024-13-01', /calendar date/],
    ['2024-00-10', /calendar date/],
    ['01.01.2024 24:00', /time of day/],
    ['2024-05-01T10:60', /time of day/],
    ['1.1.2024', /expected a date/],
    ['2024/05/01', /expected a date/],
    ['31-12-26', /expected a date/],
    [20240501, /expected a date/],
    ['2024-05-01T10:00+25:00', /offset/],
    ['tomorrow', /expected a date/],
  ]);
});

t.test('Geoposition', async (t) => {
  await accepts(t, { type: 'Geoposition' }, [
    ['51.117469,71.428171', '51.117469,71.428171'],
    ['51.121077, 71.419938', '51.121077,71.419938'],
    ['51.1 : 71.4', '51.1,71.4'],
    ['-33.8688:151.2093', '-33.8688,151.2093'],
    ['90,-180', '90,-180'],
    [{ lat: 43.238949, lon: 76.889709 }, '43.238949,76.889709'],
    ['', null],
  ]);
  await rejects(t, { type: 'Geoposition' }, [
    ['90.5,10', /latitude/],
    ['10,180.1', /longitude/],
    ['-91:0', /latitude/],
    ['51.1;71.4', /point/],
    ['51.1', /point/],
    ['a,b', /point/],
    [51.1, /point/],
    [{ lat: 1 }, /point/],
  ]);
});

t.test('Object', async (t) => {
  const def = {
    type: 'Object' as const,
    fields: {
      open: { type: 'Date' as const, labelKk: 'a', labelRu: 'b' },
      n: { type: 'Int' as const, labelKk: 'a', labelRu: 'b' },
    },
  };
  await accepts(t, def, [
    [
      { open: '01.01.2025', n: '2' },
      { open: '2025-01-01T00:00:00', n: 2 },
    ],
    [{}, {}],
    [null, null],
  ]);
  const r = await run(def, { open: 'x', n: 'y', extra: 1 });
  t.strictSame(
    r.errors?.map((e) => e.path),
    ['v.extra', 'v.open', 'v.n'],
  );
  t.strictSame((await run(def, 'text')).errors, [{ index: 0, path: 'v', message: 'expected an object' }]);
  t.strictSame((await run(def, [1])).errors?.[0].message, 'expected an object');
});

t.test('List (of scalars, objects and lists)', async (t) => {
  await accepts(t, { type: 'List', elementType: 'Int' }, [
    [
      [1, '2', 3],
      [1, 2, 3],
    ],
    [[], []],
    [null, null],
  ]);
  await accepts(t, { type: 'List', elementType: 'Geoposition' }, [
    [
      ['1,2', '3 : 4'],
      ['1,2', '3,4'],
    ],
  ]);
  await accepts(
    t,
    { type: 'List', elementType: 'Object', fields: { d: { type: 'Boolean', labelKk: 'a', labelRu: 'b' } } },
    [
      [
        [{ d: 'true' }, {}],
        [{ d: true }, {}],
      ],
    ],
  );
  await accepts(t, { type: 'List', elementType: 'List', element: { elementType: 'Double' } }, [
    [
      [['1.5'], [], ['2', 3]],
      [[1.5], [], [2, 3]],
    ],
  ]);
  await accepts(t, { type: 'List', elementType: 'List' }, [
    [
      [[1, 'a'], [{ x: 1 }]],
      [[1, 'a'], [{ x: 1 }]],
    ],
  ]);
  const r = await run({ type: 'List', elementType: 'Int' }, [1, 'x', null, 2.5]);
  t.strictSame(
    r.errors?.map((e) => [e.path, e.message]),
    [
      ['v[1]', 'expected an integer, got "x"'],
      ['v[2]', 'a list element must not be empty'],
      ['v[3]', 'expected an integer, got 2.5'],
    ],
  );
  t.strictSame((await run({ type: 'List', elementType: 'Int' }, '1,2')).errors?.[0].message, 'expected a list');
  t.strictSame(
    (await run({ type: 'List', elementType: 'List', element: { elementType: 'Int' } }, [[1], 2])).errors?.map((e) => [
      e.path,
      e.message,
    ]),
    [['v[1]', 'expected a list']],
  );
});

t.test('the pkey must not be empty and must be present', async (t) => {
  const c = compileDescriptor(pharmacies);
  const r = await c.validateBatch([{ name: 'no id' }, { id: '' }, { id: null }]);
  t.strictSame(r.ok ? [] : r.errors.map((e) => [e.index, e.path, e.message]), [
    [0, 'id', 'the key is required'],
    [1, 'id', 'the key must not be empty'],
    [2, 'id', 'the key must not be empty'],
  ]);
});
