// Validates a descriptor (the `meta` object) against the generated JSON Schema, then the rules a schema
// cannot say: one primary key, at the top level.
import { newAjv } from './ajv.ts';
import { DEFAULT_LANGUAGES } from './languages.ts';
import { pointerToPath } from './paths.ts';
import { descriptorSchema, type SchemaOptions } from './schema.ts';
import type { Descriptor, FieldMap, Problem } from './types.ts';

type MetaValidator = ((data: unknown) => boolean) & {
  errors?: { instancePath: string; message?: string; params: Record<string, unknown>; keyword: string }[] | null;
};

const validators = new Map<string, MetaValidator>();

function metaValidator(languages: readonly string[], options: SchemaOptions): MetaValidator {
  const cacheKey = JSON.stringify([languages, options.requiredLanguages ?? null]);
  let v = validators.get(cacheKey);
  if (!v) {
    const schema = descriptorSchema(languages, options);
    // if/then branches name keys defined by the enclosing object; that is what strictRequired flags.
    const ajv = newAjv({ strictRequired: false });
    ajv.addSchema(schema, 'doc');
    v = ajv.getSchema('doc#/$defs/meta') as MetaValidator;
    validators.set(cacheKey, v);
  }
  return v;
}

/** Problems of a descriptor; an empty list means it is valid. Paths start at the descriptor, e.g. `fields.schedule.type`. */
export function checkDescriptor(
  meta: unknown,
  languages: readonly string[] = DEFAULT_LANGUAGES,
  options: SchemaOptions = {},
): Problem[] {
  const validate = metaValidator(languages, options);
  if (!validate(meta)) {
    // if/then/else and allOf wrappers repeat the real error; keep the informative ones.
    const seen = new Set<string>();
    const problems: Problem[] = [];
    for (const e of validate.errors ?? []) {
      if (e.keyword === 'if' || e.keyword === 'allOf' || e.keyword === 'anyOf') continue;
      let path = pointerToPath(e.instancePath, meta);
      if (e.keyword === 'required')
        path = path ? `${path}.${String(e.params.missingProperty)}` : String(e.params.missingProperty);
      if (e.keyword === 'additionalProperties')
        path = path ? `${path}.${String(e.params.additionalProperty)}` : String(e.params.additionalProperty);
      const message =
        e.keyword === 'required'
          ? 'is required'
          : e.keyword === 'additionalProperties'
            ? 'is not a known key'
            : (e.message ?? e.keyword);
      const key = `${path}\u0000${message}`;
      if (!seen.has(key)) problems.push({ index: -1, path, message }), seen.add(key);
    }
    return problems;
  }
  const d = meta as Descriptor;
  const problems: Problem[] = [];
  const keys = Object.entries(d.fields).filter(([, f]) => f.pkey === true);
  if (keys.length > 1)
    problems.push({
      index: -1,
      path: 'fields',
      message: `at most one field may be the pkey (found ${keys.map(([n]) => n).join(', ')})`,
    });
  nestedKeys(d.fields, 'fields', problems, true);
  return problems;
}

function nestedKeys(fields: FieldMap, base: string, problems: Problem[], top: boolean): void {
  for (const [name, f] of Object.entries(fields)) {
    const path = `${base}.${name}`;
    if (!top && f.pkey)
      problems.push({ index: -1, path: `${path}.pkey`, message: 'the pkey must be a top-level field' });
    if (f.fields) nestedKeys(f.fields, `${path}.fields`, problems, false);
    let el = f.element;
    let elPath = `${path}.element`;
    while (el) {
      if (el.fields) nestedKeys(el.fields, `${elPath}.fields`, problems, false);
      el = el.element;
      elPath += '.element';
    }
  }
}
