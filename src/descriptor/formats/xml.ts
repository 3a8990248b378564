// The XML form of the format (the rules allow JSON or XML but give no XML layout; this is Pasport's):
//
//   <openData>
//     <meta>
//       <apiUri>astana_pharmacies</apiUri> <nameKk>…</nameKk> <nameRu>…</nameRu> <descriptionKk>…</descriptionKk> …
//       <keywords><keyword>Дәріхана</keyword><keyword>аптека</keyword></keywords>
//       <responsible><fullnameKk>…</fullnameKk> <phone>…</phone> <email>…</email> <owner>…</owner></responsible>
//       <fields>
//         <field name="id" type="String" pkey="true" labelKk="…" labelRu="…"/>
//         <field name="schedule" type="Object" labelRu="…"> <field name="open" type="String"/> </field>
//         <field name="days" type="List" elementType="Object"> <field name="day" type="Int"/> </field>
//         <field name="grid" type="List" elementType="List"> <element elementType="Int"/> </field>
//       </fields>
//     </meta>
//     <data>
//       <record> <id>11</id> <name>Гиппократ</name> <schedule><open>09:00</open></schedule>
//                <days><item><day>1</day></item><item><day>2</day></item></days>
//                <grid><item><item>1</item><item>2</item></item></grid> </record>
//     </data>
//   </openData>
//
// Every field is an element named by the field; a List's elements are <item>s (an empty list element is an
// empty list); an absent element is no value, `nil="true"` is null. Values are text, read like CSV cells.
import { XMLParser } from 'fast-xml-parser';
import { UploadError } from '../errors.ts';
import type { DataRecord, Descriptor, ElementSpec, FieldDef, FieldMap, Problem, Upload } from '../types.ts';

const ATTRS = '@';
const TEXT = '#text';
type Node = string | { [ATTRS]?: Record<string, string>; [TEXT]?: string; [child: string]: unknown };

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  attributesGroupName: ATTRS,
  textNodeName: TEXT,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: true,
  htmlEntities: false,
});

const toArray = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const attrs = (n: unknown): Record<string, string> =>
  isObj(n) && isObj(n[ATTRS]) ? (n[ATTRS] as Record<string, string>) : {};
const children = (n: unknown): [string, unknown][] =>
  isObj(n) ? Object.entries(n).filter(([k]) => k !== ATTRS && k !== TEXT) : [];
const textOf = (n: unknown): string | undefined =>
  typeof n === 'string' ? n : isObj(n) && children(n).length === 0 ? String(n[TEXT] ?? '') : undefined;

/** Parses the XML form. Data is read with `descriptor` if given, else with the document's own meta. */
export function parseXml(input: string | Uint8Array, descriptor?: Descriptor): Upload {
  const text = typeof input === 'string' ? input : new TextDecoder().decode(input);
  // Data needs no DTD; refusing one rules out entity-expansion attacks.
  if (/<!DOCTYPE/i.test(text)) throw new UploadError([{ index: -1, path: '', message: 'a DOCTYPE is not allowed' }]);
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(text, true) as Record<string, unknown>;
  } catch (e) {
    throw new UploadError([{ index: -1, path: '', message: `not well-formed XML: ${(e as Error).message}` }]);
  }
  const root = doc.openData;
  if (root === undefined)
    throw new UploadError([{ index: -1, path: '', message: 'the root element must be <openData>' }]);
  const problems: Problem[] = [];
  const meta = children(root).some(([k]) => k === 'meta')
    ? metaFromXml(single((root as Record<string, unknown>).meta, 'meta', -1, problems), problems)
    : undefined;
  const use = descriptor ?? meta;
  const dataNode = isObj(root) ? root.data : undefined;
  const records = isObj(dataNode) ? toArray(dataNode.record) : [];
  if (records.length && !use)
    problems.push({ index: -1, path: 'data', message: 'no descriptor: the document has no <meta> and none was given' });
  const data: DataRecord[] = [];
  if (use) records.forEach((r, i) => data.push(objectFromXml(r, use.fields, i, '', problems) ?? {}));
  if (problems.length) throw new UploadError(problems);
  return { meta, data };
}

function single(v: unknown, path: string, index: number, problems: Problem[]): unknown {
  if (!Array.isArray(v)) return v;
  problems.push({ index, path, message: 'the element is repeated' });
  return v[0];
}

const join = (base: string, name: string) => (base ? `${base}.${name}` : name);

function objectFromXml(
  node: unknown,
  fields: FieldMap,
  index: number,
  path: string,
  problems: Problem[],
): DataRecord | null | undefined {
  if (attrs(node).nil === 'true') return null;
  if (node === '' || node === undefined) return {};
  if (!isObj(node)) {
    problems.push({ index, path, message: 'expected elements, found text' });
    return undefined;
  }
  const out: DataRecord = {};
  for (const [name, child] of children(node)) {
    const def = fields[name];
    const here = join(path, name);
    const one = single(child, here, index, problems);
    // Unknown elements are kept, so that validation reports them as unknown fields.
    out[name] = def ? valueFromXml(one, def, index, here, problems) : (textOf(one) ?? one);
  }
  return out;
}

function valueFromXml(
  node: unknown,
  def: FieldDef | ElementSpec,
  index: number,
  path: string,
  problems: Problem[],
): unknown {
  const type = 'type' in def ? def.type : def.elementType;
  if (attrs(node).nil === 'true') return null;
  if (type === 'Object') return objectFromXml(node, def.fields ?? {}, index, path, problems);
  if (type === 'List') {
    const spec: ElementSpec =
      'type' in def
        ? { elementType: def.elementType!, fields: def.fields, element: def.element, maxLength: def.maxLength }
        : (def.element ?? { elementType: 'String' });
    const untyped = !('type' in def) && !def.element;
    if (node === '') return [];
    if (!isObj(node)) {
      problems.push({ index, path, message: 'expected <item> elements' });
      return undefined;
    }
    const others = children(node).filter(([k]) => k !== 'item');
    if (others.length)
      problems.push({ index, path: join(path, others[0][0]), message: 'a list holds only <item> elements' });
    return toArray(node.item).map((el, i) =>
      untyped ? (textOf(el) ?? el) : valueFromXml(el, spec, index, `${path}[${i}]`, problems),
    );
  }
  const t = textOf(node);
  if (t === undefined) {
    problems.push({ index, path, message: 'expected a value, found elements' });
    return undefined;
  }
  return t;
}

// ---- meta ----

function metaFromXml(node: unknown, problems: Problem[]): Descriptor {
  const meta: Record<string, unknown> = {};
  for (const [key, child] of children(node)) {
    const one = single(child, key, -1, problems);
    if (key === 'keywords') meta.keywords = isObj(one) ? toArray(one.keyword).map((k) => textOf(k) ?? '') : [];
    else if (key === 'responsible') meta.responsible = contactFromXml(one, problems, key);
    else if (key === 'fields') meta.fields = fieldsFromXml(one, 'fields', problems);
    else meta[key] = textOf(one) ?? '';
  }
  return meta as unknown as Descriptor;
}

function contactFromXml(node: unknown, problems: Problem[], path: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, child] of children(node)) {
    const one = single(child, `${path}.${key}`, -1, problems);
    out[key] = key === 'owner' ? contactFromXml(one, problems, `${path}.owner`) : (textOf(one) ?? '');
  }
  return out;
}

function specAttrs(a: Record<string, string>, out: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(a)) {
    if (k === 'name') continue;
    out[k] = k === 'pkey' ? v === 'true' : k === 'maxLength' ? Number(v) : v;
  }
}

function fieldsFromXml(node: unknown, path: string, problems: Problem[]): FieldMap {
  const out: FieldMap = {};
  for (const f of toArray(isObj(node) ? node.field : undefined)) {
    const a = attrs(f);
    if (!a.name) {
      problems.push({ index: -1, path, message: '<field> needs a name attribute' });
      continue;
    }
    const def: Record<string, unknown> = {};
    specAttrs(a, def);
    addNested(f, def, `${path}.${a.name}`, problems);
    out[a.name] = def as unknown as FieldDef;
  }
  return out;
}

function addNested(node: unknown, def: Record<string, unknown>, path: string, problems: Problem[]): void {
  if (!isObj(node)) return;
  if (node.field !== undefined) def.fields = fieldsFromXml(node, `${path}.fields`, problems);
  if (node.element !== undefined) {
    const el = single(node.element, `${path}.element`, -1, problems);
    const spec: Record<string, unknown> = {};
    specAttrs(attrs(el), spec);
    addNested(el, spec, `${path}.element`, problems);
    def.element = spec;
  }
}

// ---- writing ----

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The XML form of a document (for downloads and tests). */
export function writeXml(meta: Descriptor, data: readonly DataRecord[]): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n<openData>\n<meta>\n'];
  for (const [k, v] of Object.entries(meta)) {
    if (k === 'fields') out.push('<fields>\n', fieldsXml(meta.fields), '</fields>\n');
    else if (k === 'keywords')
      out.push('<keywords>', ...meta.keywords.map((w) => `<keyword>${esc(w)}</keyword>`), '</keywords>\n');
    else if (isObj(v)) out.push(`<${k}>`, contactXml(v), `</${k}>\n`);
    else if (v !== undefined) out.push(`<${k}>${esc(String(v))}</${k}>\n`);
  }
  out.push('</meta>\n<data>\n');
  for (const r of data) out.push('<record>', valueXml(r), '</record>\n');
  out.push('</data>\n</openData>\n');
  return out.join('');
}

function contactXml(c: Record<string, unknown>): string {
  return Object.entries(c)
    .map(([k, v]) =>
      isObj(v) ? `<${k}>${contactXml(v)}</${k}>` : v === undefined ? '' : `<${k}>${esc(String(v))}</${k}>`,
    )
    .join('');
}

function specXml(spec: Record<string, unknown>): string {
  return Object.entries(spec)
    .filter(([k, v]) => k !== 'fields' && k !== 'element' && v !== undefined)
    .map(([k, v]) => ` ${k}="${esc(String(v))}"`)
    .join('');
}

function nestedXml(spec: FieldDef | ElementSpec): string {
  let s = spec.fields ? fieldsXml(spec.fields) : '';
  if (spec.element)
    s += `<element${specXml(spec.element as unknown as Record<string, unknown>)}>${nestedXml(spec.element)}</element>`;
  return s;
}

function fieldsXml(fields: FieldMap): string {
  return Object.entries(fields)
    .map(([name, def]) => {
      const inner = nestedXml(def);
      const head = `<field name="${esc(name)}"${specXml(def as unknown as Record<string, unknown>)}`;
      return inner ? `${head}>\n${inner}</field>\n` : `${head}/>\n`;
    })
    .join('');
}

function valueXml(v: unknown): string {
  if (Array.isArray(v))
    return v.map((el) => (el === null ? '<item nil="true"/>' : `<item>${valueXml(el)}</item>`)).join('');
  if (isObj(v)) {
    return Object.entries(v)
      .map(([k, x]) => (x === undefined ? '' : x === null ? `<${k} nil="true"/>` : `<${k}>${valueXml(x)}</${k}>`))
      .join('');
  }
  return esc(String(v));
}
