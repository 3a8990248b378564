// Records in and out: a batch is checked as a whole (through the descriptor when the resource has one,
// else by the CKAN field types) and every problem is reported at once, with record index, field path and
// message; rows read back are turned into JSON values (numerics as numbers, points as "lat,lon").
import { ValidationError } from '../errors.ts';
import type { DB } from '../db/connect.ts';
import { sql } from 'kysely';
import { compileDescriptor, type CompiledDescriptor, type Descriptor, type Problem } from '../descriptor/index.ts';
import { tableForApiUri, type TableInfo } from './catalogue.ts';
import { table } from './store.ts';
import { Bad, checkValue, type FieldSpec } from './types.ts';

export type RecordProblem = Problem;

/** CKAN's Validation Error envelope for record problems: messages, plus the structured list. */
export function recordsError(problems: RecordProblem[]): ValidationError {
  const sorted = [...problems].sort((a, b) => a.index - b.index);
  return new ValidationError({
    records: sorted.map((p) => (p.index >= 0 ? `record ${p.index}: ` : '') + (p.path ? `${p.path}: ` : '') + p.message),
    records_errors: sorted,
    ...(sorted.length && sorted[0].index >= 0 ? { records_row: sorted[0].index } : {}),
  });
}

const compiled = new Map<string, CompiledDescriptor>();

/** Compiling a descriptor builds an ajv validator: done once per distinct descriptor. */
export function compiledFor(descriptor: Descriptor): CompiledDescriptor {
  const key = JSON.stringify(descriptor);
  let c = compiled.get(key);
  if (!c) {
    if (compiled.size > 200) compiled.clear();
    c = compileDescriptor(descriptor);
    compiled.set(key, c);
  }
  return c;
}

/** Keys of the DataStore table behind `apiUri` among `values` (datapath references). */
export function keyResolver(db: DB) {
  return async (apiUri: string, field: string, values: unknown[]): Promise<Set<unknown>> => {
    const target = await tableForApiUri(db, apiUri);
    if (!target || !target.fields.some((f) => f.id === field)) return new Set();
    const r = await sql<{
      k: string;
    }>`SELECT ${sql.id(field)}::text AS k FROM ${table(target.resource_id)} WHERE ${sql.id(field)}::text = ANY(${values.map(String)}::text[])`.execute(
      db,
    );
    return new Set(r.rows.map((x) => x.k));
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Checks and converts a batch to column input values; throws the Validation Error listing every problem. */
export async function prepareRecords(
  db: DB,
  t: Pick<TableInfo, 'fields' | 'descriptor'>,
  records: unknown[],
  opts: { allowId?: boolean } = {},
): Promise<Record<string, unknown>[]> {
  const problems: RecordProblem[] = [];
  const types = new Map(t.fields.map((f) => [f.id, f.type]));
  let input = records;
  if (t.descriptor) {
    // The descriptor knows nothing of _id: keep it aside for update-by-_id.
    const ids = records.map((r) => (isRecord(r) && '_id' in r ? r._id : undefined));
    input = records.map((r) => {
      if (!isRecord(r) || !('_id' in r)) return r;
      const { _id, ...rest } = r;
      void _id;
      return rest;
    });
    const result = await compiledFor(t.descriptor).validateBatch(input, { resolveKeys: keyResolver(db) });
    if (!result.ok) throw recordsError(result.errors);
    input = result.records.map((r, i) => (ids[i] !== undefined ? { ...r, _id: ids[i] } : r));
  }
  const out: Record<string, unknown>[] = [];
  input.forEach((r, index) => {
    if (!isRecord(r)) {
      problems.push({ index, path: '', message: 'a record must be an object' });
      return;
    }
    const row: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r)) {
      if (k === '_id' && opts.allowId !== false) {
        const c = checkValue('int4', v);
        if (c instanceof Bad) problems.push({ index, path: k, message: c.message });
        else row._id = c;
        continue;
      }
      const type = types.get(k);
      if (!type) {
        problems.push({ index, path: k, message: 'is not a field of the table' });
        continue;
      }
      // Nested descriptor values (Object, List) are stored whole in a json column.
      const c = checkValue(type, v);
      if (c instanceof Bad) problems.push({ index, path: k, message: c.message });
      else row[k] = c;
    }
    out.push(row);
  });
  if (problems.length) throw recordsError(problems);
  return out;
}

const pad = (n: number) => String(n).padStart(2, '0');
const dateText = (d: Date, withTime: boolean) =>
  `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}${withTime ? `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}` : ''}`;

/** A value read from a column, as the API shows it. */
export function outputValue(type: string, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (type.startsWith('_') && Array.isArray(v)) return v.map((x) => outputValue(type.slice(1), x));
  switch (type) {
    case 'numeric':
    case 'float4':
    case 'float8':
    case 'int8':
    case 'int4':
    case 'int2':
      return typeof v === 'string' ? Number(v) : v;
    case 'point': {
      if (typeof v === 'object' && 'x' in (v as object)) {
        const p = v as { x: number; y: number };
        return `${p.y},${p.x}`;
      }
      const m = /^\(([^,]+),([^)]+)\)$/.exec(String(v));
      return m ? `${Number(m[2])},${Number(m[1])}` : v;
    }
    case 'timestamp':
      return v instanceof Date ? dateText(v, true) : v;
    case 'date':
      return v instanceof Date ? dateText(v, false) : v;
    default:
      return v;
  }
}

export function outputRecord(fields: FieldSpec[], row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) out[f.id] = outputValue(f.type, row[f.id]);
  return out;
}
