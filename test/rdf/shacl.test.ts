import t from 'tap';
import { DataFactory } from 'n3';
import type { Quad } from '@rdfjs/types';
import { datasetDocumentQuads, organizationQuads, catalogQuads } from '../../src/rdf/mapping.ts';
import { PREFIXES } from '../../src/rdf/namespaces.ts';
import { shapesQuads, validateQuads, formatResults } from '../../src/rdf/shacl.ts';
import { BASE, ctx, organizations, packages } from './fixtures/catalog.ts';

const { namedNode, literal, quad } = DataFactory;
const { dct, dcat, xsd } = PREFIXES;
const DS = `${BASE}/dataset/ds-daily`;
const DIST = `${DS}/resource/r-csv`;
const doc = () => datasetDocumentQuads(packages[0], ctx);
const without = (qs: Quad[], s: string, p: string) =>
  qs.filter((q) => !(q.subject.value === s && q.predicate.value === p));
const replace = (qs: Quad[], s: string, p: string, o: Quad['object']) => [
  ...without(qs, s, p),
  quad(namedNode(s), namedNode(p), o),
];

t.test('shapes are parsed once and cached', async (t) => {
  const a = shapesQuads();
  t.ok(a.length > 500, `${a.length} shape triples`);
  t.equal(shapesQuads(), a, 'same array on the second call');
});

t.test('every mapped document conforms (0 violations)', async (t) => {
  for (const p of packages) {
    const r = await validateQuads(datasetDocumentQuads(p, ctx));
    t.equal(r.violations.length, 0, `${p.id}\n${formatResults(r.violations)}`);
    t.ok(r.conforms);
  }
  const org = await validateQuads(organizationQuads(organizations['org-stat'], ctx));
  t.equal(org.violations.length, 0, 'organization document');
  const cat = await validateQuads(catalogQuads(ctx, []));
  t.equal(cat.violations.length, 0, `catalogue alone\n${formatResults(cat.violations)}`);
});

t.test('violations are reported with focus node, path, message, severity', async (t) => {
  const r = await validateQuads(without(doc(), DS, dct + 'title'));
  t.notOk(r.conforms);
  const v = r.violations.find((x) => x.path === dct + 'title');
  t.ok(v, 'missing title is a violation');
  t.equal(v?.focusNode, DS);
  t.equal(v?.severity, 'Violation');
  t.ok(v?.message.length);
});

t.test('the date supplement catches untyped dates upstream shapes miss', async (t) => {
  const r = await validateQuads(replace(doc(), DS, dct + 'issued', literal('1st of March 2024')));
  t.ok(
    r.violations.some((x) => x.focusNode === DS && x.path === dct + 'issued'),
    formatResults(r.violations),
  );
});

t.test('byteSize datatype, format cardinality and accessURL are enforced', async (t) => {
  const bad = replace(doc(), DIST, dcat + 'byteSize', literal('12 kB'));
  const r1 = await validateQuads(bad);
  t.ok(r1.violations.some((x) => x.path === dcat + 'byteSize'));
  const decimal = replace(doc(), DIST, dcat + 'byteSize', literal('12', namedNode(xsd + 'decimal')));
  t.ok(
    (await validateQuads(decimal)).violations.some((x) => x.path === dcat + 'byteSize'),
    '3.0.1 wants nonNegativeInteger',
  );
  const twoFormats = [...doc(), quad(namedNode(DIST), namedNode(dct + 'format'), namedNode(PREFIXES.ftype + 'XML'))];
  t.ok((await validateQuads(twoFormats)).violations.some((x) => x.path === dct + 'format'));
  const noAccess = without(doc(), DIST, dcat + 'accessURL');
  t.ok((await validateQuads(noAccess)).violations.some((x) => x.path === dcat + 'accessURL'));
});

t.test('recommended properties come back as warnings, not violations', async (t) => {
  const r = await validateQuads(without(doc(), DS, dcat + 'keyword'));
  t.equal(r.violations.length, 0);
  t.ok(r.warnings.some((x) => x.focusNode === DS && x.path === dcat + 'keyword'));
  t.ok(r.conforms, 'warnings do not break conformance');
});

t.test('no silent cap: a value shared by many nodes is checked every time', async (t) => {
  // rdf-validate-shacl stops checking a (node, shape) pair after 50 checks by default; the same
  // bad date literal on 60 datasets must still give 60 violations.
  const many: Quad[] = [];
  for (let i = 0; i < 60; i++) {
    const p = { ...packages[2], id: `cap-${i}` };
    const dsIri = `${BASE}/dataset/cap-${i}`;
    for (const q of replace(datasetDocumentQuads(p, ctx), dsIri, dct + 'issued', literal('not a date'))) many.push(q);
  }
  const r = await validateQuads(many);
  t.equal(r.violations.filter((x) => x.path === dct + 'issued').length, 60);
});
