// One entry point for uploads: picks the reader by format. JSON and XML may carry their own meta; CSV and
// XLSX are read with the dataset's descriptor.
import { UploadError } from '../errors.ts';
import type { Descriptor, Upload } from '../types.ts';
import { parseCsv } from './csv.ts';
import { parseJson } from './json.ts';
import { parseXlsx } from './xlsx.ts';
import { parseXml } from './xml.ts';

export type UploadFormat = 'json' | 'xml' | 'csv' | 'xlsx';

/** The format from a file name or media type; undefined when neither says. */
export function formatOf(nameOrType: string | undefined): UploadFormat | undefined {
  const s = (nameOrType ?? '').toLowerCase();
  if (/\.json$|[/+]json\b/.test(s)) return 'json';
  if (/\.xml$|[/+]xml\b/.test(s) && !s.includes('spreadsheetml')) return 'xml';
  if (/\.csv$|text\/csv/.test(s)) return 'csv';
  if (/\.xlsx$|spreadsheetml\.sheet/.test(s)) return 'xlsx';
  return undefined;
}

/** Bytes -> {meta, data}. `descriptor` is the dataset's (required for CSV/XLSX; for JSON/XML it reads data when the document has no meta). */
export async function parseUpload(bytes: Uint8Array, format: UploadFormat, descriptor?: Descriptor): Promise<Upload> {
  const need = () => {
    if (!descriptor)
      throw new UploadError([
        { index: -1, path: '', message: `a ${format.toUpperCase()} upload needs the dataset's descriptor` },
      ]);
    return descriptor;
  };
  switch (format) {
    case 'json':
      return parseJson(bytes);
    case 'xml':
      return parseXml(bytes, descriptor);
    case 'csv':
      return parseCsv(bytes, need());
    case 'xlsx':
      return parseXlsx(bytes, need());
  }
}
