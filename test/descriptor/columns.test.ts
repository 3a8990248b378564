// Descriptor fields as DataStore columns (PostgreSQL and CKAN type names) and values to and from them.
import t from 'tap';
import { columnsFor, fromPgValue, toPgValue } from '../../src/descriptor/columns.ts';
import type { Descriptor } from '../../src/descriptor/types.ts';
import { pharmacies, shifts } from './fixtures.ts';

t.test('types map to PostgreSQL and CKAN DataStore types', async (t) => {
  const l = { labelKk: 'x', labelRu: 'y' };
  const d: Descriptor = {
    ...pharmacies,
    fields: {
      i: { type: 'Int', ...l, pkey: true },
      d: { type: 'Double', ...l },
      s: { type: 'String', ...l },
      a: { type: 'Address', ...l },
      x: { type: 'Text', ...l },
      b: { type: 'Boolean', ...l },
      t: { type: 'Date', ...l },
      g: { type: 'Geoposition', ...l },
      o: { type: 'Object', ...l, fields: { n: { type: 'Int', ...l } } },
      li: { type: 'List', ...l, elementType: 'Int' },
    },
  };
  t.strictSame(
    columnsFor(d).map((c) => [c.name, c.pgType, c.ckanType, c.pkey]),
    [
      ['i', 'bigint', 'int8', true],
      ['d', 'double precision', 'float8', false],
      ['s', 'text', 'text', false],
      ['a', 'text', 'text', false],
      ['x', 'text', 'text', false],
      ['b', 'boolean', 'bool', false],
      ['t', 'timestamp', 'timestamp', false],
      ['g', 'point', 'point', false],
      ['o', 'jsonb', 'json', false],
      ['li', 'jsonb', 'json', false],
    ],
  );
  const pharmacy = columnsFor(shifts).find((c) => c.name === 'pharmacy')!;
  t.equal(pharmacy.datapath, 'astana_pharmacies.id');
  t.strictSame(pharmacy.labels, { labelKk: 'Дәріхана', labelRu: 'Аптека' });
});

t.test('values to and from PostgreSQL', async (t) => {
  const point = { pgType: 'point' } as const;
  t.equal(toPgValue(point, '51.117469,71.428171'), '(71.428171,51.117469)', 'point is (x=lon, y=lat)');
  t.equal(fromPgValue(point, { x: 71.428171, y: 51.117469 }), '51.117469,71.428171');
  t.equal(fromPgValue(point, '(71.428171,51.117469)'), '51.117469,71.428171');
  t.equal(toPgValue({ pgType: 'jsonb' }, [1, { a: 2 }]), '[1,{"a":2}]');
  t.equal(toPgValue({ pgType: 'text' }, null), null);
  t.equal(fromPgValue({ pgType: 'timestamp' }, '2026-12-31 00:00:00'), '2026-12-31T00:00:00');
  t.equal(
    fromPgValue({ pgType: 'timestamp' }, new Date(Date.UTC(2026, 11, 31, 8, 30, 0, 120))),
    '2026-12-31T08:30:00.12',
  );
  t.equal(fromPgValue({ pgType: 'bigint' }, '9007199254740991'), 9007199254740991, 'pg returns int8 as text');
});
