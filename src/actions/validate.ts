// Input validation for actions: ajv compiles each action's schema once at start-up; its errors are
// translated into CKAN's per-field message lists. Query-string and form values arrive as strings, so
// they are first coerced by the schema's declared types, with CKAN's asbool for booleans.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { ValidationError } from '../errors.ts';
import type { JsonSchema } from './types.ts';

const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
(addFormats as unknown as (a: Ajv) => void)(ajv);

const TRUE = /^(true|1|yes|on|y|t)$/i;
const FALSE = /^(false|0|no|off|n|f)$/i;

export function asbool(v: unknown): unknown {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    if (TRUE.test(v.trim())) return true;
    if (FALSE.test(v.trim()) || v.trim() === '') return false;
  }
  if (typeof v === 'number') return v !== 0;
  return v;
}

function types(schema: JsonSchema | undefined): string[] {
  const t = schema?.type;
  return Array.isArray(t) ? (t as string[]) : typeof t === 'string' ? [t] : [];
}

/** Coerces the top-level string values of `data` to the types `schema` declares for them. */
export function coerceInput(schema: JsonSchema, data: Record<string, unknown>): Record<string, unknown> {
  const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const out: Record<string, unknown> = { ...data };
  for (const [key, value] of Object.entries(out)) {
    const t = types(props[key]);
    if (!t.length || value === null || value === undefined) continue;
    if (typeof value === 'string' && !t.includes('string')) {
      if (t.includes('boolean')) out[key] = asbool(value);
      else if ((t.includes('integer') || t.includes('number')) && /^\s*-?\d+(\.\d+)?\s*$/.test(value))
        out[key] = Number(value);
      else if ((t.includes('array') || t.includes('object')) && /^\s*[[{]/.test(value)) {
        try {
          out[key] = JSON.parse(value);
        } catch {
          /* left for the validator to reject */
        }
      } else if (t.includes('array') && !t.includes('string')) out[key] = value === '' ? [] : [value];
    } else if (Array.isArray(value) && !t.includes('array') && t.length && value.every((v) => typeof v === 'string')) {
      // A repeated query key for a scalar parameter: CKAN keeps the last value.
      out[key] = coerceInput(schema, { [key]: value[value.length - 1] })[key];
    }
  }
  return out;
}

function messageFor(e: ErrorObject): string {
  const custom = (e.parentSchema as JsonSchema | undefined)?.['x-messages'] as Record<string, string> | undefined;
  if (custom?.[e.keyword]) return custom[e.keyword];
  switch (e.keyword) {
    case 'required':
      return 'Missing value';
    case 'type': {
      const t = (e.params as { type: string }).type;
      if (t.includes('integer')) return 'Invalid integer';
      if (t.includes('number')) return 'Invalid number';
      if (t.includes('boolean')) return 'Must be a boolean';
      if (t.includes('array')) return 'Must be a list';
      if (t.includes('object')) return 'Must be a dictionary';
      return 'Must be a string';
    }
    case 'minimum':
      return (e.params as { limit: number }).limit === 0
        ? 'Must be a natural number'
        : `Must be at least ${(e.params as { limit: number }).limit}`;
    case 'maximum':
      return `Must be at most ${(e.params as { limit: number }).limit}`;
    case 'maxLength':
      return `Must be a maximum of ${(e.params as { limit: number }).limit} characters long`;
    case 'minLength':
      return `Must be at least ${(e.params as { limit: number }).limit} characters long`;
    case 'enum':
      return `Value must be one of: ${((e.params as { allowedValues: unknown[] }).allowedValues).join(', ')}`;
    case 'format':
      return `Invalid ${(e.params as { format: string }).format}`;
    default:
      return e.message ?? 'Invalid value';
  }
}

/** Puts `msg` into the error tree at `path`, mirroring the input's shape (lists of dicts stay lists). */
function place(tree: Record<string, unknown>, path: (string | number)[], msg: string): void {
  let node: any = tree;
  for (let i = 0; i < path.length - 1; i++) {
    const seg = path[i];
    const nextIsIndex = typeof path[i + 1] === 'number';
    if (node[seg] === undefined) node[seg] = nextIsIndex ? [] : {};
    if (Array.isArray(node[seg]) && !nextIsIndex) node[seg] = {};
    node = node[seg];
    if (Array.isArray(node)) {
      const idx = path[i + 1] as number;
      for (let j = node.length; j <= idx; j++) node.push({});
      node = node[idx];
      i++;
    }
  }
  const last = path[path.length - 1];
  if (!Array.isArray(node[last])) node[last] = [];
  if (!node[last].includes(msg)) node[last].push(msg);
}

export function errorsToFields(errors: ErrorObject[]): Record<string, unknown> {
  const tree: Record<string, unknown> = {};
  for (const e of errors) {
    const segs: (string | number)[] = e.instancePath
      .split('/')
      .slice(1)
      .map((s) => (/^\d+$/.test(s) ? Number(s) : s.replace(/~1/g, '/').replace(/~0/g, '~')));
    if (e.keyword === 'required') segs.push((e.params as { missingProperty: string }).missingProperty);
    if (e.keyword === 'additionalProperties')
      segs.push((e.params as { additionalProperty: string }).additionalProperty);
    if (!segs.length) segs.push('__root');
    place(
      tree,
      segs,
      e.keyword === 'additionalProperties'
        ? `The input field ${segs[segs.length - 1]} was not expected.`
        : messageFor(e),
    );
  }
  return tree;
}

const cache = new WeakMap<JsonSchema, ValidateFunction>();

export function compileSchema(schema: JsonSchema): ValidateFunction {
  let fn = cache.get(schema);
  if (!fn) {
    fn = ajv.compile(schema);
    cache.set(schema, fn);
  }
  return fn;
}

export function validateInput<T>(schema: JsonSchema, data: Record<string, unknown>): T {
  const coerced = coerceInput(schema, data);
  const fn = compileSchema(schema);
  if (!fn(coerced)) throw new ValidationError(errorsToFields(fn.errors ?? []));
  return coerced as T;
}
