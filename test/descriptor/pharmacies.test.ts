// The pharmacies-of-Astana example of the rules, end to end at library level: the same rows as JSON, XML,
// CSV and XLSX parse to the same normalised records, and the generated templates round-trip.
import t from 'tap';
import ExcelJS from 'exceljs';
import { checkDescriptor } from '../../src/descriptor/check-descriptor.ts';
import { compileDescriptor } from '../../src/descriptor/compile.ts';
import { csvTemplate, parseCsv } from '../../src/descriptor/formats/csv.ts';
import { parseJson, writeJson } from '../../src/descriptor/formats/json.ts';
import { parseUpload, formatOf } from '../../src/descriptor/formats/upload.ts';
import { parseXlsx, xlsxTemplate } from '../../src/descriptor/formats/xlsx.ts';
import { parseXml, writeXml } from '../../src/descriptor/formats/xml.ts';
import type { Upload } from '../../src/descriptor/types.ts';
import { KZ_LANGUAGES, pharmacies, pharmacyRecords, pharmacyRows } from './fixtures.ts';

const compiled = compileDescriptor(pharmacies);
async function normalised(upload: Upload) {
  const r = await compiled.validateBatch(upload.data);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.records;
}

const jsonDoc = JSON.stringify({ meta: pharmacies, data: pharmacyRows }, null, 2);

const xmlDoc = `<?xml version="1.0" encoding="UTF-8"?>
<openData>
  <meta>
    <apiUri>astana_pharmacies</apiUri>
    <nameKk>Астана қаласының дәріханалары</nameKk>
    <nameRu>Аптеки города Астана</nameRu>
    <descriptionKk>Көрсетілген ашық деректер Астана қаласының дәріханалар ақпаратын қамтиды</descriptionKk>
    <descriptionRu>Указанные открытые данные содержат информацию об аптеках города г. Астана</descriptionRu>
    <keywords><keyword>Дәріхана</keyword><keyword>аптека</keyword></keywords>
    <responsible>
      <fullnameKk>Ақышев Жеңіс Бекенұлы</fullnameKk>
      <fullnameRu>Акишев Женис Бекенович</fullnameRu>
      <phone>8 (7172) 740479</phone>
      <email>zh.akishev@qogam.gov.kz</email>
    </responsible>
    <fields>
      <field name="id" type="String" labelKk="сәйкестендіргіш" labelRu="идентификатор" labelEn="Identifier" pkey="true"/>
      <field name="name" type="String" labelKk="Атауы" labelRu="Название" labelEn="Name" pkey="false"/>
      <field name="region" type="String" labelKk="Өңір" labelRu="Регион" labelEn="Region" pkey="false"/>
      <field name="geoposition" type="Geoposition" labelKk="Геонүкте" labelRu="Геопозиция" labelEn="Location" pkey="false"/>
      <field name="address" type="Address" labelKk="Мекенжайы" labelRu="Адрес" labelEn="Address" pkey="false"/>
      <field name="schedule" type="Text" labelKk="Жұмыс істеу кестесі" labelRu="График работы" labelEn="Opening hours" pkey="false"/>
      <field name="expireDate" type="Date" labelKk="Лицензияның аяқталу мерзімі" labelRu="Срок истечения лицензии" labelEn="Licence expiry" pkey="false"/>
    </fields>
  </meta>
  <data>
    <record>
      <id>11</id><name>Гиппократ</name><region>Астана</region><geoposition>51.117469,71.428171</geoposition>
      <address>Астана қаласы, "Ильинка" Т.А. Есет батыр көшесі 18-үй</address><schedule>09:00-21:00</schedule>
      <expireDate>31.12.2026</expireDate>
    </record>
    <record>
      <id>22</id><name>Зеленая аптека</name><region>Астана</region><geoposition>51.121077,71.419938</geoposition>
      <address>Астана қаласы, Достық шағын ауданы, Сауран көшесі 5-үй</address><schedule>круглосуточно</schedule>
      <expireDate>15-06-2027 18:30</expireDate>
    </record>
  </data>
</openData>
`;

// Russian labels as headers, in a different column order, `;`-separated as Excel writes in ru/kk locales.
const csvDoc =
  'Название;идентификатор;Регион;Геопозиция;Адрес;График работы;Срок истечения лицензии\r\n' +
  'Гиппократ;11;Астана;51.117469,71.428171;"Астана қаласы, ""Ильинка"" Т.А. Есет батыр көшесі 18-үй";09:00-21:00;31.12.2026\r\n' +
  'Зеленая аптека;22;Астана;51.121077,71.419938;Астана қаласы, Достық шағын ауданы, Сауран көшесі 5-үй;круглосуточно;15-06-2027 18:30\r\n';

// A sheet as an author fills it: Kazakh headers, Excel turned the ids into numbers and one date into a date cell.
async function xlsxDoc(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Парақ1');
  ws.addRow([
    'сәйкестендіргіш',
    'Атауы',
    'Өңір',
    'Геонүкте',
    'Мекенжайы',
    'Жұмыс істеу кестесі',
    'Лицензияның аяқталу мерзімі',
  ]);
  ws.addRow([
    11,
    'Гиппократ',
    'Астана',
    '51.117469,71.428171',
    pharmacyRows[0].address,
    '09:00-21:00',
    new Date(Date.UTC(2026, 11, 31)),
  ]);
  ws.addRow([]);
  ws.addRow([
    22,
    { richText: [{ text: 'Зеленая ' }, { text: 'аптека', font: { bold: true } }] },
    'Астана',
    '51.121077,71.419938',
    pharmacyRows[1].address,
    'круглосуточно',
    '15-06-2027 18:30',
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

t.test('the descriptor of the example is valid', async (t) => {
  t.strictSame(checkDescriptor(pharmacies, KZ_LANGUAGES, { requiredLanguages: ['kk', 'ru'] }), []);
});

t.test('JSON, XML, CSV and XLSX give the same records', async (t) => {
  const json = parseJson(jsonDoc);
  t.strictSame(json.meta, pharmacies);
  t.strictSame(await normalised(json), pharmacyRecords, 'JSON');

  const xml = parseXml(xmlDoc);
  t.strictSame(xml.meta, pharmacies, 'the XML meta is the same descriptor');
  t.strictSame(await normalised(xml), pharmacyRecords, 'XML');

  const csv = parseCsv(csvDoc, pharmacies);
  t.strictSame(csv.lines, [2, 3]);
  t.strictSame(await normalised(csv), pharmacyRecords, 'CSV');

  const xlsx = await parseXlsx(await xlsxDoc(), pharmacies);
  t.strictSame(xlsx.lines, [2, 4], 'blank rows are skipped; lines say where each record was');
  t.strictSame(await normalised(xlsx), pharmacyRecords, 'XLSX');

  const viaUpload = await parseUpload(new TextEncoder().encode(xmlDoc), formatOf('pharmacies.xml')!);
  t.strictSame(await normalised(viaUpload), pharmacyRecords, 'parseUpload dispatches by format');
  t.equal(formatOf('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'), 'xlsx');
  t.equal(formatOf('text/csv; charset=utf-8'), 'csv');
  t.equal(formatOf('a.JSON'), 'json');
});

t.test('writers round-trip: JSON and XML', async (t) => {
  t.strictSame(parseJson(writeJson(pharmacies, pharmacyRecords)), { meta: pharmacies, data: pharmacyRecords });
  const xml = writeXml(pharmacies, pharmacyRecords);
  const back = parseXml(xml);
  t.strictSame(back.meta, pharmacies);
  t.strictSame(await normalised(back), pharmacyRecords);
});

for (const lang of ['kk', 'ru', 'en']) {
  t.test(`templates round-trip (${lang})`, async (t) => {
    const csv = csvTemplate(pharmacies, lang);
    t.ok(csv.startsWith('\uFEFF'), 'BOM for spreadsheet programs');
    const header = csv.slice(1).split('\r\n')[0];
    if (lang === 'ru')
      t.equal(
        header,
        'идентификатор [id],Название [name],Регион [region],Геопозиция [geoposition],Адрес [address],График работы [schedule],Срок истечения лицензии [expireDate]',
      );
    // The author fills the template: append rows under the header.
    const filled =
      csv +
      '11,Гиппократ,Астана,"51.117469,71.428171","Астана қаласы, ""Ильинка"" Т.А. Есет батыр көшесі 18-үй",09:00-21:00,31.12.2026\r\n';
    t.strictSame(await normalised(parseCsv(filled, pharmacies)), [pharmacyRecords[0]]);
    // A download (template with records) reads back as the same records.
    t.strictSame(
      await normalised(parseCsv(csvTemplate(pharmacies, lang, pharmacyRecords), pharmacies)),
      pharmacyRecords,
    );

    const xlsx = await xlsxTemplate(pharmacies, lang, pharmacyRecords, KZ_LANGUAGES);
    t.strictSame(await normalised(await parseXlsx(xlsx, pharmacies)), pharmacyRecords, 'XLSX download round-trips');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as never);
    t.strictSame(
      wb.worksheets.map((w) => w.name),
      ['data', 'fields'],
    );
    const ws = wb.getWorksheet('data')!;
    t.equal(
      ws.getCell('A1').value,
      lang === 'kk' ? 'сәйкестендіргіш [id]' : lang === 'ru' ? 'идентификатор [id]' : 'Identifier [id]',
    );
    t.equal(ws.getColumn(1).numFmt, '@', 'text columns are formatted as text');
    // The author fills an empty template in the spreadsheet.
    const empty = new ExcelJS.Workbook();
    await empty.xlsx.load((await xlsxTemplate(pharmacies, lang)) as never);
    const sheet = empty.getWorksheet('data')!;
    sheet.addRow([
      '22',
      'Зеленая аптека',
      'Астана',
      '51.121077,71.419938',
      pharmacyRows[1].address,
      'круглосуточно',
      '15-06-2027 18:30',
    ]);
    const filledXlsx = Buffer.from(await empty.xlsx.writeBuffer());
    t.strictSame(await normalised(await parseXlsx(filledXlsx, pharmacies)), [pharmacyRecords[1]]);
  });
}
