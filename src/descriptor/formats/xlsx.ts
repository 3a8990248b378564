// XLSX uploads and templates: the sheet named `data` (else the first sheet) holds the same table as a CSV
// (table.ts). Templates add a `fields` sheet describing every column. Text-like columns are formatted as
// text (`@`) so a spreadsheet keeps "11" or "51.117469,71.428171" as typed; a date cell Excel made anyway
// arrives as a Date and validates like DD.MM.YYYY.
import type ExcelJS from 'exceljs';
import { loadExcel } from '../../lazy.ts';
import { labelKey } from '../languages.ts';
import type { DataRecord, Descriptor } from '../types.ts';
import { UploadError } from '../errors.ts';
import { columnHeader, recordToCells, tableToUpload, templateColumns, type TableUpload } from './table.ts';

export const DATA_SHEET = 'data';
export const FIELDS_SHEET = 'fields';

// Formula, rich-text and hyperlink cells carry their value inside an object.
function cellValue(v: ExcelJS.CellValue): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'object' || v instanceof Date) return v;
  if ('richText' in v) return v.richText.map((r) => r.text).join('');
  if ('formula' in v || 'sharedFormula' in v)
    return cellValue((v as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
  if ('hyperlink' in v) return v.text;
  if ('error' in v) return null;
  return null;
}

export async function parseXlsx(input: Uint8Array | ArrayBuffer, descriptor: Descriptor): Promise<TableUpload> {
  const wb = new (await loadExcel()).Workbook();
  try {
    await wb.xlsx.load(input as never);
  } catch (e) {
    throw new UploadError([{ index: -1, path: '', message: `not a readable XLSX file: ${(e as Error).message}` }]);
  }
  const ws = wb.getWorksheet(DATA_SHEET) ?? wb.worksheets[0];
  const rows: unknown[][] = [];
  const lines: number[] = [];
  ws?.eachRow({ includeEmpty: false }, (row, n) => {
    const cells: unknown[] = [];
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      cells[col - 1] = cellValue(cell.value);
    });
    rows.push(cells);
    lines.push(n);
  });
  return tableToUpload(rows, lines, descriptor);
}

/** A fill-in template (headers `Label [path]` in `lang`), with `records` if given; resolves to the .xlsx bytes. */
export async function xlsxTemplate(
  descriptor: Descriptor,
  lang: string,
  records: readonly DataRecord[] = [],
  languages: readonly string[] = [lang],
): Promise<Buffer> {
  const columns = templateColumns(descriptor);
  const wb = new (await loadExcel()).Workbook();
  const ws = wb.addWorksheet(DATA_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addRow(columns.map((c) => columnHeader(c, lang)));
  ws.getRow(1).font = { bold: true };
  columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    col.width = Math.min(60, Math.max(12, columnHeader(c, lang).length + 2));
    if (c.kind === 'json' || !['Int', 'Double', 'Boolean'].includes(c.def.type)) col.numFmt = '@';
  });
  for (const r of records) ws.addRow(recordToCells(r, columns));

  const doc = wb.addWorksheet(FIELDS_SHEET);
  doc.addRow(['path', 'type', ...languages.map(labelKey), 'pkey', 'datapath', 'cell']);
  doc.getRow(1).font = { bold: true };
  for (const c of columns) {
    const def = c.def;
    const type = def.type === 'List' ? `List of ${def.elementType}` : def.type;
    const labels = languages.map((l) => c.labels.map((lab, i) => lab[labelKey(l)] ?? c.segments[i]).join(' / '));
    doc.addRow([c.path, type, ...labels, def.pkey ? 'true' : '', def.datapath ?? '', cellHint(def.type)]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function cellHint(type: string): string {
  switch (type) {
    case 'Date':
      return 'DD.MM.YYYY, DD-MM-YYYY hh:mm or YYYY-MM-DD';
    case 'Geoposition':
      return 'lat,lon e.g. 51.117469,71.428171';
    case 'Boolean':
      return 'true / false';
    case 'List':
      return 'JSON list, e.g. ["a","b"]';
    default:
      return '';
  }
}
