// Records as linked data: field properties with labels and ranges, typed literals, cross-dataset IRIs.
import t from 'tap';
import { Parser, Writer } from 'n3';
import type { Quad } from '@rdfjs/types';
import { compileDescriptor } from '../../src/descriptor/compile.ts';
import { fieldSchemaQuads, langTagOf, recordQuads } from '../../src/descriptor/rdf.ts';
import type { Descriptor } from '../../src/descriptor/types.ts';
import { pharmacies, pharmacyRecords, shifts } from './fixtures.ts';

const PH = 'https://data.example.kz/dataset/astana_pharmacies';
const SH = 'https://data.example.kz/dataset/astana_pharmacy_shifts/';
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const RDFS = 'http://www.w3.org/2000/01/rdf-schema#';
const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const resolver = (apiUri: string) => (apiUri === 'astana_pharmacies' ? PH : undefined);

// Quads as readable strings: `s p o`, literals as "v"@lang or "v"^^type.
const term = (x: Quad['object']) =>
  x.termType === 'Literal'
    ? `"${x.value}"${x.language ? `@${x.language}` : x.datatype.value === `${XSD}string` ? '' : `^^${x.datatype.value.replace(XSD, 'xsd:').replace('http://www.opengis.net/ont/geosparql#', 'geo:')}`}`
    : x.termType === 'BlankNode'
      ? '_'
      : `<${x.value}>`;
const pred = (iri: string) =>
  iri.startsWith(RDFS) ? iri.replace(RDFS, 'rdfs:') : iri.startsWith(RDF) ? iri.replace(RDF, 'rdf:') : `<${iri}>`;
const lines = (qs: Quad[]) =>
  qs.map((q) => `${term(q.subject as Quad['object'])} ${pred(q.predicate.value)} ${term(q.object)}`);

t.test('language tags from key suffixes', async (t) => {
  t.equal(langTagOf('labelKk', 'label'), 'kk');
  t.equal(langTagOf('labelUzCyrl', 'label'), 'uz-Cyrl');
  t.equal(langTagOf('labelEn', 'label'), 'en');
  t.equal(langTagOf('label', 'label'), undefined);
});

t.test('field schema: properties in the dataset namespace with labels and ranges', async (t) => {
  const q = lines(fieldSchemaQuads(pharmacies, PH));
  for (const l of [
    `<${PH}/field/id> rdf:type <http://www.w3.org/1999/02/22-rdf-syntax-ns#Property>`,
    `<${PH}/field/id> rdfs:label "сәйкестендіргіш"@kk`,
    `<${PH}/field/id> rdfs:label "идентификатор"@ru`,
    `<${PH}/field/id> rdfs:label "Identifier"@en`,
    `<${PH}/field/id> rdfs:range <${XSD}string>`,
    `<${PH}/field/id> rdfs:isDefinedBy <${PH}>`,
    `<${PH}/field/address> rdfs:range <${XSD}string>`,
    `<${PH}/field/schedule> rdfs:range <${XSD}string>`,
    `<${PH}/field/expireDate> rdfs:range <${XSD}dateTime>`,
    `<${PH}/field/geoposition> rdfs:range <http://www.opengis.net/ont/geosparql#wktLiteral>`,
    `<${PH}/class/Record> rdfs:label "Аптеки города Астана"@ru`,
    `<${PH}/class/Record> rdfs:label "Астана қаласының дәріханалары"@kk`,
  ])
    t.ok(q.includes(l), l);

  const typed: Descriptor = {
    ...pharmacies,
    fields: {
      n: { type: 'Int', labelKk: 'n', labelRu: 'n' },
      d: { type: 'Double', labelKk: 'd', labelRu: 'd' },
      b: { type: 'Boolean', labelKk: 'b', labelRu: 'b' },
      u: { type: 'String', labelUzCyrl: 'Ном' },
    },
  };
  const tq = lines(fieldSchemaQuads(typed, PH));
  for (const l of [
    `<${PH}/field/n> rdfs:range <${XSD}integer>`,
    `<${PH}/field/d> rdfs:range <${XSD}double>`,
    `<${PH}/field/b> rdfs:range <${XSD}boolean>`,
    `<${PH}/field/u> rdfs:label "Ном"@uz-cyrl`,
  ])
    t.ok(tq.includes(l), l); // n3 lower-cases language tags (they are case-insensitive)

  const sq = lines(fieldSchemaQuads(shifts, SH));
  t.ok(
    sq.includes(`<${SH.slice(0, -1)}/field/pharmacy> rdfs:range <${RDFS}Resource>`),
    'a reference ranges over resources',
  );
  t.ok(
    sq.includes(`<${SH.slice(0, -1)}/field/backups.pharmacy> rdfs:label "Аптека"@ru`),
    'nested fields: dotted paths',
  );
  t.ok(sq.includes(`<${SH.slice(0, -1)}/field/backups.priority> rdfs:range <${XSD}integer>`));
});

t.test('record quads: IRIs, typed literals, WKT points', async (t) => {
  const q = lines(recordQuads(pharmacyRecords[0], pharmacies, PH, resolver));
  const r = `<${PH}/record/11>`;
  t.strictSame(q, [
    `${r} rdf:type <${PH}/class/Record>`,
    `${r} <${PH}/field/id> "11"`,
    `${r} <${PH}/field/name> "Гиппократ"`,
    `${r} <${PH}/field/region> "Астана"`,
    `${r} <${PH}/field/geoposition> "POINT(71.428171 51.117469)"^^geo:wktLiteral`,
    `${r} <${PH}/field/address> "Астана қаласы, "Ильинка" Т.А. Есет батыр көшесі 18-үй"`,
    `${r} <${PH}/field/schedule> "09:00-21:00"`,
    `${r} <${PH}/field/expireDate> "2026-12-31T00:00:00"^^xsd:dateTime`,
  ]);
  const typed: Descriptor = {
    ...pharmacies,
    fields: {
      k: { type: 'String', labelKk: 'k', labelRu: 'k', pkey: true },
      n: { type: 'Int', labelKk: 'n', labelRu: 'n' },
      d: { type: 'Double', labelKk: 'd', labelRu: 'd' },
      b: { type: 'Boolean', labelKk: 'b', labelRu: 'b' },
    },
  };
  const tq = lines(recordQuads({ k: 'a b/c', n: 42, d: 2.5, b: false }, typed, PH, resolver));
  t.strictSame(
    tq.slice(1),
    [
      `<${PH}/record/a%20b%2Fc> <${PH}/field/k> "a b/c"`,
      `<${PH}/record/a%20b%2Fc> <${PH}/field/n> "42"^^xsd:integer`,
      `<${PH}/record/a%20b%2Fc> <${PH}/field/d> "2.5"^^xsd:double`,
      `<${PH}/record/a%20b%2Fc> <${PH}/field/b> "false"^^xsd:boolean`,
    ],
    'keys are IRI-escaped',
  );
});

t.test('datapath references become IRIs of the referenced records', async (t) => {
  const v = await compileDescriptor(shifts).validateBatch(
    [{ shiftId: '7', pharmacy: '11', backups: [{ pharmacy: '22', priority: '1' }] }],
    { resolveKeys: () => new Set(['11', '22']) },
  );
  if (!v.ok) return t.fail('valid');
  const q = lines(recordQuads(v.records[0], shifts, SH, resolver));
  const s = 'https://data.example.kz/dataset/astana_pharmacy_shifts';
  t.strictSame(q, [
    `<${s}/record/7> rdf:type <${s}/class/Record>`,
    `<${s}/record/7> <${s}/field/shiftId> "7"^^xsd:integer`,
    `<${s}/record/7> <${s}/field/pharmacy> <${PH}/record/11>`,
    `<${s}/record/7> <${s}/field/backups> <${s}/record/7/backups/0>`,
    `<${s}/record/7/backups/0> <${s}/field/backups.pharmacy> <${PH}/record/22>`,
    `<${s}/record/7/backups/0> <${s}/field/backups.priority> "1"^^xsd:integer`,
  ]);
  const unresolved = lines(recordQuads(v.records[0], shifts, SH, () => undefined));
  t.ok(
    unresolved.includes(`<${s}/record/7> <${s}/field/pharmacy> "11"`),
    'an unknown dataset leaves the value a literal',
  );
});

t.test('nested objects, lists and lists of lists; the output is valid Turtle', async (t) => {
  const d: Descriptor = {
    ...pharmacies,
    fields: {
      id: { type: 'Int', labelKk: 'i', labelRu: 'i', pkey: true },
      schedule: {
        type: 'Object',
        labelKk: 's',
        labelRu: 's',
        fields: { open: { type: 'Date', labelKk: 'o', labelRu: 'o' } },
      },
      tags: { type: 'List', elementType: 'String', labelKk: 't', labelRu: 't' },
      grid: { type: 'List', elementType: 'List', element: { elementType: 'Int' }, labelKk: 'g', labelRu: 'g' },
    },
  };
  const quads = recordQuads(
    { id: 1, schedule: { open: '2025-01-01T09:00:00' }, tags: ['a', 'b'], grid: [[1, 2]], ghost: null } as never,
    d,
    PH,
    resolver,
  );
  const q = lines(quads);
  t.ok(q.includes(`<${PH}/record/1> <${PH}/field/schedule> <${PH}/record/1/schedule>`));
  t.ok(q.includes(`<${PH}/record/1/schedule> <${PH}/field/schedule.open> "2025-01-01T09:00:00"^^xsd:dateTime`));
  t.ok(
    q.includes(`<${PH}/record/1> <${PH}/field/tags> "a"`) && q.includes(`<${PH}/record/1> <${PH}/field/tags> "b"`),
    'a list is the repeated property',
  );
  t.ok(
    q.includes(`_ rdf:first "1"^^xsd:integer`) &&
      q.includes(`_ rdf:rest <http://www.w3.org/1999/02/22-rdf-syntax-ns#nil>`),
    'an inner list is an rdf:List',
  );
  const turtle = await new Promise<string>((res, rej) => {
    const w = new Writer({ prefixes: { xsd: XSD } });
    w.addQuads([...fieldSchemaQuads(d, PH), ...quads]);
    w.end((e, out) => (e ? rej(e) : res(out)));
  });
  t.equal(
    new Parser().parse(turtle).length,
    fieldSchemaQuads(d, PH).length + quads.length,
    'serialises and parses back',
  );
});
