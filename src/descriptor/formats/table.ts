// How a descriptor becomes spreadsheet columns (CSV, XLSX), and back.
//
// - Scalars are one column each. Object fields are flattened into dotted columns (`schedule.open`),
//   recursively. A List (of anything) is one column holding JSON (`["Mon","Tue"]`, `[{"pharmacy":"11"}]`).
//   An upload may also give a whole Object as one JSON column named by the object (`schedule`).
// - A header is `Label [path]` (what templates write: the label in the chosen language, the field path
//   in brackets, so the template round-trips in any language), or the bare path, or a label in any language
//   the descriptor has (nested: `Parent label / Child label`), compared case-insensitively.
// - Empty cells are no value. Blank rows are skipped; `lines` keep each record's source row number.
import { UploadError } from '../errors.ts';
import { labelKey } from '../languages.ts';
import type { DataRecord, Descriptor, FieldDef, FieldMap, Problem, Upload } from '../types.ts';

export interface Column {
  path: string;
  /** Path segments, for setting the value in a record. */
  segments: string[];
  /** `json`: the cell holds a JSON list or object. */
  kind: 'value' | 'json';
  def: FieldDef;
  /** Labels along the path, by label key (labelKk, labelRu, ...). */
  labels: Record<string, string>[];
}

/** The columns a template has, in descriptor order. */
export function templateColumns(descriptor: Descriptor): Column[] {
  const out: Column[] = [];
  const walk = (fields: FieldMap, segments: string[], labels: Record<string, string>[]) => {
    for (const [name, def] of Object.entries(fields)) {
      const segs = [...segments, name];
      const labs = [...labels, labelsOf(def)];
      if (def.type === 'Object' && def.fields) walk(def.fields, segs, labs);
      else
        out.push({
          path: segs.join('.'),
          segments: segs,
          kind: def.type === 'List' ? 'json' : 'value',
          def,
          labels: labs,
        });
    }
  };
  walk(descriptor.fields, [], []);
  return out;
}

// Every column an upload may use: the template's plus whole objects as JSON.
function acceptedColumns(descriptor: Descriptor): Column[] {
  const out = templateColumns(descriptor);
  const walk = (fields: FieldMap, segments: string[], labels: Record<string, string>[]) => {
    for (const [name, def] of Object.entries(fields)) {
      if (def.type !== 'Object' || !def.fields) continue;
      const segs = [...segments, name];
      const labs = [...labels, labelsOf(def)];
      out.push({ path: segs.join('.'), segments: segs, kind: 'json', def, labels: labs });
      walk(def.fields, segs, labs);
    }
  };
  walk(descriptor.fields, [], []);
  return out;
}

function labelsOf(def: FieldDef): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(def))
    if (k.startsWith('label') && typeof v === 'string' && v.trim()) out[k] = v.trim();
  return out;
}

/** The template header of a column in a language: `Название [name]`; the bare path when there is no label. */
export function columnHeader(column: Column, lang: string): string {
  const key = labelKey(lang);
  const parts = column.labels.map((l, i) => l[key] ?? column.segments[i]);
  const label = parts.join(' / ');
  return label === column.path ? column.path : `${label} [${column.path}]`;
}

const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();
const BRACKET = /\[([^\[\]]+)\]\s*$/;

/** Maps header cells to columns; every unknown, ambiguous or repeated header is a problem. */
export function resolveHeaders(
  headers: readonly string[],
  descriptor: Descriptor,
): { columns: (Column | null)[]; problems: Problem[] } {
  const accepted = acceptedColumns(descriptor);
  const byPath = new Map(accepted.map((c) => [c.path, c]));
  const byLabel = new Map<string, Column | 'ambiguous'>();
  for (const c of accepted) {
    const langs = new Set(c.labels.flatMap((l) => Object.keys(l)));
    for (const key of langs) {
      const label = norm(c.labels.map((l, i) => l[key] ?? c.segments[i]).join(' / '));
      const seen = byLabel.get(label);
      byLabel.set(label, seen && seen !== c ? 'ambiguous' : c);
    }
  }
  const problems: Problem[] = [];
  const used = new Map<string, number>();
  const columns = headers.map((raw, i): Column | null => {
    const h = String(raw ?? '').trim();
    if (!h) return null; // an unnamed column: ignored, as long as its cells are empty (checked per row)
    const m = BRACKET.exec(h);
    let c: Column | 'ambiguous' | undefined = m ? byPath.get(m[1].trim()) : (byPath.get(h) ?? byLabel.get(norm(h)));
    if (c === 'ambiguous') {
      problems.push({
        index: -1,
        path: h,
        message: `column ${i + 1}: the label names more than one field; use the field name`,
      });
      return null;
    }
    if (!c) {
      problems.push({ index: -1, path: h, message: `column ${i + 1}: not a field of the descriptor` });
      return null;
    }
    const prev = used.get(c.path);
    if (prev !== undefined)
      problems.push({ index: -1, path: c.path, message: `column ${i + 1} repeats column ${prev + 1}` });
    used.set(c.path, i);
    return c;
  });
  // A whole-object JSON column and its flattened columns would both set the same values.
  for (const c of columns) {
    if (c?.kind === 'json' && c.def.type === 'Object') {
      for (const p of used.keys())
        if (p.startsWith(`${c.path}.`))
          problems.push({ index: -1, path: p, message: `both ${c.path} and ${p} are columns` });
    }
  }
  return { columns, problems };
}

/** One row's cells as a record: `problems` gets bad JSON cells, with `index` the record's position. */
export function rowToRecord(
  cells: readonly unknown[],
  columns: readonly (Column | null)[],
  index: number,
  problems: Problem[],
): DataRecord {
  const record: DataRecord = {};
  for (let i = 0; i < cells.length; i++) {
    let v = cells[i];
    if (v === undefined || v === null || v === '') continue;
    const c = columns[i];
    if (!c) {
      problems.push({ index, path: `column ${i + 1}`, message: 'a value in a column without a known header' });
      continue;
    }
    if (c.kind === 'json') {
      if (typeof v !== 'string') {
        problems.push({ index, path: c.path, message: 'expected JSON text' });
        continue;
      }
      try {
        v = JSON.parse(v);
      } catch {
        problems.push({ index, path: c.path, message: 'not valid JSON' });
        continue;
      }
    }
    let target = record;
    for (let s = 0; s < c.segments.length - 1; s++) {
      const seg = c.segments[s];
      const next = target[seg];
      target = (next !== null && typeof next === 'object' ? next : (target[seg] = {})) as DataRecord;
    }
    target[c.segments[c.segments.length - 1]] = v;
  }
  return record;
}

/** The template cells of a (normalised) record: text for scalars, JSON for lists. */
export function recordToCells(record: DataRecord, columns: readonly Column[]): (string | number | boolean | null)[] {
  return columns.map((c) => {
    let v: unknown = record;
    for (const seg of c.segments) v = v !== null && typeof v === 'object' ? (v as DataRecord)[seg] : undefined;
    if (v === undefined || v === null) return null;
    if (c.kind === 'json') return JSON.stringify(v);
    return v as string | number | boolean;
  });
}

export const isBlankRow = (cells: readonly unknown[]) =>
  cells.every((v) => v === undefined || v === null || (typeof v === 'string' && v.trim() === ''));

/** Parsed rows plus, per record, its 1-based line (CSV) or row number (XLSX) in the file. */
export type TableUpload = Upload & { lines: number[] };

/** Shared by CSV and XLSX: the first row is the header. */
export function tableToUpload(rows: unknown[][], lines: number[], descriptor: Descriptor): TableUpload {
  if (!rows.length) throw new UploadError([{ index: -1, path: '', message: 'the file has no header row' }]);
  const { columns, problems } = resolveHeaders(
    rows[0].map((h) => (h == null ? '' : String(h))),
    descriptor,
  );
  if (problems.length) throw new UploadError(problems);
  const data: DataRecord[] = [];
  const recordLines: number[] = [];
  const cellProblems: Problem[] = [];
  for (let r = 1; r < rows.length; r++) {
    if (isBlankRow(rows[r])) continue;
    data.push(rowToRecord(rows[r], columns, data.length, cellProblems));
    recordLines.push(lines[r]);
  }
  if (cellProblems.length) throw new UploadError(cellProblems);
  return { meta: descriptor, data, lines: recordLines };
}
