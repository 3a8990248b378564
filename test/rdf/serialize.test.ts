import t from 'tap';
import type { Quad } from '@rdfjs/types';
import { DataFactory } from 'n3';
import { catalogPageQuads, sphereSchemeQuads, structureSchemeQuads, exportQuads } from '../../src/rdf/mapping.ts';
import {
  contentType,
  formats,
  isFormatExt,
  negotiate,
  offlineDocumentLoader,
  serialize,
  serializeReadable,
  serializeStream,
  toJsonLdObject,
  type FormatExt,
} from '../../src/rdf/serialize.ts';
import { toRdfXml } from '../../src/rdf/rdfxml.ts';
import { validateQuads, formatResults } from '../../src/rdf/shacl.ts';
import { pasportVocabularyQuads } from '../../src/rdf/vocabulary.ts';
import { BASE, ctx, packages } from './fixtures/catalog.ts';
import { diff, parseJsonLd, parseNTriples, parseRdfXml, parseTurtle, tripleSet } from './fixtures/reparse.ts';

// One `seen` set across the page and the schemes, so shared nodes are described once.
const fixtureQuads = (seen = new Set<string>()): Quad[] => [
  ...catalogPageQuads(ctx, {
    packages,
    page: 1,
    itemsPerPage: 100,
    totalItems: packages.length,
    pageUri: (n) => `${BASE}/catalog.ttl?page=${n}`,
    seen,
  }),
  ...sphereSchemeQuads(ctx, undefined, { seen }),
  ...structureSchemeQuads(ctx, undefined, { seen }),
];

const reparse: Record<FormatExt, (text: string) => Quad[] | Promise<Quad[]>> = {
  ttl: parseTurtle,
  nt: parseNTriples,
  rdf: (text) => parseRdfXml(text),
  jsonld: parseJsonLd,
};

t.test('formats table and content types', async (t) => {
  t.same(Object.fromEntries(Object.values(formats).map((f) => [f.ext, f.mediaType])), {
    ttl: 'text/turtle',
    nt: 'application/n-triples',
    rdf: 'application/rdf+xml',
    jsonld: 'application/ld+json',
  });
  t.equal(contentType('ttl'), 'text/turtle; charset=utf-8');
  t.ok(isFormatExt('jsonld'));
  t.notOk(isFormatExt('n3'));
  t.notOk(isFormatExt('toString'));
});

t.test('Accept negotiation', async (t) => {
  t.equal(negotiate('text/turtle'), 'ttl');
  t.equal(negotiate('application/ld+json'), 'jsonld');
  t.equal(negotiate('application/rdf+xml'), 'rdf');
  t.equal(negotiate('application/n-triples'), 'nt');
  t.equal(negotiate('text/turtle;charset=utf-8'), 'ttl', 'parameters other than q are accepted');
  t.equal(negotiate('application/ld+json;q=0.5, text/turtle;q=0.9'), 'ttl', 'highest q wins');
  t.equal(negotiate('application/ld+json, text/turtle'), 'jsonld', 'equal q keeps header order');
  t.equal(negotiate('*/*;q=0.1, application/rdf+xml'), 'rdf', 'specific type beats wildcard');
  t.equal(negotiate('text/html,application/xhtml+xml,*/*;q=0.8', { html: true }), 'html');
  t.equal(
    negotiate('text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', { html: true }),
    'html',
    'a browser gets HTML, not RDF/XML',
  );
  t.equal(negotiate('text/html', { html: true }), 'html', 'text/html alone');
  t.equal(negotiate('*/*', { html: true }), 'ttl', '*/* alone is data even where HTML is offered');
  t.equal(negotiate('text/html, text/turtle;q=0.5'), 'ttl', 'html skipped when not offered');
  t.equal(negotiate('application/*'), 'rdf');
  t.equal(negotiate('text/*'), 'ttl');
  t.equal(negotiate('*/*'), 'ttl');
  t.equal(negotiate(undefined), 'ttl');
  t.equal(negotiate('*/*', { fallback: 'jsonld' }), 'jsonld');
  t.equal(negotiate('image/png'), null, '406 when nothing fits');
  t.equal(negotiate('text/turtle;q=0'), null, 'q=0 is not acceptable');
  t.equal(negotiate('garbage,,;'), null);
});

t.test('fixture catalogue: all four formats re-parse to the same triples and validate', async (t) => {
  const quads = fixtureQuads();
  const expected = tripleSet(quads);
  t.equal(expected.size, quads.length, 'mapping has no duplicates');
  const baseline = await validateQuads(quads);
  t.equal(baseline.violations.length, 0, formatResults(baseline.violations));
  // Every warning is a recommended property the fixture has no data for (minCount), none is a
  // malformed value; 24 today: missing keywords/coverage/availability, unknown format, API docs.
  t.same(
    baseline.warnings.filter((w) => !w.constraint?.endsWith('#MinCountConstraintComponent')),
    [],
    'only missing-data warnings',
  );
  t.ok(baseline.warnings.length <= 24, `${baseline.warnings.length} warnings\n${formatResults(baseline.warnings, 30)}`);
  for (const ext of Object.keys(formats) as FormatExt[]) {
    const text = await serialize(quads, ext);
    const back = await reparse[ext](text);
    const got = tripleSet(back);
    t.equal(got.size, expected.size, `${ext}: triple count agrees`);
    t.same(
      [...got].filter((k) => !expected.has(k)),
      [],
      `${ext}: same triples\n${diff(got, expected)}`,
    );
    const report = await validateQuads(back);
    t.equal(
      report.violations.length,
      0,
      `${ext}: 0 SHACL violations after re-parse\n${formatResults(report.violations)}`,
    );
    t.equal(report.warnings.length, baseline.warnings.length, `${ext}: same warnings as the mapped quads`);
  }
});

t.test('uz-Cyrl keeps its case in every serialisation', async (t) => {
  const quads = fixtureQuads();
  t.match(await serialize(quads, 'ttl'), /"Валюта курслари"@uz-Cyrl/);
  t.match(await serialize(quads, 'nt'), /"Валюта курслари"@uz-Cyrl/);
  t.match(await serialize(quads, 'rdf'), /xml:lang="uz-Cyrl">Валюта курслари</);
  t.match(await serialize(quads, 'jsonld'), /"@language": "uz-Cyrl"/);
});

t.test('Turtle and RDF/XML use prefixes; JSON-LD embeds the bundled context', async (t) => {
  const quads = fixtureQuads();
  const ttl = await serialize(quads, 'ttl');
  t.match(ttl, /@prefix dcat: <http:\/\/www\.w3\.org\/ns\/dcat#>/);
  t.match(ttl, /a dcat:Dataset/);
  t.match(ttl, /dct:accrualPeriodicity freq:DAILY/);
  const xml = await serialize(quads, 'rdf');
  t.match(xml, /^<\?xml version="1.0" encoding="utf-8"\?>/);
  t.match(xml, /<dct:title xml:lang="en">Exchange rates<\/dct:title>/);
  const doc = await toJsonLdObject(quads);
  t.equal(typeof doc['@context'], 'object', 'context inline, not a URL');
  t.equal((doc['@context'] as Record<string, string>).dcat, 'http://www.w3.org/ns/dcat#');
});

t.test('fast JSON-LD compaction is equivalent to jsonld.compact', async (t) => {
  const quads = fixtureQuads();
  const fast = await toJsonLdObject(quads);
  const reference = await toJsonLdObject(quads, { compaction: 'jsonld' });
  t.ok(Array.isArray(fast['@graph']), 'fast path taken');
  const a = tripleSet(await parseJsonLd(JSON.stringify(fast)));
  const b = tripleSet(await parseJsonLd(JSON.stringify(reference)));
  t.equal(a.size, tripleSet(quads).size);
  t.same([...a].sort(), [...b].sort(), 'same triples as jsonld.compact');
  // An IRI whose scheme is a prefix name cannot be compacted: written expanded, still correct.
  const { namedNode, literal, quad } = DataFactory;
  const odd = [quad(namedNode('dcat:notreally'), namedNode('http://ex.org/p'), literal('x'))];
  const doc = await toJsonLdObject(odd);
  t.same([...tripleSet(await parseJsonLd(JSON.stringify(doc)))], [...tripleSet(odd)]);
});

t.test('JSON-LD never fetches remote documents', async (t) => {
  const loader = offlineDocumentLoader();
  await t.rejects(loader('https://example.org/context.jsonld'), /refused/);
  const local = await loader(`${BASE}/vocab/context.jsonld`);
  t.ok((local.document as Record<string, unknown>)['@context']);
  const err = await parseJsonLd(JSON.stringify({ '@context': 'https://schema.org/', name: 'x' })).catch((e) => e);
  t.match(
    String(err?.details?.cause?.message),
    /refused \(offline loader\)/,
    'a remote context is refused, not fetched',
  );
});

t.test('streaming writers produce the same triples as whole-document writers', async (t) => {
  const batches: Quad[][] = [];
  for await (const b of exportQuads(packages, ctx)) batches.push(b);
  const all = batches.flat();
  const expected = tripleSet(all);
  for (const ext of ['nt', 'ttl', 'rdf'] as const) {
    let text = '';
    let chunks = 0;
    for await (const c of serializeStream(batches, ext, 512)) {
      text += c;
      chunks++;
    }
    t.ok(chunks > 3, `${ext}: output arrives in several chunks (${chunks})`);
    const got = tripleSet(await reparse[ext](text));
    t.equal(got.size, expected.size, `${ext}: stream has every triple`);
    t.same(
      [...got].filter((k) => !expected.has(k)),
      [],
      `${ext}: no foreign triples`,
    );
  }
  // A Readable works for piping into a reply or a file.
  let text = '';
  for await (const c of serializeReadable(
    (async function* () {
      yield* batches;
    })(),
    'nt',
  ))
    text += c;
  t.equal(tripleSet(parseNTriples(text)).size, expected.size);
  const report = await validateQuads(all);
  t.equal(report.violations.length, 0, formatResults(report.violations));
});

t.test('RDF/XML writer: escaping, blank nodes, undeclared namespaces, datatypes', async (t) => {
  const { namedNode, blankNode, literal, quad } = DataFactory;
  const s = namedNode('http://ex.org/a?x=1&y=2');
  const input = [
    quad(s, namedNode('http://ex.org/ns/p'), literal('a < b & c > d\r\nline "q"')),
    quad(s, namedNode('http://ex.org/ns/q'), blankNode('x 1')),
    quad(
      blankNode('x 1'),
      namedNode('http://other.example/vocab#r'),
      literal('5', namedNode('http://www.w3.org/2001/XMLSchema#integer')),
    ),
    quad(blankNode('x 1'), namedNode('http://other.example/vocab#r'), literal('hi', 'en-GB')),
  ];
  const xml = toRdfXml(input);
  const back = await parseRdfXml(xml);
  t.equal(back.length, 4);
  t.equal(back[0].object.value, 'a < b & c > d\r\nline "q"', 'CR, LF, quotes and markup survive');
  t.equal(back[0].subject.value, s.value);
  t.equal(back[2].subject.termType, 'BlankNode');
  t.equal(back[2].subject.value, back[1].object.value, 'blank node identity kept');
  t.equal(
    (back[2].object as { datatype: { value: string } }).datatype.value,
    'http://www.w3.org/2001/XMLSchema#integer',
  );
  t.throws(() => toRdfXml([quad(s, namedNode('http://ex.org/ns/'), literal('x'))]), /QName/);
  t.throws(() => toRdfXml([quad(s, namedNode('http://ex.org/ns/p'), literal('bad\u0001'))]), /control characters/);
});

t.test('Pasport vocabulary serialises in every format', async (t) => {
  const quads = pasportVocabularyQuads('https://portal.example.org/ns#');
  for (const ext of Object.keys(formats) as FormatExt[]) {
    const got = tripleSet(await reparse[ext](await serialize(quads, ext)));
    t.equal(got.size, tripleSet(quads).size, ext);
  }
});
