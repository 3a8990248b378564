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
import { validateQuads } from '../rdf/shacl.ts';
import { dcat, dct, foaf, vcard } from '../rdf/namespaces.ts';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
// Objects of these are addresses chosen by publishers, checked by the shapes only as IRIs.
const ADDRESS_PREDICATES = new Set([
  dcat('accessURL'), dcat('downloadURL'), dcat('landingPage'), dcat('endpointURL'), foaf('homepage'), foaf('page'),
  vcard('hasEmail'), vcard('hasTelephone'), vcard('hasURL'), dct('spatial'), dct('license'), dct('relation'),
].map((t) => t.value));

function termKey(t: Term, base: string, addresses: Set<string>): string {
  if (t.termType === 'Literal') return `"${t.datatype.value}@${t.language}`;
  if (t.termType === 'BlankNode') return '_';
  if (addresses.has(t.value)) return t.value.startsWith('http://publications.europa.eu/') ? t.value : '<addr>';
  return (t.value.startsWith(base) ? '~' + t.value.slice(base.length) : t.value).replace(UUID, 'U');
}

/** The structure of a graph, as one hash: equal hashes validate alike. */
export function structureKey(quads: Quad[], base: string): string {
  const addresses = new Set<string>();
  for (const q of quads) if (ADDRESS_PREDICATES.has(q.predicate.value) && q.object.termType === 'NamedNode') addresses.add(q.object.value);
  const lines = quads.map((q) => `${termKey(q.subject, base, addresses)} ${q.predicate.value} ${termKey(q.object, base, addresses)}`);
  lines.sort();
  return createHash('sha1').update(lines.join('\n')).digest('base64');
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
