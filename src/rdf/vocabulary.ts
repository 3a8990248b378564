// Pasport's own vocabulary (vocab/pasport.ttl, and the quality metrics of vocab/quality.ttl) as quads, for the namespace of the deployment: the file
// is written relative to its own document, parsed once, and its IRIs rebased per namespace.
import { readFileSync } from 'node:fs';
import { DataFactory, Parser } from 'n3';
import type { Quad, Term } from '@rdfjs/types';
import { VOCAB_DIR } from './tables.ts';
import { withCanonicalLanguage } from './terms.ts';

export const PASPORT_VOCAB_FILE = VOCAB_DIR + 'pasport.ttl';
/** DQV metrics and dimensions of the metadata quality score (src/quality). */
export const QUALITY_VOCAB_FILE = VOCAB_DIR + 'quality.ttl';

/** A base no deployment uses, so the parsed IRIs can be told apart and rebased. */
const PARSE_BASE = 'urn:x-pasport-vocab:ns';

let parsed: Quad[] | null = null;
const byNs = new Map<string, Quad[]>();

/** The document IRI of a namespace: `https://x/ns#` -> `https://x/ns`; `https://x/ns/` stays. */
export const vocabularyDocument = (ns: string) => (ns.endsWith('#') ? ns.slice(0, -1) : ns);

export function pasportVocabularyQuads(ns: string): Quad[] {
  let out = byNs.get(ns);
  if (out) return out;
  parsed ??= [PASPORT_VOCAB_FILE, QUALITY_VOCAB_FILE].flatMap((f) =>
    new Parser({ format: 'text/turtle', baseIRI: PARSE_BASE })
      .parse(readFileSync(f, 'utf8'))
      .map(withCanonicalLanguage),
  );
  const rebase = <T extends Term>(t: T): T => {
    if (t.termType !== 'NamedNode' || !t.value.startsWith(PARSE_BASE)) return t;
    const rest = t.value.slice(PARSE_BASE.length);
    return DataFactory.namedNode(
      rest.startsWith('#') ? ns + rest.slice(1) : vocabularyDocument(ns) + rest,
    ) as unknown as T;
  };
  out = parsed.map((q) => DataFactory.quad(rebase(q.subject), rebase(q.predicate), rebase(q.object), q.graph));
  byNs.set(ns, out);
  return out;
}
