// Where a table's fields come from: CKAN's `fields` [{id, type, info}], a descriptor (its top-level fields
// as columns), or — with records only — a guess from the first records, as CKAN does.
import { ValidationError } from '../errors.ts';
import { checkDescriptor, columnsFor, pkeyOf, type Descriptor } from '../descriptor/index.ts';
import { canonicalType, type FieldSpec } from './types.ts';

const FIELD_ID = /^[^_"\s\u0000][^"\u0000]{0,62}$/;

/** Checks CKAN `fields`; every problem in one 409 {"fields": [...]}. */
export function fieldsFromInput(raw: unknown): FieldSpec[] {
  if (!Array.isArray(raw)) throw ValidationError.field('fields', 'Must be a list');
  const problems: string[] = [];
  const seen = new Set<string>();
  const out: FieldSpec[] = [];
  raw.forEach((f, i) => {
    if (!f || typeof f !== 'object' || Array.isArray(f))
      return void problems.push(`field ${i}: must be a dictionary {id, type, info}`);
    const { id, type, info } = f as Record<string, unknown>;
    if (typeof id !== 'string' || !FIELD_ID.test(id) || /\s$/.test(id))
      return void problems.push(
        `field ${i}: "${String(id)}" is not a valid field name (no leading "_", no double quote, at most 63 characters)`,
      );
    if (seen.has(id)) return void problems.push(`field ${i}: "${id}" is repeated`);
    seen.add(id);
    const t = type === undefined ? 'text' : typeof type === 'string' ? canonicalType(type) : undefined;
    if (!t) return void problems.push(`field "${id}": type "${String(type)}" is not a DataStore type`);
    if (info !== undefined && (info === null || typeof info !== 'object' || Array.isArray(info)))
      return void problems.push(`field "${id}": info must be a dictionary`);
    out.push({ id, type: t, ...(info ? { info: info as Record<string, unknown> } : {}) });
  });
  if (problems.length) throw new ValidationError({ fields: problems });
  return out;
}

/** A descriptor as sent (object or JSON text), checked; problems as {"descriptor": [...], "descriptor_errors": [...]}. */
/** `required`: languages whose names and descriptions are mandatory (PASPORT_REQUIRED_LANGUAGES). */
export function checkedDescriptor(
  raw: unknown,
  languages: readonly string[],
  required?: readonly string[],
): Descriptor {
  let d = raw;
  if (typeof raw === 'string') {
    try {
      d = JSON.parse(raw);
    } catch {
      throw ValidationError.field('descriptor', 'Could not parse as valid JSON');
    }
  }
  // A whole document {meta, data} is accepted for its meta.
  if (d && typeof d === 'object' && !Array.isArray(d) && 'meta' in d && !('fields' in d))
    d = (d as { meta: unknown }).meta;
  const problems = checkDescriptor(d, languages, required ? { requiredLanguages: required } : {});
  if (problems.length) {
    throw new ValidationError({
      descriptor: problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)),
      descriptor_errors: problems,
    });
  }
  return d as Descriptor;
}

export function fieldsFromDescriptor(d: Descriptor): FieldSpec[] {
  return columnsFor(d).map((c) => ({
    id: c.name,
    type: c.ckanType,
    info: {
      ...c.labels,
      descriptor_type: c.type,
      ...(c.pkey ? { pkey: true } : {}),
      ...(c.datapath ? { datapath: c.datapath } : {}),
    },
  }));
}

export function descriptorKey(d: Descriptor): string[] {
  const k = pkeyOf(d);
  return k ? [k] : [];
}

const ISO_TS = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/;

/** CKAN's type guess for datastore_create without fields: from the first records. */
export function guessFields(records: unknown[]): FieldSpec[] {
  const types = new Map<string, string>();
  for (const r of records.slice(0, 100)) {
    if (!r || typeof r !== 'object' || Array.isArray(r)) continue;
    for (const [k, v] of Object.entries(r)) {
      if (k === '_id' || v === null || v === undefined) {
        if (!types.has(k) && k !== '_id') types.set(k, '');
        continue;
      }
      const t =
        typeof v === 'number'
          ? Number.isInteger(v)
            ? 'int4'
            : 'float8'
          : typeof v === 'boolean'
            ? 'bool'
            : typeof v === 'object'
              ? 'json'
              : typeof v === 'string' && ISO_TS.test(v)
                ? 'timestamp'
                : 'text';
      const prev = types.get(k);
      if (!prev) types.set(k, t);
      else if (prev !== t)
        types.set(
          k,
          prev === 'int4' && t === 'float8' ? 'float8' : prev === 'float8' && t === 'int4' ? 'float8' : 'text',
        );
    }
  }
  return [...types].map(([id, type]) => ({ id, type: type || 'text' }));
}

/** A list or comma-separated string of field names, each a field of the table. */
export function namesOf(param: string, raw: unknown, fields: FieldSpec[]): string[] {
  if (raw === undefined || raw === null || raw === '') return [];
  const items = Array.isArray(raw) ? raw : String(raw).split(',');
  const names = items.map((x) => String(x).trim()).filter(Boolean);
  const known = new Set(fields.map((f) => f.id));
  const bad = names.filter((n) => !known.has(n));
  if (bad.length) throw ValidationError.field(param, ...bad.map((n) => `field "${n}" not in table`));
  return names;
}
