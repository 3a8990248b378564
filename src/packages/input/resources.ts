// A dataset's resources as sent, read the way CKAN's resource schema reads them: a table of columns,
// each with how its value is read (text, a byte size, a date); the format is named from the URL's
// extension when not given, and every other key is kept as a resource extra.
import { asbool } from '../../actions/validate.ts';
import { scalarText } from '../../coerce.ts';
import { type FieldErrorLists, pushError } from '../field-input.ts';
import { UUID } from '../names.ts';
import { parseIso } from '../time.ts';

export interface ResourceInput {
  id: string | null;
  fields: Record<string, string | number | null>;
  extras: Record<string, unknown>;
  datastore_active?: boolean;
}

type Value = string | number | null;
/** Reads one sent value: the value to store, and the error message when it is not acceptable. */
type Reader = (v: unknown) => { value?: Value; error?: string };

const isBlank = (v: unknown) => v === undefined || v === null || v === '';

/** A string (a number or boolean as its text); an object is refused but still read as null. */
export const textValue: Reader = (v) => ({
  value: scalarText(v),
  ...(v !== undefined && v !== null && typeof v === 'object' ? { error: 'Must be a string' } : {}),
});

/** A whole number of bytes, as a number or as digits; a bad one is left out of the row. */
export const byteSize: Reader = (v) => {
  if (isBlank(v)) return { value: null };
  const n = digitsAsNumber(v);
  return isCount(n) ? { value: n } : { error: 'Invalid integer' };
};

/** An ISO 8601 instant, stored normalised (null when bad, with CKAN's message). */
export const isoDate: Reader = (v) => {
  if (isBlank(v)) return { value: null };
  const iso = typeof v === 'string' ? parseIso(v) : null;
  return iso ? { value: iso } : { value: null, error: 'Date format incorrect' };
};

/** Digits sent as text count as the number they spell (CKAN forms post every value as text). */
export function digitsAsNumber(v: unknown): unknown {
  return typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
}

function isCount(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0;
}

/** The resource's own columns, in the order they are read (the order of their errors). */
export const RESOURCE_FIELDS: readonly { key: string; read: Reader }[] = [
  ...(
    [
      'url',
      'name',
      'description',
      'format',
      'hash',
      'mimetype',
      'mimetype_inner',
      'resource_type',
      'url_type',
      'cache_url',
    ] as const
  ).map((key) => ({ key, read: textValue })),
  { key: 'size', read: byteSize },
  ...(['created', 'last_modified', 'cache_last_updated'] as const).map((key) => ({ key, read: isoDate })),
];

/** Keys that are no resource extra: the columns above and what the server itself sets. */
const NOT_EXTRAS = new Set([
  'id',
  'package_id',
  'position',
  'state',
  'metadata_modified',
  'datastore_active',
  'upload',
  'revision_id',
  'tracking_summary',
  ...RESOURCE_FIELDS.map((f) => f.key),
]);

const FORMAT_BY_EXT: Record<string, string> = {
  csv: 'CSV',
  json: 'JSON',
  xml: 'XML',
  xlsx: 'XLSX',
  xls: 'XLS',
  pdf: 'PDF',
  zip: 'ZIP',
  txt: 'TXT',
  geojson: 'GeoJSON',
  rdf: 'RDF',
  ttl: 'TTL',
  html: 'HTML',
  ods: 'ODS',
  tsv: 'TSV',
  shp: 'SHP',
  kml: 'KML',
  docx: 'DOCX',
  doc: 'DOC',
};

/** The format as sent (upper case, GeoJSON as spelled), else the one the URL's extension names. */
export function normaliseFormat(format: string | null, url: string | null): string | null {
  if (format?.trim()) {
    const f = format.trim();
    return f.toLowerCase() === 'geojson' ? 'GeoJSON' : f.toUpperCase();
  }
  const ext = url
    ?.split(/[?#]/)[0]
    .match(/\.([a-z0-9]+)$/i)?.[1]
    ?.toLowerCase();
  return ext ? (FORMAT_BY_EXT[ext] ?? null) : null;
}

/** One resource dict; its problems go to `errors` (flat: the resource's own field names). A chosen
 * id must be a UUID on create; an update names the resource it changes, so any id is read. */
export function resourceInput(r: unknown, errors: FieldErrorLists, isUpdate = false): ResourceInput {
  const src = (r && typeof r === 'object' && !Array.isArray(r) ? r : {}) as Record<string, unknown>;
  const fields: Record<string, Value> = {};
  for (const { key, read } of RESOURCE_FIELDS) {
    const { value, error } = read(src[key]);
    if (error) pushError(errors, key, error);
    if (value !== undefined) fields[key] = value;
    if (key === 'url') fields.url = fields.url ?? '';
  }
  fields.format = normaliseFormat(fields.format as string | null, fields.url as string);
  const extras: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(src)) if (!NOT_EXTRAS.has(k)) extras[k] = v;
  const id = scalarText(src.id);
  if (id !== null && !UUID.test(id) && !isUpdate) pushError(errors, 'id', 'Invalid id');
  return {
    id,
    fields,
    extras,
    ...(src.datastore_active !== undefined ? { datastore_active: asbool(src.datastore_active) === true } : {}),
  };
}

/** The dataset's resource list: each one's errors nested at its position, as CKAN reports them. */
export function resourceList(data: Record<string, unknown>, isUpdate: boolean, errors: FieldErrorLists) {
  const resources: ResourceInput[] = [];
  if (isBlank(data.resources)) return resources;
  if (!Array.isArray(data.resources)) {
    pushError(errors, 'resources', 'Must be a list of dictionaries');
    return resources;
  }
  const nested: FieldErrorLists[] = [];
  for (const r of data.resources) {
    const e: FieldErrorLists = {};
    if (!r || typeof r !== 'object' || Array.isArray(r)) pushError(e, 'url', 'Must be a dictionary');
    resources.push(resourceInput(r, e, isUpdate));
    nested.push(e);
  }
  if (nested.some((e) => Object.keys(e).length)) errors.resources = nested;
  return resources;
}
