// DCAT-AP conformance of one dataset's graph, with the SHACL shapes src/rdf validates against.
//
// Why a cache: rdf-validate-shacl takes tens of milliseconds per dataset graph (bench/quality.ts
// prints the measured figure), which alone would exceed the 60 s budget for 100,000 passports. The
// outcome depends on the graph's structure, not on its text: which properties each node has, how many,
// their node kinds, datatypes, language tags and the vocabulary IRIs the shapes match by pattern or
// class. So graphs are reduced to that structure (literals to datatype@lang, minted identifiers and
// outside URLs to placeholders), and SHACL runs once per distinct structure.
import { createHash } from 'node:crypto';
import type { Quad, Term } from '@rdfjs/types';
import { shapesQuads, validateQuads } from '../rdf/shacl.ts';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

// The vendored shapes use no sh:in, sh:hasValue, sh:pattern, sh:languageIn or sh:uniqueLang (checked
// by test/quality/score.test.ts): a literal matters by its datatype, an IRI by the classes of the node
// it names (which that node's own signature carries), never by its text. Only rdf:type objects and
// the nodes the mapping mints under the catalogue's base (dataset, distributions, contacts...) keep
// their identity.
function termKey(t: Term, base: string, predicate: string | null): string {
  if (t.termType === 'Literal') return `"${t.datatype.value}`;
  if (t.termType === 'BlankNode') return '_';
  if (predicate === RDF_TYPE) return t.value;
  if (t.value.startsWith(base)) return '~' + t.value.slice(base.length).replace(UUID, 'U');
  return '<iri>';
}

const SH_PATH = 'http://www.w3.org/ns/shacl#path';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
let checked: Set<string> | null = null;
/** The properties some shape looks at (sh:path), and rdf:type: no other property can change a result. */
function checkedPredicates(): Set<string> {
  if (!checked) {
    checked = new Set([RDF_TYPE]);
    for (const q of shapesQuads())
      if (q.predicate.value === SH_PATH && q.object.termType === 'NamedNode') checked.add(q.object.value);
  }
  return checked;
}

/** Sorted lines, each repeated at most twice: the shapes tell one value from several (sh:maxCount 1),
 * never several from many, so three keywords or three identical distributions are the same as two. */
function capped(lines: string[]): string[] {
  lines.sort();
  return lines.filter((l, i) => i < 2 || lines[i - 2] !== l);
}

/**
 * The structure of a graph, as one hash: equal hashes validate alike. Each node is reduced to its
 * own signature (its kind and its properties' kinds), so validation, which looks at one focus node and
 * the nodes it points to, sees the same thing in two graphs with equal keys.
 */
export function structureKey(quads: Quad[], base: string): string {
  const seen = checkedPredicates();
  const nodes = new Map<string, { term: Term; lines: string[] }>();
  for (const q of quads) {
    if (!seen.has(q.predicate.value)) continue;
    const line = `${q.predicate.value} ${termKey(q.object, base, q.predicate.value)}`;
    const node = nodes.get(q.subject.value);
    if (node) node.lines.push(line);
    else nodes.set(q.subject.value, { term: q.subject, lines: [line] });
  }
  const signatures: string[] = [];
  for (const { term, lines } of nodes.values())
    signatures.push(termKey(term, base, null) + '{' + capped(lines).join('|') + '}');
  return createHash('sha1').update(capped(signatures).join('\n')).digest('base64');
}

export class ConformanceCache {
  private readonly results = new Map<string, Promise<boolean>>();
  validations = 0;
  hits = 0;
  validationMs = 0;

  constructor(private readonly max = 20_000) {}

  conforms(quads: Quad[], base: string): Promise<boolean> {
    const key = structureKey(quads, base);
    const known = this.results.get(key);
    if (known) {
      this.hits++;
      return known;
    }
    if (this.results.size >= this.max) this.results.clear();
    const started = performance.now();
    const p = validateQuads(quads).then((r) => {
      this.validations++;
      this.validationMs += performance.now() - started;
      return r.conforms;
    });
    this.results.set(key, p);
    p.catch(() => this.results.delete(key));
    return p;
  }
}
