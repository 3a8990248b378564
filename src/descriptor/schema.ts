// The JSON Schema (draft 2020-12) of the meta/fields format, generated from the portal's languages so that
// the label/name/description keys follow PASPORT_LANGUAGES. schemas/descriptor.schema.json is this output
// for SCHEMA_FILE_LANGUAGES (see schema-file.ts); a test keeps the two equal.
import { DEFAULT_LANGUAGES, descriptionKey, fullnameKey, labelKey, nameKey } from './languages.ts';
import { FIELD_TYPES } from './types.ts';

export interface SchemaOptions {
  /** Languages whose names, descriptions, responsible full name and field labels are mandatory. Default: the first (state) language. */
  requiredLanguages?: readonly string[];
  /** `$id` of the generated schema. */
  id?: string;
}

type Json = Record<string, unknown>;

const SCALARS = FIELD_TYPES.filter((t) => t !== 'Object' && t !== 'List');
const STRINGS = ['String', 'Address', 'Text'];

// Field names become SQL columns, XML elements and IRI segments; `_`-prefixed names are CKAN DataStore's.
export const FIELD_NAME_PATTERN = '^[A-Za-z][A-Za-z0-9_]{0,62}$';

export function descriptorSchema(languages: readonly string[] = DEFAULT_LANGUAGES, options: SchemaOptions = {}): Json {
  const required = options.requiredLanguages ?? languages.slice(0, 1);
  for (const lang of required) {
    if (!languages.includes(lang)) throw new Error(`required language ${lang} is not one of ${languages.join(', ')}`);
  }
  const keys: LanguageKeys = {
    perLanguage: (key, schema) => Object.fromEntries(languages.map((l) => [key(l), schema])),
    requiredKeys: (key) => required.map(key),
  };
  const contactProps = {
    ...keys.perLanguage(fullnameKey, { type: 'string', maxLength: 100 }),
    phone: { type: 'string', maxLength: 50 },
    email: { type: 'string', maxLength: 50, format: 'email' },
  };

  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    ...(options.id ? { $id: options.id } : {}),
    title: 'Open data document: meta/fields structure descriptor and data (Kazakhstan, order 144 of 2021, appendix 1)',
    description:
      `Languages: ${languages.join(', ')}; mandatory: ${required.join(', ')}. ` +
      'Types Address and Text (used by the appendix-2 template) are accepted as aliases of String. ' +
      'Pasport extensions: `element` (what the inner list of a List of List holds) and `maxLength` (String-like types).',
    type: 'object',
    required: ['meta'],
    additionalProperties: false,
    properties: {
      meta: { $ref: '#/$defs/meta' },
      data: { type: 'array', items: { type: 'object' } },
    },
    $defs: {
      meta: metaSchema(keys, contactProps),
      contact: { type: 'object', additionalProperties: false, properties: contactProps },
      fields: {
        type: 'object',
        minProperties: 1,
        propertyNames: { pattern: FIELD_NAME_PATTERN },
        additionalProperties: { $ref: '#/$defs/field' },
      },
      field: fieldSchema(keys),
      element: {
        type: 'object',
        required: ['elementType'],
        additionalProperties: false,
        properties: {
          elementType: { enum: [...FIELD_TYPES] },
          fields: { $ref: '#/$defs/fields' },
          element: { $ref: '#/$defs/element' },
          maxLength: { type: 'integer', minimum: 1 },
        },
        allOf: elementRules(),
      },
    },
  };
}

/** The keys of a text in every language: each language's may be given, the required languages' must be. */
interface LanguageKeys {
  perLanguage: (key: (l: string) => string, schema: Json) => Json;
  requiredKeys: (key: (l: string) => string) => string[];
}

// The descriptor's head: the dataset's names, description, keywords, who answers for it, and its fields.
function metaSchema({ perLanguage, requiredKeys }: LanguageKeys, contactProps: Json): Json {
  return {
    type: 'object',
    required: [
      'apiUri',
      ...requiredKeys(nameKey),
      ...requiredKeys(descriptionKey),
      'keywords',
      'responsible',
      'fields',
    ],
    additionalProperties: false,
    properties: {
      apiUri: { type: 'string', minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9][A-Za-z0-9_.~-]*$' },
      ...perLanguage(nameKey, { type: 'string', minLength: 1, maxLength: 255 }),
      ...perLanguage(descriptionKey, { type: 'string', minLength: 1 }),
      keywords: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
      responsible: {
        type: 'object',
        required: [...requiredKeys(fullnameKey), 'phone', 'email'],
        additionalProperties: false,
        properties: { ...contactProps, owner: { $ref: '#/$defs/contact' } },
      },
      fields: { $ref: '#/$defs/fields' },
    },
  };
}

// One field: its type, labels, and what a key, a reference or a length bound may be.
function fieldSchema({ perLanguage, requiredKeys }: LanguageKeys): Json {
  return {
    type: 'object',
    required: ['type', ...requiredKeys(labelKey)],
    additionalProperties: false,
    properties: {
      type: { enum: [...FIELD_TYPES] },
      ...perLanguage(labelKey, { type: 'string', maxLength: 255 }),
      pkey: { type: 'boolean' },
      datapath: {
        type: 'string',
        maxLength: 164,
        pattern: '^[A-Za-z0-9][A-Za-z0-9_.~-]*\\.[A-Za-z][A-Za-z0-9_]*$',
      },
      fields: { $ref: '#/$defs/fields' },
      elementType: { enum: [...FIELD_TYPES] },
      element: { $ref: '#/$defs/element' },
      maxLength: { type: 'integer', minimum: 1 },
    },
    allOf: [
      ...structureRules('type'),
      // A key or a reference is a single scalar value (a List may hold references, see below).
      {
        if: { required: ['pkey'], properties: { pkey: { const: true } } },
        then: { properties: { type: { enum: SCALARS.filter((t) => t !== 'Geoposition' && t !== 'Boolean') } } },
      },
      {
        if: { required: ['datapath'] },
        then: { properties: { type: { enum: [...SCALARS, 'List'] }, elementType: { enum: SCALARS } } },
      },
      {
        if: { required: ['maxLength'] },
        then: {
          anyOf: [
            { properties: { type: { enum: STRINGS } } },
            { required: ['elementType'], properties: { elementType: { enum: STRINGS } } },
          ],
        },
      },
    ],
  };
}

// Object needs `fields`; List needs `elementType`; what a List holds follows the element rules.
function structureRules(typeKey: 'type'): Json[] {
  return [
    { if: { properties: { [typeKey]: { const: 'Object' } } }, then: { required: ['fields'] } },
    {
      if: { properties: { [typeKey]: { const: 'List' } } },
      then: { required: ['elementType'], allOf: elementRules() },
      else: { not: { anyOf: [{ required: ['elementType'] }, { required: ['element'] }] } },
    },
    { if: { properties: { [typeKey]: { enum: SCALARS } } }, then: { not: { required: ['fields'] } } },
  ];
}

function elementRules(): Json[] {
  return [
    {
      if: { required: ['elementType'], properties: { elementType: { const: 'Object' } } },
      then: { required: ['fields'] },
    },
    // Without `element`, a List of List holds inner lists of any JSON values, kept as given.
    {
      if: { required: ['elementType'], properties: { elementType: { const: 'List' } } },
      else: { not: { required: ['element'] } },
    },
    {
      if: { required: ['elementType'], properties: { elementType: { enum: SCALARS } } },
      then: { not: { required: ['fields'] } },
    },
  ];
}
