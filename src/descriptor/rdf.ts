// Records as linked data. A dataset with IRI D gets:
//   <D/class/Record>          rdfs:Class, labelled with the dataset's names
//   <D/field/{path}>          rdf:Property per field (nested: `schedule.open`), rdfs:label per language,
//                             rdfs:range from the type, rdfs:isDefinedBy <D>
//   <D/record/{pkey}>         one resource per record, a <D/class/Record>, one triple per field value
// Nested objects are resources too: <D/record/{pkey}/{field}> (inside lists: .../{field}/{i}). A List is
// the repeated property (list order is kept in the IRIs of list objects; an inner list of a List of List
// is an rdf:List). A `datapath` value is the IRI of the referenced record: <R/record/{value}>, R from
// datasetIriForApiUri. Values must be normalised (validateBatch's output).
import { DataFactory } from 'n3';
import type { NamedNode, Quad, Quad_Graph, Quad_Object, Quad_Subject } from '@rdfjs/types';
import { parseDatapath, pkeyOf } from './compile.ts';
import type { DataRecord, Descriptor, ElementSpec, FieldDef, FieldMap, FieldType } from './types.ts';
import { parsePoint } from './values.ts';

const { namedNode, literal, quad, blankNode, defaultGraph } = DataFactory;

const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const RDFS = 'http://www.w3.org/2000/01/rdf-schema#';
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const GEO = 'http://www.opengis.net/ont/geosparql#';

const a = namedNode(`${RDF}type`);
const rdfsLabel = namedNode(`${RDFS}label`);
const rdfsRange = namedNode(`${RDFS}range`);
const rdfsIsDefinedBy = namedNode(`${RDFS}isDefinedBy`);
const wkt = namedNode(`${GEO}wktLiteral`);

const RANGES: Record<Exclude<FieldType, 'Object' | 'List'>, NamedNode> = {
  Int: namedNode(`${XSD}integer`),
  Double: namedNode(`${XSD}double`),
  Boolean: namedNode(`${XSD}boolean`),
  Date: namedNode(`${XSD}dateTime`),
  String: namedNode(`${XSD}string`),
  Address: namedNode(`${XSD}string`),
  Text: namedNode(`${XSD}string`),
  Geoposition: wkt,
};

/** Resolves the dataset IRI of another dataset's apiUri (for datapath references). */
export type DatasetIriResolver = (apiUri: string) => string | undefined;

export interface RdfOptions {
  graph?: Quad_Graph;
}

const base = (iri: string) => iri.replace(/\/+$/, '');
export const fieldIri = (datasetIri: string, path: string) => namedNode(`${base(datasetIri)}/field/${path}`);
export const recordIri = (datasetIri: string, key: unknown) =>
  namedNode(`${base(datasetIri)}/record/${encodeURIComponent(String(key))}`);
export const recordClassIri = (datasetIri: string) => namedNode(`${base(datasetIri)}/class/Record`);

/** `labelUzCyrl` -> `uz-Cyrl`, `nameKk` -> `kk` (BCP 47 casing: script Title, region UPPER). */
export function langTagOf(key: string, prefix: string): string | undefined {
  const parts = key.slice(prefix.length).match(/[A-Z][a-z0-9]*/g);
  if (!parts || parts.join('') !== key.slice(prefix.length)) return undefined;
  return parts
    .map((p, i) =>
      i === 0 ? p.toLowerCase() : p.length === 4 ? p : p.length === 2 ? p.toUpperCase() : p.toLowerCase(),
    )
    .join('-');
}

function labelQuads(subject: Quad_Subject, obj: object, prefix: string, graph: Quad_Graph, out: Quad[]): void {
  for (const [k, v] of Object.entries(obj)) {
    if (!k.startsWith(prefix) || typeof v !== 'string' || !v) continue;
    const tag = langTagOf(k, prefix);
    if (tag) out.push(quad(subject, rdfsLabel, literal(v, tag), graph));
  }
}

function rangeOf(def: FieldDef | ElementSpec): NamedNode {
  const type = 'type' in def ? def.type : def.elementType;
  if ('datapath' in def && def.datapath) return namedNode(`${RDFS}Resource`);
  if (type === 'List') {
    const spec: ElementSpec =
      'type' in def
        ? { elementType: def.elementType!, fields: def.fields, element: def.element }
        : (def.element ?? { elementType: 'List' });
    return spec.elementType === 'List' ? namedNode(`${RDF}List`) : rangeOf(spec);
  }
  if (type === 'Object') return namedNode(`${RDFS}Resource`);
  return RANGES[type];
}

/** The dataset's vocabulary: its record class and one property per field, nested fields included. */
export function fieldSchemaQuads(descriptor: Descriptor, datasetIri: string, options: RdfOptions = {}): Quad[] {
  const g = options.graph ?? defaultGraph();
  const out: Quad[] = [];
  const dataset = namedNode(base(datasetIri));
  const cls = recordClassIri(datasetIri);
  out.push(quad(cls, a, namedNode(`${RDFS}Class`), g), quad(cls, rdfsIsDefinedBy, dataset, g));
  labelQuads(cls, descriptor, 'name', g, out);
  const walk = (fields: FieldMap, prefix: string) => {
    for (const [name, def] of Object.entries(fields)) {
      const path = prefix + name;
      const p = fieldIri(datasetIri, path);
      out.push(
        quad(p, a, namedNode(`${RDF}Property`), g),
        quad(p, rdfsIsDefinedBy, dataset, g),
        quad(p, rdfsRange, rangeOf(def), g),
      );
      labelQuads(p, def, 'label', g, out);
      let fieldsInside: FieldMap | undefined = def.type === 'Object' || def.type === 'List' ? def.fields : undefined;
      if (def.type === 'List' && def.elementType === 'List') {
        let el = def.element;
        while (el?.elementType === 'List') el = el.element;
        fieldsInside = el?.fields;
      }
      if (fieldsInside) walk(fieldsInside, `${path}.`);
    }
  };
  walk(descriptor.fields, '');
  return out;
}

/** A scalar value's term: the referenced record's IRI for a resolvable datapath, else a typed literal. */
function scalarTerm(
  type: FieldType,
  v: unknown,
  datapath: string | undefined,
  datasetIriForApiUri: DatasetIriResolver,
): Quad_Object {
  if (datapath) {
    const target = datasetIriForApiUri(parseDatapath(datapath).apiUri);
    if (target) return recordIri(target, v);
  }
  switch (type) {
    case 'Geoposition': {
      const { lat, lon } = parsePoint(String(v));
      return literal(`POINT(${lon} ${lat})`, wkt);
    }
    case 'String':
    case 'Address':
    case 'Text':
      return literal(String(v));
    default:
      return literal(String(v), RANGES[type as keyof typeof RANGES]);
  }
}

/** The quads of one (normalised) record. */
export function recordQuads(
  record: DataRecord,
  descriptor: Descriptor,
  datasetIri: string,
  datasetIriForApiUri: DatasetIriResolver,
  options: RdfOptions = {},
): Quad[] {
  const g = options.graph ?? defaultGraph();
  const out: Quad[] = [];
  const pkey = pkeyOf(descriptor);
  const key = pkey ? record[pkey] : undefined;
  const subject: NamedNode | ReturnType<typeof blankNode> =
    key != null && key !== '' ? recordIri(datasetIri, key) : blankNode();
  out.push(quad(subject, a, recordClassIri(datasetIri), g));

  // The triple linking to a value comes before the value's own triples (a slot is kept for it).
  const link = (s: Quad_Subject, p: NamedNode, value: () => Quad_Object) => {
    const at = out.length;
    out.push(undefined as unknown as Quad);
    out[at] = quad(s, p, value(), g);
  };

  // `node` is the IRI a nested object gets; lists of objects number their items.
  const objectQuads = (
    s: Quad_Subject,
    obj: DataRecord,
    fields: FieldMap,
    prefix: string,
    node: string | undefined,
  ) => {
    for (const [name, def] of Object.entries(fields)) {
      const v = obj[name];
      if (v === null || v === undefined) continue;
      const p = fieldIri(datasetIri, prefix + name);
      const here = node === undefined ? undefined : `${node}/${name}`;
      if (def.type === 'List') {
        if (!Array.isArray(v)) continue;
        const spec: ElementSpec = { elementType: def.elementType!, fields: def.fields, element: def.element };
        v.forEach(
          (el, i) =>
            el !== null &&
            link(s, p, () =>
              elementTerm(el, spec, `${prefix}${name}.`, here === undefined ? undefined : `${here}/${i}`, def.datapath),
            ),
        );
      } else link(s, p, () => elementTerm(v, def, `${prefix}${name}.`, here, def.datapath));
    }
  };

  const elementTerm = (
    v: unknown,
    spec: FieldDef | ElementSpec,
    prefix: string,
    node: string | undefined,
    datapath?: string,
  ): Quad_Object => {
    const type = 'type' in spec ? spec.type : spec.elementType;
    if (type === 'Object') {
      const s = node === undefined ? blankNode() : namedNode(node);
      objectQuads(s, v as DataRecord, spec.fields ?? {}, prefix, node);
      return s;
    }
    if (type === 'List') {
      // An inner list (of a List of List): an rdf:List, to keep its order and nesting.
      const items = (v as unknown[]).filter((x) => x !== null);
      const inner: ElementSpec | undefined =
        'type' in spec ? { elementType: spec.elementType!, fields: spec.fields, element: spec.element } : spec.element;
      let head: Quad_Object = namedNode(`${RDF}nil`);
      for (let i = items.length - 1; i >= 0; i--) {
        const cell = blankNode();
        const value = inner
          ? elementTerm(items[i], inner, prefix, undefined)
          : literal(typeof items[i] === 'string' ? (items[i] as string) : JSON.stringify(items[i]));
        out.push(quad(cell, namedNode(`${RDF}first`), value, g), quad(cell, namedNode(`${RDF}rest`), head, g));
        head = cell;
      }
      return head;
    }
    return scalarTerm(type, v, datapath, datasetIriForApiUri);
  };

  objectQuads(subject, record, descriptor.fields, '', subject.termType === 'NamedNode' ? subject.value : undefined);
  return out;
}
