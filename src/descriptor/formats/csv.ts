// CSV uploads and templates (columns: see table.ts). A CSV has no meta: the dataset's descriptor says what
// the columns are. Text is UTF-8 (a BOM is dropped); the delimiter is sniffed (`,`, `;` or tab) unless given.
import { UploadError } from '../errors.ts';
import type { DataRecord, Descriptor } from '../types.ts';
import { columnHeader, recordToCells, tableToUpload, templateColumns, type TableUpload } from './table.ts';
import { CsvSyntaxError, csvLine, readCsv, sniffDelimiter } from './csv-parser.ts';

export interface CsvOptions {
  delimiter?: string;
}

export type { TableUpload };

export function parseCsv(input: string | Uint8Array, descriptor: Descriptor, options: CsvOptions = {}): TableUpload {
  let text = typeof input === 'string' ? input : new TextDecoder('utf-8', { fatal: false }).decode(input);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let rows: string[][];
  let lines: number[];
  try {
    ({ rows, lines } = readCsv(text, options.delimiter ?? sniffDelimiter(text)));
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw new UploadError([{ index: -1, path: '', message: e.message }]);
    throw e;
  }
  return tableToUpload(rows, lines, descriptor);
}

/**
 * A fill-in template: a header row in `lang` (`Label [path]`), then `records` if given (a download).
 * Starts with a BOM so spreadsheet programs read UTF-8.
 */
export function csvTemplate(
  descriptor: Descriptor,
  lang: string,
  records: readonly DataRecord[] = [],
  options: CsvOptions = {},
): string {
  const d = options.delimiter ?? ',';
  const columns = templateColumns(descriptor);
  let out =
    '\uFEFF' +
    csvLine(
      columns.map((c) => columnHeader(c, lang)),
      d,
    );
  for (const r of records)
    out += csvLine(
      recordToCells(r, columns).map((v) => (v === null ? '' : String(v))),
      d,
    );
  return out;
}
