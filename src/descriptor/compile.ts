// Compiles a descriptor ONCE into a record validator + normaliser. The descriptor becomes a JSON Schema for
// its records, whose leaves are a `pasportValue` keyword that checks and normalises one value in place; ajv
// turns that schema into straight-line code. Cross-record rules (unique pkey, datapath references) run after.
import { newAjv, type Ajv } from './ajv.ts';
import { joinPath, pointerToPath } from './paths.ts';
import { Invalid, normaliserFor, type Normaliser } from './values.ts';
import type { DataRecord, Descriptor, ElementSpec, FieldDef, FieldMap, Problem, ScalarType } from './types.ts';

export interface CompileOptions {
  /** Longest String/Address value unless the field sets `maxLength` (Text has no default limit). Default 10,000. */
  stringMaxLength?: number;
}

/** Keys of the referenced dataset that exist, among `values` (compared as given and as strings). */
export type ResolveKeys = (apiUri: string, field: string, values: unknown[]) => Promise<Set<unknown>> | Set<unknown>;

export interface BatchOptions {
  /** Checks `datapath` references. Required when the descriptor has any, unless `skipReferences`. */
  resolveKeys?: ResolveKeys;
  skipReferences?: boolean;
  /** Keys already stored in this dataset; a record whose pkey is among them is reported (insert, not upsert). */
  existingKeys?: (values: unknown[]) => Promise<Set<unknown>> | Set<unknown>;
  /** Stop collecting after this many problems (default: report every one). */
  maxErrors?: number;
}

export type BatchResult = { ok: true; records: DataRecord[] } | { ok: false; errors: Problem[] };

/** A datapath reference: the field (pattern, like `branches[].pharmacy`) and what it points to. */
export interface Reference {
  path: string;
  apiUri: string;
  field: string;
}

export interface CompiledDescriptor {
  readonly descriptor: Descriptor;
  /** The pkey field's name, if the descriptor has one. */
  readonly pkey: string | undefined;
  readonly references: readonly Reference[];
  /**
   * Validates and normalises a batch. Records are normalised IN PLACE (the input is consumed); on any
   * problem no records are returned, only every problem found.
   */
  validateBatch(records: readonly unknown[], options?: BatchOptions): Promise<BatchResult>;
  /** The per-record checks only (no pkey uniqueness, no references); normalises in place. */
  validateRecord(record: unknown, index?: number): Problem[];
}

interface ValueSpec {
  type: ScalarType;
  maxLength?: number;
  /** The pkey: must not be empty. */
  key?: boolean;
  /** A list element: must not be null. */
  item?: boolean;
}

type Schema = Record<string, unknown>;
type ValidateFn = ((data: unknown) => boolean) & { errors?: AjvError[] | null };
interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}
interface DataCxt {
  parentData: Record<string | number, unknown>;
  parentDataProperty: string | number;
}

function addValueKeyword(ajv: Ajv, opts: Required<CompileOptions>): void {
  ajv.addKeyword({
    keyword: 'pasportValue',
    schemaType: 'object',
    modifying: true,
    errors: true,
    compile(spec: ValueSpec) {
      const normalise: Normaliser | undefined = normaliserFor(spec.type, {
        maxLength: spec.maxLength,
        stringMaxLength: opts.stringMaxLength,
      });
      // compileDescriptor expects a descriptor that passed checkDescriptor.
      if (!normalise) throw new Error(`unknown field type ${String(spec.type)}`);
      const emptyIsNull = spec.type !== 'String' && spec.type !== 'Address' && spec.type !== 'Text';
      const mustHave = spec.key ? 'the key must not be empty' : spec.item ? 'a list element must not be empty' : '';
      const fn = (data: unknown, cxt?: DataCxt): boolean => {
        if (data === null || (data === '' && (emptyIsNull || spec.key))) {
          if (mustHave) return fail(mustHave);
          if (data === '' && cxt) cxt.parentData[cxt.parentDataProperty] = null;
          return true;
        }
        const v = normalise(data);
        if (v instanceof Invalid) return fail(v.message);
        if (v !== data && cxt) cxt.parentData[cxt.parentDataProperty] = v;
        return true;
      };
      const fail = (message: string) => {
        (fn as ValidateFn).errors = [
          { instancePath: undefined as unknown as string, keyword: 'pasportValue', message, params: {} },
        ];
        return false;
      };
      return fn as never;
    },
  });
}

function scalarSchema(def: { type: ScalarType; maxLength?: number }, extra: Partial<ValueSpec> = {}): Schema {
  const spec: ValueSpec = { type: def.type, ...extra };
  if (def.maxLength !== undefined) spec.maxLength = def.maxLength;
  return { pasportValue: spec };
}

function objectSchema(fields: FieldMap, nullable: boolean, required: string[] = []): Schema {
  const properties: Record<string, Schema> = {};
  for (const [name, def] of Object.entries(fields))
    properties[name] = fieldSchema(def, def.pkey && required.includes(name));
  return {
    type: nullable ? ['object', 'null'] : 'object',
    properties,
    additionalProperties: false,
    ...(required.length ? { required } : {}),
  };
}

function fieldSchema(def: FieldDef, isKey = false): Schema {
  if (def.type === 'Object') return objectSchema(def.fields ?? {}, true);
  if (def.type === 'List')
    return {
      type: ['array', 'null'],
      items: elementSchema({
        elementType: def.elementType!,
        fields: def.fields,
        element: def.element,
        maxLength: def.maxLength,
      }),
    };
  return scalarSchema(def as { type: ScalarType; maxLength?: number }, isKey ? { key: true } : {});
}

function elementSchema(spec: ElementSpec): Schema {
  const t = spec.elementType;
  if (t === 'Object') return objectSchema(spec.fields ?? {}, false);
  if (t === 'List') return spec.element ? { type: 'array', items: elementSchema(spec.element) } : { type: 'array' };
  return scalarSchema({ type: t, maxLength: spec.maxLength }, { item: true });
}

/** The JSON Schema the records of a descriptor are checked against (with the `pasportValue` keyword). */
export function recordSchema(descriptor: Descriptor): Schema {
  const pkey = pkeyOf(descriptor);
  return objectSchema(descriptor.fields, false, pkey ? [pkey] : []);
}

export function pkeyOf(descriptor: Descriptor): string | undefined {
  for (const [name, def] of Object.entries(descriptor.fields)) if (def.pkey === true) return name;
  return undefined;
}

/** Splits `<apiUri>.<field>` at the last dot (an apiUri may itself contain dots). */
export function parseDatapath(datapath: string): { apiUri: string; field: string } {
  const i = datapath.lastIndexOf('.');
  return { apiUri: datapath.slice(0, i), field: datapath.slice(i + 1) };
}

// A walker per reference, built from the descriptor, yields (value, path) for every referencing value.
type Visit = (value: unknown, path: string) => void;
type Walker = (data: unknown, path: string, visit: Visit) => void;

function referenceWalkers(fields: FieldMap, base: string, out: { ref: Reference; walk: Walker }[]): void {
  for (const [name, def] of Object.entries(fields)) {
    const here = joinPath(base, name);
    const get = (data: unknown) =>
      data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as DataRecord)[name] : undefined;
    if (def.datapath) {
      const ref = { ...parseDatapath(def.datapath), path: def.type === 'List' ? `${here}[]` : here };
      const walk: Walker =
        def.type === 'List'
          ? (data, path, visit) => {
              const list = get(data);
              if (Array.isArray(list)) list.forEach((v, i) => v != null && visit(v, `${joinPath(path, name)}[${i}]`));
            }
          : (data, path, visit) => {
              const v = get(data);
              if (v != null && v !== '') visit(v, joinPath(path, name));
            };
      out.push({ ref, walk });
    }
    const nested: { ref: Reference; walk: Walker }[] = [];
    if (def.type === 'Object' && def.fields) referenceWalkers(def.fields, here, nested);
    if (def.type === 'List') {
      // Lists of objects (possibly inside lists of lists) hold references in their fields.
      let spec: ElementSpec | undefined = { elementType: def.elementType!, fields: def.fields, element: def.element };
      let depth = 0;
      while (spec && spec.elementType === 'List') (spec = spec.element), depth++;
      if (spec && spec.elementType === 'Object' && spec.fields) {
        const inner: { ref: Reference; walk: Walker }[] = [];
        referenceWalkers(spec.fields, `${here}${'[]'.repeat(depth + 1)}`, inner);
        for (const { ref, walk } of inner) {
          const descend = (node: unknown, path: string, level: number, visit: Visit): void => {
            if (!Array.isArray(node)) return;
            node.forEach((el, i) =>
              level === 0 ? walk(el, `${path}[${i}]`, visit) : descend(el, `${path}[${i}]`, level - 1, visit),
            );
          };
          out.push({ ref, walk: (data, path, visit) => descend(get(data), joinPath(path, name), depth, visit) });
        }
      }
      continue;
    }
    for (const { ref, walk } of nested)
      out.push({ ref, walk: (data, path, visit) => walk(get(data), joinPath(path, name), visit) });
  }
}

function ajvProblems(errors: AjvError[], record: unknown, index: number, out: Problem[]): void {
  for (const e of errors) {
    let path = pointerToPath(e.instancePath, record);
    let message = e.message ?? e.keyword;
    if (e.keyword === 'required') {
      path = joinPath(path, String(e.params.missingProperty));
      message = 'the key is required';
    } else if (e.keyword === 'additionalProperties') {
      path = joinPath(path, String(e.params.additionalProperty));
      message = 'is not a field of the descriptor';
    } else if (e.keyword === 'type') {
      const t = String(e.params.type);
      message = t.startsWith('object')
        ? path
          ? 'expected an object'
          : 'a record must be an object'
        : t.startsWith('array')
          ? 'expected a list'
          : message;
    }
    out.push({ index, path, message });
  }
}

const has = (set: Set<unknown>, v: unknown) => set.has(v) || set.has(String(v));

export function compileDescriptor(descriptor: Descriptor, options: CompileOptions = {}): CompiledDescriptor {
  const opts = { stringMaxLength: options.stringMaxLength ?? 10_000 };
  const ajv = newAjv({ allowUnionTypes: true });
  addValueKeyword(ajv, opts);
  const validate = ajv.compile(recordSchema(descriptor)) as ValidateFn;
  const pkey = pkeyOf(descriptor);
  const walkers: { ref: Reference; walk: Walker }[] = [];
  referenceWalkers(descriptor.fields, '', walkers);

  const validateRecord = (record: unknown, index = 0): Problem[] => {
    if (validate(record)) return [];
    const out: Problem[] = [];
    ajvProblems(validate.errors ?? [], record, index, out);
    return out;
  };

  async function validateBatch(records: readonly unknown[], batch: BatchOptions = {}): Promise<BatchResult> {
    if (walkers.length && !batch.resolveKeys && !batch.skipReferences) {
      throw new Error(`descriptor ${descriptor.apiUri} has datapath references: pass resolveKeys (or skipReferences)`);
    }
    const max = batch.maxErrors ?? Infinity;
    const errors: Problem[] = [];
    // Paths whose value already failed, so a bad value is not also reported as a dangling reference.
    const failed = new Set<string>();
    for (let i = 0; i < records.length && errors.length < max; i++) {
      const record = records[i];
      if (validate(record)) continue;
      const before = errors.length;
      ajvProblems(validate.errors ?? [], record, i, errors);
      for (let j = before; j < errors.length; j++) failed.add(`${i}:${errors[j].path}`);
    }

    if (pkey && errors.length < max) {
      const first = new Map<unknown, number>();
      for (let i = 0; i < records.length; i++) {
        const v = (records[i] as DataRecord | null)?.[pkey];
        if (v == null || v === '' || failed.has(`${i}:${pkey}`)) continue;
        const seen = first.get(v);
        if (seen === undefined) first.set(v, i);
        else errors.push({ index: i, path: pkey, message: `duplicate key ${JSON.stringify(v)} (also record ${seen})` });
      }
      if (batch.existingKeys && first.size) {
        const existing = await batch.existingKeys([...first.keys()]);
        for (const [v, i] of first)
          if (has(existing, v))
            errors.push({ index: i, path: pkey, message: `key ${JSON.stringify(v)} already exists in the dataset` });
      }
    }

    if (walkers.length && batch.resolveKeys && errors.length < max) {
      // One call per referenced (dataset, field), with each value once.
      const byTarget = new Map<
        string,
        { apiUri: string; field: string; uses: Map<unknown, { index: number; path: string }[]> }
      >();
      for (const { ref, walk } of walkers) {
        const key = `${ref.apiUri}\u0000${ref.field}`;
        let target = byTarget.get(key);
        if (!target) byTarget.set(key, (target = { apiUri: ref.apiUri, field: ref.field, uses: new Map() }));
        const uses = target.uses;
        for (let i = 0; i < records.length; i++) {
          walk(records[i], '', (value, path) => {
            if (failed.has(`${i}:${path}`)) return;
            let list = uses.get(value);
            if (!list) uses.set(value, (list = []));
            list.push({ index: i, path });
          });
        }
      }
      for (const { apiUri, field, uses } of byTarget.values()) {
        if (!uses.size) continue;
        let values = [...uses.keys()];
        // A dataset may reference its own records (a parent id): keys of this batch count.
        if (apiUri === descriptor.apiUri && field === pkey) {
          const own = new Set(records.map((r) => (r as DataRecord | null)?.[pkey]));
          values = values.filter((v) => !has(own, v));
          if (!values.length) continue;
        }
        const found = await batch.resolveKeys(apiUri, field, values);
        for (const v of values) {
          if (has(found, v)) continue;
          for (const u of uses.get(v)!)
            errors.push({ ...u, message: `no record with ${field} = ${JSON.stringify(v)} in ${apiUri}` });
        }
      }
    }

    if (errors.length) {
      errors.sort((a, b) => a.index - b.index);
      return { ok: false, errors: errors.length > max ? errors.slice(0, max) : errors };
    }
    return { ok: true, records: records as DataRecord[] };
  }

  return { descriptor, pkey, references: walkers.map((w) => w.ref), validateBatch, validateRecord };
}
