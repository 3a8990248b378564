import t from 'tap';
import { readFileSync } from 'node:fs';
import { pasportVocabularyQuads } from '../../src/rdf/vocabulary.ts';
import { PREFIXES, defaultVocabNs } from '../../src/rdf/namespaces.ts';
import { exportQuads, passportConcept } from '../../src/rdf/mapping.ts';
import { JSONLD_CONTEXT } from '../../src/rdf/serialize.ts';
import {
  VOCAB_DIR,
  fileType,
  frequencyCode,
  isThemeCode,
  sphereThemeCode,
  euLanguageCode,
} from '../../src/rdf/tables.ts';
import { validateQuads, formatResults } from '../../src/rdf/shacl.ts';
import { BASE, ctx, packages } from './fixtures/catalog.ts';

const { rdf, rdfs, skos, dct } = PREFIXES;
const LANGS = ['uz', 'uz-Cyrl', 'ru', 'en'];
const PASPORT_NS = defaultVocabNs(BASE);
const vocab = pasportVocabularyQuads(PASPORT_NS);
const langsOf = (s: string, p: string) =>
  vocab
    .filter((q) => q.subject.value === s && q.predicate.value === p)
    .map((q) => (q.object as { language: string }).language);

t.test('every property and concept is labelled in uz, uz-Cyrl, ru and en', async (t) => {
  const props = vocab
    .filter((q) => q.predicate.value === rdf + 'type' && /#(Object|Datatype)Property$/.test(q.object.value))
    .map((q) => q.subject.value);
  t.ok(props.length >= 10, `${props.length} properties`);
  for (const p of props) {
    t.same(langsOf(p, rdfs + 'label').sort(), [...LANGS].sort(), `${p} labels`);
    t.same(langsOf(p, rdfs + 'comment').sort(), [...LANGS].sort(), `${p} comments`);
  }
  const concepts = vocab
    .filter((q) => q.predicate.value === rdf + 'type' && q.object.value === skos + 'Concept')
    .map((q) => q.subject.value);
  t.equal(concepts.length, 9, 'three schemes of three concepts');
  for (const c of concepts) t.same(langsOf(c, skos + 'prefLabel').sort(), [...LANGS].sort(), `${c} prefLabel`);
  for (const s of ['PriorityScheme', 'RelevanceScheme', 'ProvisionScheme']) {
    t.same(langsOf(PASPORT_NS + s, dct + 'title').sort(), [...LANGS].sort(), `${s} title`);
  }
});

t.test('the vocabulary validates against the DCAT-AP shapes (concept schemes)', async (t) => {
  const r = await validateQuads(vocab);
  t.equal(r.violations.length, 0, formatResults(r.violations));
});

t.test('every pas: term the mapping writes is declared', async (t) => {
  const declared = new Set(vocab.map((q) => q.subject.value));
  const used = new Set<string>();
  for await (const batch of exportQuads(packages, ctx)) {
    for (const q of batch) {
      for (const term of [q.predicate, q.object])
        if (term.termType === 'NamedNode' && term.value.startsWith(PASPORT_NS)) used.add(term.value);
    }
  }
  t.ok(used.size >= 10, `${used.size} terms used`);
  for (const u of used) t.ok(declared.has(u), `${u} declared in vocab/pasport.ttl`);
  for (const [scheme, values] of [
    ['priority', ['high', 'medium', 'low']],
    ['relevance', ['high', 'medium', 'low']],
    ['provision', ['manual', 'automatic', 'external']],
  ] as const) {
    for (const v of values) t.ok(declared.has(passportConcept(scheme, v, PASPORT_NS)), `${scheme} ${v}`);
  }
});

t.test('bundled JSON-LD context matches the namespace table', async (t) => {
  const file = JSON.parse(readFileSync(VOCAB_DIR + 'context.jsonld', 'utf8'))['@context'];
  t.same(file, JSONLD_CONTEXT);
  for (const [p, ns] of Object.entries(PREFIXES)) if (p !== 'iana') t.equal(file[p], ns, p);
});

t.test('EU tables: frequencies, themes, languages, file types', async (t) => {
  for (const f of ['daily', 'monthly', 'quarterly', 'annual', 'irregular']) t.ok(frequencyCode(f), f);
  t.equal(frequencyCode('weekly'), undefined);
  const map = JSON.parse(readFileSync(VOCAB_DIR + 'sphere-themes.json', 'utf8'));
  for (const [name, code] of Object.entries(map.map)) t.ok(isThemeCode(code as string), `${name} -> ${code}`);
  t.ok(isThemeCode(map.default));
  t.equal(sphereThemeCode('anything', 'ENVI'), 'ENVI', 'dict eu_theme wins');
  t.equal(sphereThemeCode('transport', 'NOPE'), 'TRAN', 'invalid eu_theme falls back to the file');
  t.equal(euLanguageCode('uz-Cyrl'), 'UZB');
  t.equal(euLanguageCode('uz-cyrl'), 'UZB');
  t.equal(euLanguageCode('kk'), 'KAZ');
  const ft = JSON.parse(readFileSync(VOCAB_DIR + 'eu/file-types.json', 'utf8'));
  for (const [k, v] of Object.entries(ft.formats) as [string, { mediaType: string | null }][]) {
    if (v.mediaType) t.match(v.mediaType, /^[a-z]+\/[a-z0-9.+-]+$/, `${k} media type`);
  }
  for (const [alias, target] of Object.entries(ft.aliases)) t.ok(ft.formats[target as string], `alias ${alias}`);
  t.equal(fileType('csv')?.code, 'CSV');
  t.equal(fileType('.Json-LD')?.code, 'JSON_LD');
  t.equal(fileType('nope'), undefined);
});

t.test('the vocabulary follows a configured namespace, hash or slash', async (t) => {
  for (const ns of ['https://vocab.example.org/pasport#', 'https://vocab.example.org/pasport/']) {
    const q = pasportVocabularyQuads(ns);
    t.ok(
      q.some((x) => x.subject.value === `${ns}priority`),
      `${ns}priority declared`,
    );
    t.ok(
      q.some((x) => x.subject.value === ns.replace(/#$/, '') && x.object.value.endsWith('#Ontology')),
      'the ontology is the namespace document',
    );
    t.notOk(
      q.some((x) => /pasport\.uz|urn:x-pasport/.test(x.subject.value + x.object.value)),
      'no placeholder left',
    );
  }
});
