// The pharmacies-of-Astana example end to end over HTTP: descriptor, template, uploads of the JSON, XML and
// CSV versions, search with filters and full text, dumps (GeoJSON from the Geoposition field); then a second
// dataset whose records point at the pharmacies through datapath.
import t from 'tap';
import ExcelJS from 'exceljs';
import { startServer } from '../helpers/server.ts';
import { csvTemplate, writeXml, xlsxTemplate } from '../../src/descriptor/index.ts';
import { pharmacies, pharmacyRows, shifts } from '../descriptor/fixtures.ts';
import { catalog, dataset, get, upload } from './helpers.ts';

const kk = (name: string) => ({
  title_translated: { kk: `${name} kk`, ru: `${name} ру` },
  notes_translated: { kk: 'Сипаттама', ru: 'Описание' },
});

t.test('pharmacies of Astana', async (t) => {
  const s = await startServer(t, { env: { PASPORT_LANGUAGES: 'kk,ru,en,uz,uz-Cyrl' } });
  const { editor } = await catalog(s);
  const { pkg, rid } = await dataset(s, 'astana-pharmacies', kk('Аптеки'));

  t.test('descriptor and template', async (t) => {
    const bad = await s.call(
      'descriptor_update',
      { resource_id: rid, descriptor: { ...pharmacies, keywords: [] } },
      { token: editor.token },
    );
    t.equal(bad.status, 409);
    t.ok(bad.body.error.descriptor_errors.length, 'descriptor problems listed');
    const d = await s.ok('descriptor_update', { resource_id: rid, descriptor: pharmacies }, editor.token);
    t.same(d, pharmacies);
    t.same(await s.ok('descriptor_show', { resource_id: rid }, null), pharmacies);
    const v = await s.ok(
      'descriptor_validate',
      { descriptor: pharmacies, records: [{ id: '1', geoposition: 'north' }] },
      null,
    );
    t.equal(v.valid, false);
    t.same(
      v.errors.map((e: any) => [e.index, e.path]),
      [[0, 'geoposition']],
    );

    const csv = await get(s, `/datastore/template/${rid}?format=csv&lang=ru`);
    t.equal(csv.status, 200);
    const header = csv.text
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)[0];
    t.match(header, 'идентификатор [id]');
    t.match(header, 'Название [name]');
    const xlsx = await get(s, `/datastore/template/${rid}?format=xlsx&lang=ru`);
    t.equal(xlsx.status, 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.text as never);
    t.equal(wb.getWorksheet('data')!.getRow(1).getCell(2).value, 'Название [name]');
    t.equal((await get(s, `/datastore/template/00000000-0000-4000-8000-000000000000?format=csv`)).status, 404);
  });

  t.test('upload JSON, XML and CSV', async (t) => {
    const json = await upload(
      s,
      rid,
      'pharmacies.json',
      JSON.stringify({ meta: pharmacies, data: pharmacyRows }),
      {},
      editor.token,
    );
    t.equal(json.status, 200, JSON.stringify(json.body));
    t.match(json.body.result, { format: 'json', method: 'upsert', records: 2 });
    let r = await s.ok('datastore_search', { resource_id: rid, filters: { id: '11' } }, null);
    t.same(r.records, [
      {
        _id: 1,
        id: '11',
        name: 'Гиппократ',
        region: 'Астана',
        geoposition: '51.117469,71.428171',
        address: pharmacyRows[0].address,
        schedule: '09:00-21:00',
        expireDate: '2026-12-31T00:00:00',
      },
    ]);
    t.same(
      r.fields.map((f: any) => [f.id, f.type]),
      [
        ['_id', 'int'],
        ['id', 'text'],
        ['name', 'text'],
        ['region', 'text'],
        ['geoposition', 'point'],
        ['address', 'text'],
        ['schedule', 'text'],
        ['expireDate', 'timestamp'],
      ],
    );
    t.equal(r.fields[2].info.labelRu, 'Название');

    const xml = writeXml(pharmacies, [{ ...pharmacyRows[0], name: 'Гиппократ+' }]);
    const x = await upload(s, rid, 'pharmacies.xml', xml, {}, editor.token);
    t.equal(x.status, 200, JSON.stringify(x.body));
    r = await s.ok('datastore_search', { resource_id: rid, filters: { id: '11' } });
    t.equal(r.records[0].name, 'Гиппократ+', 'the XML upload upserted by the pkey');

    const third = {
      id: '33',
      name: 'Дәрі',
      region: 'Астана',
      geoposition: '51.1,71.4',
      address: 'Кенесары 1',
      schedule: 'круглосуточно',
      expireDate: '01.01.2030',
    };
    const c = await upload(s, rid, 'pharmacies.csv', csvTemplate(pharmacies, 'ru', [third]), {}, editor.token);
    t.equal(c.status, 200, JSON.stringify(c.body));
    r = await s.ok('datastore_search', { resource_id: rid, sort: 'id' });
    t.same(
      r.records.map((x: any) => x.id),
      ['11', '22', '33'],
    );
    t.equal(r.total, 3);

    const xlsx = await xlsxTemplate(pharmacies, 'kk', [{ ...third, name: 'Дәрі (xlsx)' }]);
    const xl = await upload(s, rid, 'pharmacies.xlsx', xlsx, {}, editor.token);
    t.equal(xl.status, 200, JSON.stringify(xl.body));
    t.equal(
      (await s.ok('datastore_search', { resource_id: rid, filters: { id: '33' } })).records[0].name,
      'Дәрі (xlsx)',
      'an XLSX upload upserts too',
    );

    const badCsv = await upload(
      s,
      rid,
      'bad.csv',
      'id,geoposition,expireDate\n44,north,31.02.2026\n55,51.1,71.4,\n',
      {},
      editor.token,
    );
    t.equal(badCsv.status, 409);
    t.equal((await s.ok('datastore_search', { resource_id: rid })).total, 3, 'a rejected upload writes nothing');

    const shown = await s.ok('package_show', { id: pkg.id });
    t.ok(shown.last_data_update);
    const outbox = await s.pasport.services.db
      .selectFrom('outbox')
      .select(['topic', 'entity_id'])
      .where('topic', '=', 'datastore')
      .execute();
    t.ok(
      outbox.some((o) => o.entity_id === rid),
      "a 'datastore' outbox entry names the resource",
    );
  });

  t.test('search: filters and full text', async (t) => {
    let r = await s.ok('datastore_search', { resource_id: rid, q: 'круглосуточно' }, null);
    t.same(r.records.map((x: any) => x.id).sort(), ['22', '33']);
    t.ok(
      r.fields.some((f: any) => f.id === 'rank'),
      'q adds a rank field',
    );
    t.type(r.records[0].rank, 'number');
    r = await s.ok('datastore_search', { resource_id: rid, q: { name: 'Гиппократ' } }, null);
    t.same(
      r.records.map((x: any) => x.id),
      ['11'],
    );
    t.ok(r.records[0]['rank name'] !== undefined);
    const viaGet = await s.call(
      'datastore_search',
      { resource_id: rid, filters: JSON.stringify({ id: ['11', '33'] }), fields: 'id,name' },
      { get: true, token: null },
    );
    t.equal(viaGet.status, 200);
    t.same(viaGet.body.result.records, [
      { id: '11', name: 'Гиппократ+' },
      { id: '33', name: 'Дәрі (xlsx)' },
    ]);
  });

  t.test('dumps', async (t) => {
    const geo = await get(s, `/datastore/dump/${rid}?format=geojson`);
    t.equal(geo.status, 200);
    t.match(geo.type, 'application/geo+json');
    const fc = JSON.parse(geo.text.toString());
    t.equal(fc.type, 'FeatureCollection');
    t.equal(fc.features.length, 3);
    t.same(fc.features[0].geometry, { type: 'Point', coordinates: [71.428171, 51.117469] });
    t.equal(fc.features[0].properties.name, 'Гиппократ+');

    const csv = (await get(s, `/datastore/dump/${rid}?format=csv`)).text.toString();
    t.match(csv.split('\r\n')[0], '_id,id,name,region,geoposition,address,schedule,expireDate');
    t.equal(csv.trim().split('\r\n').length, 4);
    const json = JSON.parse((await get(s, `/datastore/dump/${rid}?format=json`)).text.toString());
    t.same(json.meta, pharmacies);
    t.equal(json.data.length, 3);
    t.equal(json.data[0].expireDate, '2026-12-31T00:00:00');
    const again = await upload(s, rid, 'again.json', JSON.stringify(json), {}, editor.token);
    t.equal(again.status, 200, 'a JSON dump loads back');
    const xml = (await get(s, `/datastore/dump/${rid}?format=xml`)).text.toString();
    t.match(xml, /<record>.*<id>33<\/id>/s);
    t.equal((await upload(s, rid, 'again.xml', xml, {}, editor.token)).status, 200, 'an XML dump loads back');
    const tsv = (await get(s, `/datastore/dump/${rid}?format=tsv`)).text.toString();
    t.equal(tsv.split('\n')[0], '_id\tid\tname\tregion\tgeoposition\taddress\tschedule\texpireDate');
    const x = await get(s, `/datastore/dump/${rid}?format=xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.text as never);
    t.equal(wb.worksheets[0].rowCount, 4);
    t.equal((await get(s, `/datastore/dump/${rid}?format=pdf`)).status, 409);
  });

  t.test('a second dataset references the first through datapath', async (t) => {
    const { rid: shiftRid } = await dataset(s, 'pharmacy-shifts', kk('Дежурства'));
    await s.ok('descriptor_update', { resource_id: shiftRid, descriptor: shifts }, editor.token);
    const good = [
      { shiftId: 1, pharmacy: '11', backups: [{ pharmacy: '22', priority: 1 }] },
      { shiftId: 2, pharmacy: '33', backups: [] },
    ];
    const ok = await upload(s, shiftRid, 'shifts.json', JSON.stringify({ data: good }), {}, editor.token);
    t.equal(ok.status, 200, JSON.stringify(ok.body));
    const bad = [
      { shiftId: 3, pharmacy: '22' },
      { shiftId: 4, pharmacy: '11', backups: [{ pharmacy: '99', priority: 1 }] },
      { shiftId: 5, pharmacy: '77' },
    ];
    const r = await upload(s, shiftRid, 'shifts.json', JSON.stringify({ data: bad }), {}, editor.token);
    t.equal(r.status, 409);
    t.equal(r.body.error.__type, 'Validation Error');
    t.same(
      r.body.error.records_errors.map((e: any) => [e.index, e.path]),
      [
        [1, 'backups[0].pharmacy'],
        [2, 'pharmacy'],
      ],
    );
    t.match(r.body.error.records[0], /record 1: backups\[0\]\.pharmacy: .*99/);
    const after = await s.ok('datastore_search', { resource_id: shiftRid });
    t.equal(after.total, 2, 'the batch with dangling references wrote nothing');
    const viaApi = await s.call(
      'datastore_upsert',
      { resource_id: shiftRid, force: true, records: [{ shiftId: 6, pharmacy: '404' }] },
      { token: editor.token },
    );
    t.equal(viaApi.status, 409, 'datastore_upsert checks references too');
    t.same(viaApi.body.error.records_errors[0], {
      index: 0,
      path: 'pharmacy',
      message: viaApi.body.error.records_errors[0].message,
    });
  });
});
