// Upload readers beyond the example: CSV syntax, headers, flattened objects and JSON list cells, nested XML.
import t from 'tap';
import ExcelJS from 'exceljs';
import { compileDescriptor } from '../../src/descriptor/compile.ts';
import { UploadError } from '../../src/descriptor/errors.ts';
import { csvTemplate, parseCsv } from '../../src/descriptor/formats/csv.ts';
import { CsvReader, readCsv, sniffDelimiter } from '../../src/descriptor/formats/csv-parser.ts';
import { parseJson } from '../../src/descriptor/formats/json.ts';
import { parseXlsx, xlsxTemplate } from '../../src/descriptor/formats/xlsx.ts';
import { parseXml, writeXml } from '../../src/descriptor/formats/xml.ts';
import { parseUpload } from '../../src/descriptor/formats/upload.ts';
import type { Descriptor } from '../../src/descriptor/types.ts';
import { pharmacies } from './fixtures.ts';

const problemsOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (e instanceof UploadError) return e.problems.map((p) => [p.index, p.path, p.message]);
    throw e;
  }
  return [];
};

t.test('RFC 4180 reader', async (t) => {
  t.strictSame(readCsv('a,b\r\n1,2\r\n').rows, [
    ['a', 'b'],
    ['1', '2'],
  ]);
  t.strictSame(
    readCsv('a,b\n1,2').rows,
    [
      ['a', 'b'],
      ['1', '2'],
    ],
    'LF and no final newline',
  );
  t.strictSame(
    readCsv('a,b\r1,2\r').rows,
    [
      ['a', 'b'],
      ['1', '2'],
    ],
    'CR',
  );
  t.strictSame(readCsv('"a,1","say ""hi""","line\r\nbreak",\n').rows, [['a,1', 'say "hi"', 'line\r\nbreak', '']]);
  t.strictSame(readCsv('x,"",y\n').rows, [['x', '', 'y']]);
  t.strictSame(readCsv('5" pipe,b\n').rows, [['5" pipe', 'b']], 'a quote inside an unquoted field is literal');
  const multi = readCsv('h\n"a\nb"\nc\n');
  t.strictSame(multi.lines, [1, 2, 4], 'a row spanning lines starts where it starts');
  t.throws(() => readCsv('"abc'), /unclosed/);
  t.throws(() => readCsv('"abc"x,1'), /after a closing quote/);
  // Fed in chunks that split quotes, escapes and CRLFs anywhere, the result is the same.
  const text = 'id,name\r\n1,"a ""quoted"" name"\r\n2,"multi\r\nline"\r\n3,plain\r\n';
  const whole = readCsv(text).rows;
  for (let size = 1; size <= 7; size++) {
    const r = new CsvReader(',');
    const rows: string[][] = [];
    for (let i = 0; i < text.length; i += size) rows.push(...r.push(text.slice(i, i + size)));
    rows.push(...r.end());
    t.strictSame(rows, whole, `chunks of ${size}`);
  }
  t.equal(sniffDelimiter('a;b;c\n1,5;2;3'), ';');
  t.equal(sniffDelimiter('"a;b",c\n'), ',');
  t.equal(sniffDelimiter('a\tb\n'), '\t');
});

t.test('CSV headers: names, labels in any language, Label [name]', async (t) => {
  const rows = (csv: string) => parseCsv(csv, pharmacies).data;
  t.strictSame(rows('id,name\n1,A\n'), [{ id: '1', name: 'A' }]);
  t.strictSame(rows('ИДЕНТИФИКАТОР ,  атауы\n1,A\n'), [{ id: '1', name: 'A' }], 'labels, any case, extra spaces');
  t.strictSame(rows('Identifier,Name\n1,A\n'), [{ id: '1', name: 'A' }]);
  t.strictSame(rows('Whatever the label [id],Name\n1,A\n'), [{ id: '1', name: 'A' }], 'the bracketed name wins');
  t.strictSame(
    rows('id,name\n1,\n,\n2,B\n'),
    [{ id: '1' }, { id: '2', name: 'B' }],
    'empty cells are no value; blank rows are skipped',
  );
  t.strictSame(
    problemsOf(() => parseCsv('id,Назв,id\n', pharmacies)),
    [
      [-1, 'Назв', 'column 2: not a field of the descriptor'],
      [-1, 'id', 'column 3 repeats column 1'],
    ],
  );
  t.strictSame(
    problemsOf(() => parseCsv('id,name\n1,A,extra\n', pharmacies)),
    [[0, 'column 3', 'a value in a column without a known header']],
  );
  t.strictSame(
    problemsOf(() => parseCsv('', pharmacies)),
    [[-1, '', 'the file has no header row']],
  );
  t.strictSame(
    problemsOf(() => parseCsv('id\n"1', pharmacies)),
    [[-1, '', 'line 2: unclosed quoted field']],
  );
  t.strictSame(parseCsv('\uFEFFid\n7\n', pharmacies).data, [{ id: '7' }], 'a BOM is dropped');
});

const l = (kk: string, ru: string, en = ru) => ({ labelKk: kk, labelRu: ru, labelEn: en });
const nested: Descriptor = {
  ...pharmacies,
  apiUri: 'pharmacy_hours',
  fields: {
    id: { type: 'Int', ...l('ИД', 'ИД', 'ID'), pkey: true },
    schedule: {
      type: 'Object',
      ...l('Кесте', 'График', 'Schedule'),
      fields: {
        open: { type: 'String', ...l('Ашылуы', 'Открытие', 'Opens') },
        close: { type: 'String', ...l('Жабылуы', 'Закрытие', 'Closes') },
        place: {
          type: 'Object',
          ...l('Орын', 'Место', 'Place'),
          fields: { point: { type: 'Geoposition', ...l('Нүкте', 'Точка', 'Point') } },
        },
      },
    },
    days: { type: 'List', elementType: 'Int', ...l('Күндер', 'Дни', 'Days') },
    staff: {
      type: 'List',
      elementType: 'Object',
      ...l('Қызметкерлер', 'Сотрудники', 'Staff'),
      fields: {
        name: { type: 'String', ...l('Аты', 'Имя', 'Name') },
        since: { type: 'Date', ...l('Бастап', 'С', 'Since') },
      },
    },
    grid: { type: 'List', elementType: 'List', element: { elementType: 'Boolean' }, ...l('Тор', 'Сетка', 'Grid') },
    verified: { type: 'Boolean', ...l('Тексерілген', 'Проверено', 'Verified') },
  },
};
const nestedRecord = {
  id: 5,
  schedule: { open: '09:00', close: '21:00', place: { point: '51.1,71.4' } },
  days: [1, 2, 3],
  staff: [{ name: 'Айгүл', since: '2020-01-01T00:00:00' }, { name: 'Олег, "старший"' }],
  grid: [[true, false], []],
  verified: true,
};

t.test('nested objects flatten to dotted columns, lists are JSON cells', async (t) => {
  const csv = csvTemplate(nested, 'en', [nestedRecord]);
  const [header] = csv.slice(1).split('\r\n');
  t.equal(
    header,
    'ID [id],Schedule / Opens [schedule.open],Schedule / Closes [schedule.close],Schedule / Place / Point [schedule.place.point],Days [days],Staff [staff],Grid [grid],Verified [verified]',
  );
  const c = compileDescriptor(nested);
  const back = await c.validateBatch(parseCsv(csv, nested).data);
  t.strictSame(back, { ok: true, records: [nestedRecord] }, 'CSV round-trip');
  const xlsxBack = await c.validateBatch(
    (await parseXlsx(await xlsxTemplate(nested, 'ru', [nestedRecord]), nested)).data,
  );
  t.strictSame(xlsxBack, { ok: true, records: [nestedRecord] }, 'XLSX round-trip');
  // Nested labels: "Parent / Child" in any language; a whole object as one JSON column.
  t.strictSame(parseCsv('ИД,График / Открытие,Кесте / Жабылуы,days\n1,08:00,20:00,"[1,2]"\n', nested).data, [
    { id: '1', schedule: { open: '08:00', close: '20:00' }, days: [1, 2] },
  ]);
  t.strictSame(parseCsv('id,schedule\n1,"{""open"":""08:00""}"\n', nested).data, [
    { id: '1', schedule: { open: '08:00' } },
  ]);
  t.strictSame(
    problemsOf(() => parseCsv('id,schedule,schedule.open\n', nested)),
    [[-1, 'schedule.open', 'both schedule and schedule.open are columns']],
  );
  t.strictSame(
    problemsOf(() => parseCsv('id,days\n1,"[1,"\n2,ok\n', nested)),
    [
      [0, 'days', 'not valid JSON'],
      [1, 'days', 'not valid JSON'],
    ],
  );
  // Values in JSON cells are validated like any other.
  const bad = await c.validateBatch(parseCsv('id,staff\n1,"[{""since"":""31.02.2020""}]"\n', nested).data);
  t.strictSame(bad.ok ? [] : bad.errors.map((e) => e.path), ['staff[0].since']);
});

t.test('XML: nested objects, lists, lists of lists, nil, errors', async (t) => {
  const c = compileDescriptor(nested);
  const xml = writeXml(nested, [nestedRecord, { id: 6, days: [], schedule: null }]);
  t.match(xml, /<days><item>1<\/item><item>2<\/item><item>3<\/item><\/days>/);
  t.match(xml, /<grid><item><item>true<\/item><item>false<\/item><\/item><item><\/item><\/grid>/);
  t.match(
    xml,
    /<field name="grid" type="List" elementType="List" labelKk="Тор" labelRu="Сетка" labelEn="Grid">\n<element elementType="Boolean"><\/element><\/field>/,
  );
  const back = parseXml(xml);
  t.strictSame(back.meta, nested, 'meta with nested fields and element specs round-trips');
  t.strictSame(await c.validateBatch(back.data), {
    ok: true,
    records: [nestedRecord, { id: 6, days: [], schedule: null }],
  });

  const one = parseXml(
    '<openData><data><record><id>1</id><days><item>4</item></days><staff><item><name>A</name></item></staff></record></data></openData>',
    nested,
  );
  t.strictSame(one.data, [{ id: '1', days: ['4'], staff: [{ name: 'A' }] }], 'a one-item list is still a list');
  const unknown = parseXml('<openData><data><record><id>1</id><colour>red</colour></record></data></openData>', nested);
  const r = await c.validateBatch(unknown.data);
  t.strictSame(
    r.ok ? [] : r.errors.map((e) => [e.path, e.message]),
    [['colour', 'is not a field of the descriptor']],
    'unknown elements reach validation',
  );
  t.strictSame(
    problemsOf(() =>
      parseXml('<openData><data><record><id>1</id><id>2</id><days><x>1</x></days></record></data></openData>', nested),
    ),
    [
      [0, 'id', 'the element is repeated'],
      [0, 'days.x', 'a list holds only <item> elements'],
    ],
  );
  t.strictSame(
    problemsOf(() => parseXml('<openData><data><record><id><a>1</a></id></record></data></openData>', nested)),
    [[0, 'id', 'expected a value, found elements']],
  );
  t.strictSame(problemsOf(() => parseXml('<openData><data><record>', nested)).length, 1, 'not well-formed');
  t.strictSame(
    problemsOf(() => parseXml('<other/>', nested)),
    [[-1, '', 'the root element must be <openData>']],
  );
  t.strictSame(
    problemsOf(() => parseXml('<openData><data><record><id>1</id></record></data></openData>')),
    [[-1, 'data', 'no descriptor: the document has no <meta> and none was given']],
  );
  t.strictSame(
    problemsOf(() => parseXml('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><openData/>', nested)),
    [[-1, '', 'a DOCTYPE is not allowed']],
  );
  t.strictSame(
    parseXml('<openData><data><record><id>1</id><verified nil="true"/></record></data></openData>', nested).data,
    [{ id: '1', verified: null }],
  );
  t.strictSame(parseXml('<openData><data><record><id>&lt;1&amp;&gt;</id></record></data></openData>', nested).data, [
    { id: '<1&>' },
  ]);
});

t.test('XML meta keeps the owner and every language key', async (t) => {
  const meta: Descriptor = {
    ...pharmacies,
    nameEn: 'Pharmacies of Astana',
    responsible: {
      ...pharmacies.responsible,
      owner: { fullnameRu: 'Акимат г. Астана', fullnameKk: 'Астана қаласының әкімдігі', email: 'info@astana.gov.kz' },
    },
  };
  t.strictSame(parseXml(writeXml(meta, [])).meta, meta);
});

t.test('JSON documents', async (t) => {
  t.strictSame(parseJson('[{"id":"1"}]'), { meta: undefined, data: [{ id: '1' }] }, 'a bare list is data');
  t.strictSame(parseJson({ meta: pharmacies }), { meta: pharmacies, data: [] });
  t.strictSame(
    problemsOf(() => parseJson('{')).map((p) => p[1]),
    [''],
  );
  t.strictSame(
    problemsOf(() => parseJson('{"data":{}}')),
    [[-1, 'data', 'expected a list of records']],
  );
  t.strictSame(
    problemsOf(() => parseJson('{"meta":[]}')),
    [[-1, 'meta', 'expected an object']],
  );
  t.strictSame(problemsOf(() => parseJson('"x"')).length, 1);
  t.strictSame(parseJson(new TextEncoder().encode('\uFEFF[]')).data, []);
});

t.test('uploads need a descriptor for tables', async (t) => {
  await t.rejects(parseUpload(new TextEncoder().encode('id\n1\n'), 'csv'), UploadError);
  await t.rejects(parseUpload(new TextEncoder().encode('not a zip'), 'xlsx', nested), UploadError);
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('other').addRow(['ignored']);
  const ws = wb.addWorksheet('data');
  ws.addRow(['id', 'verified']);
  ws.addRow([{ formula: '1+1', result: 2 }, true]);
  ws.addRow([{ text: '3', hyperlink: 'https://example.org' }, 'нет']);
  const up = await parseUpload(Buffer.from(await wb.xlsx.writeBuffer()), 'xlsx', nested);
  t.strictSame(
    up.data,
    [
      { id: 2, verified: true },
      { id: '3', verified: 'нет' },
    ],
    'the `data` sheet; formula results and hyperlink text',
  );
});
