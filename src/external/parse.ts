// A provider's answer -> records, with the descriptor's readers (src/descriptor/formats): the Kazakh
// `{meta, data}` JSON, a plain JSON document whose records sit at a dotted path (`result.records`; empty:
// the document is the list), CSV, XLSX and Pasport's XML form. A problem of the document itself (not
// JSON, no list at the path, an unreadable sheet) comes back as problems, like a bad record.
import {
  parseCsv,
  parseJson,
  parseXlsx,
  parseXml,
  UploadError,
  type Descriptor,
  type Problem,
} from '../descriptor/index.ts';

export type ExternalFormat = 'kz-json' | 'json' | 'csv' | 'xlsx' | 'xml';
export const EXTERNAL_FORMATS: ExternalFormat[] = ['kz-json', 'json', 'csv', 'xlsx', 'xml'];

export interface Parsed {
  records: unknown[];
  /** The meta a `{meta, data}` document carried (used when the resource has no descriptor yet). */
  meta?: Descriptor;
  problems: Problem[];
}

const docProblem = (message: string): Parsed => ({ records: [], problems: [{ index: -1, path: '', message }] });

function atPath(doc: unknown, path: string | null): unknown {
  let v = doc;
  for (const k of (path ?? '').split('.').filter(Boolean)) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

export async function parseExternal(
  bytes: Uint8Array,
  format: ExternalFormat,
  descriptor: Descriptor | undefined,
  recordsPath: string | null,
): Promise<Parsed> {
  try {
    if (format === 'kz-json') {
      const u = parseJson(bytes);
      return { records: u.data, meta: u.meta, problems: [] };
    }
    if (format === 'json') {
      let doc: unknown;
      try {
        doc = JSON.parse(new TextDecoder().decode(bytes).replace(/^\uFEFF/, ''));
      } catch (e) {
        return docProblem(`not valid JSON: ${(e as Error).message}`);
      }
      const list = atPath(doc, recordsPath);
      if (!Array.isArray(list))
        return docProblem(
          recordsPath
            ? `no list of records at "${recordsPath}"`
            : 'the document is not a list of records (set records_path)',
        );
      return { records: list, problems: [] };
    }
    if (format === 'xml') {
      const u = parseXml(bytes, descriptor);
      return { records: u.data, meta: u.meta, problems: [] };
    }
    if (!descriptor)
      return docProblem(`a ${format.toUpperCase()} source needs the resource's descriptor (descriptor_update)`);
    const u = format === 'csv' ? parseCsv(bytes, descriptor) : await parseXlsx(bytes, descriptor);
    return { records: u.data, problems: [] };
  } catch (e) {
    if (e instanceof UploadError) return { records: [], problems: e.problems };
    throw e;
  }
}
