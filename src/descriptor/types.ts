// The Kazakh meta/fields structure descriptor (order 144 of 2021, appendix 1), as TypeScript types.
// A *descriptor* is the `meta` object of the format, `fields` included; an upload is `{ meta, data }`.

/** The types the rules name, plus `Address` and `Text`, which the appendix-2 template uses (String aliases). */
export const FIELD_TYPES = [
  'Int',
  'String',
  'Double',
  'Boolean',
  'Date',
  'Geoposition',
  'Object',
  'List',
  'Address',
  'Text',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];
export const ELEMENT_TYPES = FIELD_TYPES;
export type ScalarType = Exclude<FieldType, 'Object' | 'List'>;

/**
 * What a List holds. For `elementType: 'List'` the inner list is described by `element` (a Pasport extension:
 * the rules have no way to say what a list of lists contains); `fields` describes objects.
 */
export interface ElementSpec {
  elementType: FieldType;
  fields?: FieldMap;
  element?: ElementSpec;
  maxLength?: number;
}

export interface FieldDef {
  type: FieldType;
  /** labelKk, labelRu, labelEn, labelUz, labelUzCyrl, ... (see languages.ts) */
  [labelKey: `label${string}`]: string | undefined;
  pkey?: boolean;
  /** `<apiUri>.<field>`: the value is a key of a record of another dataset. */
  datapath?: string;
  fields?: FieldMap;
  elementType?: FieldType;
  element?: ElementSpec;
  /** Pasport extension: maximum length of a String/Address/Text value. */
  maxLength?: number;
}

export type FieldMap = Record<string, FieldDef>;

export interface Contact {
  [fullnameKey: `fullname${string}`]: string | undefined;
  phone?: string;
  email?: string;
}

export interface Responsible extends Contact {
  owner?: Contact;
}

export interface Descriptor {
  apiUri: string;
  [nameOrDescription: `name${string}` | `description${string}`]: string | undefined;
  keywords: string[];
  responsible: Responsible;
  fields: FieldMap;
}

/** A parsed upload: the descriptor (when the document carries one) and the raw, not yet validated rows. */
export interface Upload {
  meta: Descriptor | undefined;
  data: Record<string, unknown>[];
}

/** One problem: `index` is the record's position in the batch (-1 for the document itself), `path` a field path like `schedule.days[2]`. */
export interface Problem {
  index: number;
  path: string;
  message: string;
}

export type DataRecord = Record<string, unknown>;
