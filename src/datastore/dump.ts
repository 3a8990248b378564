// Dumps of a DataStore table, streamed: rows are read in batches by _id (keyset pagination: bounded memory
// whatever the table size, no long-held cursor) and written as they come. Formats: csv, tsv, json (the
// Kazakh {meta, data} document when the resource has a descriptor, else CKAN's {fields, records}), xml (the
// descriptor's XML form), xlsx (streaming workbook writer) and geojson (points of the first Geoposition /
// point field).
import { PassThrough, Readable } from 'node:stream';
import { loadExcel } from '../lazy.ts';
import { sql } from 'kysely';
import type { DB } from '../db/connect.ts';
import { writeXml, type Descriptor } from '../descriptor/index.ts';
import type { TableInfo } from './catalogue.ts';
import { outputRecord } from './records.ts';
import { table } from './store.ts';
import { SCHEMA } from './names.ts';
import { ValidationError } from '../errors.ts';
import { csvLine, tsvLine } from './text-rows.ts';
import type { FieldSpec } from './types.ts';

export const DUMP_FORMATS = ['csv', 'tsv', 'json', 'xml', 'xlsx', 'geojson'] as const;
export type DumpFormat = (typeof DUMP_FORMATS)[number];

export const DUMP_TYPES: Record<DumpFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  tsv: 'text/tab-separated-values; charset=utf-8',
  json: 'application/json; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  geojson: 'application/geo+json; charset=utf-8',
};

const BATCH = 2000;
const ID: FieldSpec = { id: '_id', type: 'int4' };

/** The table's records in _id order, a batch at a time. */
export async function* batches(db: DB, t: TableInfo): AsyncGenerator<Record<string, unknown>[]> {
  const fields = [ID, ...t.fields];
  const cols = sql.join(
    fields.map((f) => sql.id(f.id)),
    sql`, `,
  );
  let last = 0;
  for (;;) {
    const r = await sql<
      Record<string, unknown>
    >`SELECT ${cols} FROM ${table(t.resource_id)} WHERE _id > ${last} ORDER BY _id LIMIT ${BATCH}`.execute(db);
    if (!r.rows.length) return;
    last = Number(r.rows[r.rows.length - 1]._id);
    yield r.rows.map((row) => outputRecord(fields, row));
    if (r.rows.length < BATCH) return;
  }
}

/** A record as the descriptor's data: no _id, no empty values. */
function dataRecord(r: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) if (k !== '_id' && v !== null) out[k] = v;
  return out;
}

/** The meta written in XML dumps: the descriptor, or one made from the fields. */
function metaFor(t: TableInfo): Descriptor {
  if (t.descriptor) return t.descriptor;
  const type = (f: FieldSpec) =>
    /^int/.test(f.type)
      ? 'Int'
      : /^(float|numeric)/.test(f.type)
        ? 'Double'
        : f.type === 'bool'
          ? 'Boolean'
          : f.type === 'timestamp' || f.type === 'date'
            ? 'Date'
            : f.type === 'point'
              ? 'Geoposition'
              : 'String';
  return {
    apiUri: t.resource_id,
    keywords: [],
    responsible: {},
    fields: Object.fromEntries(t.fields.map((f) => [f.id, { type: type(f) }])),
  } as unknown as Descriptor;
}

async function* textDump(db: DB, t: TableInfo, format: DumpFormat): AsyncGenerator<string> {
  const names = ['_id', ...t.fields.map((f) => f.id)];
  switch (format) {
    case 'csv':
    case 'tsv': {
      const line = format === 'csv' ? csvLine : tsvLine;
      yield line(names);
      for await (const rows of batches(db, t)) yield rows.map((r) => line(names.map((n) => r[n]))).join('');
      return;
    }
    case 'json': {
      let first = true;
      if (t.descriptor) yield `{"meta": ${JSON.stringify(t.descriptor)}, "data": [`;
      else yield `{"fields": ${JSON.stringify([{ id: '_id', type: 'int' }, ...t.fields])}, "records": [`;
      for await (const rows of batches(db, t)) {
        const items = rows.map((r) => JSON.stringify(t.descriptor ? dataRecord(r) : names.map((n) => r[n])));
        yield (first ? '\n' : ',\n') + items.join(',\n');
        first = false;
      }
      yield '\n]}\n';
      return;
    }
    case 'xml': {
      // writeXml is the one serialiser of the XML form: the envelope from an empty document, then the
      // <record> elements of each batch cut from a document holding only that batch.
      const meta = metaFor(t);
      const empty = writeXml(meta, []);
      const at = empty.indexOf('<data>\n') + '<data>\n'.length;
      yield empty.slice(0, at);
      const stub = { fields: {} } as unknown as Descriptor;
      for await (const rows of batches(db, t)) {
        const doc = writeXml(stub, rows.map(dataRecord));
        yield doc.slice(doc.indexOf('<data>\n') + '<data>\n'.length, doc.lastIndexOf('</data>'));
      }
      yield empty.slice(at);
      return;
    }
    case 'geojson': {
      const geo = t.fields.find((f) => f.type === 'point');
      yield '{"type": "FeatureCollection", "features": [';
      let first = true;
      for await (const rows of batches(db, t)) {
        const features: string[] = [];
        for (const r of rows) {
          const p = geo ? r[geo.id] : null;
          let geometry: unknown = null;
          if (typeof p === 'string') {
            const [lat, lon] = p.split(',').map(Number);
            geometry = { type: 'Point', coordinates: [lon, lat] };
          }
          const properties: Record<string, unknown> = { ...r };
          if (geo) delete properties[geo.id];
          features.push(JSON.stringify({ type: 'Feature', id: r._id, geometry, properties }));
        }
        if (features.length) yield (first ? '\n' : ',\n') + features.join(',\n');
        first = false;
      }
      yield '\n]}\n';
      return;
    }
    default:
      throw new Error(`not a text format: ${format}`);
  }
}

function xlsxDump(db: DB, t: TableInfo): Readable {
  const out = new PassThrough();
  const names = ['_id', ...t.fields.map((f) => f.id)];
  (async () => {
    const ExcelJS = await loadExcel();
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
    const ws = wb.addWorksheet('data');
    ws.addRow(names).commit();
    for await (const rows of batches(db, t)) {
      for (const r of rows)
        ws.addRow(names.map((n) => (r[n] !== null && typeof r[n] === 'object' ? JSON.stringify(r[n]) : r[n]))).commit();
    }
    ws.commit();
    await wb.commit();
  })().catch((e) => out.destroy(e as Error));
  return out;
}

/**
 * A dump bounded in bytes (PASPORT_DATASTORE_DUMP_MAX_BYTES): a table whose stored size is already over
 * the bound is refused before anything is sent, with a CKAN error (dumpRefusal); a dump that still grows
 * past it (text is larger than its storage) is cut off there, the connection closed mid-body so that no
 * client mistakes it for the whole table.
 */
export async function dumpRefusal(db: DB, t: TableInfo, maxBytes: number): Promise<ValidationError | null> {
  const r = await sql<{
    n: string;
  }>`SELECT pg_table_size(${`${SCHEMA}."${t.resource_id}"`}::regclass)::text AS n`.execute(db);
  const size = Number(r.rows[0]?.n ?? 0);
  if (size <= maxBytes) return null;
  return ValidationError.field(
    'id',
    `The table holds ${size} bytes, more than a dump may carry (${maxBytes} bytes, the server's bound): page through it with datastore_search`,
  );
}

async function* bounded(chunks: AsyncIterable<string>, maxBytes: number): AsyncGenerator<string> {
  let bytes = 0;
  for await (const c of chunks) {
    bytes += Buffer.byteLength(c);
    if (bytes > maxBytes) throw new Error(`dump over ${maxBytes} bytes`);
    yield c;
  }
}

export function dumpStream(db: DB, t: TableInfo, format: DumpFormat, maxBytes = Infinity): Readable {
  if (format === 'xlsx') return xlsxDump(db, t);
  return Readable.from(bounded(textDump(db, t, format), maxBytes));
}
