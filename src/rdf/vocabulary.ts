// Pasport's own vocabulary (vocab/pasport.ttl) as quads, parsed once: for the /vocab document
// and for loading into the SPARQL store beside the catalogue.
import { readFileSync } from 'node:fs';
import { Parser } from 'n3';
import type { Quad } from '@rdfjs/types';
import { VOCAB_DIR } from './tables.ts';
import { withCanonicalLanguage } from './terms.ts';

export const PASPORT_VOCAB_FILE = VOCAB_DIR + 'pasport.ttl';

let cache: Quad[] | null = null;

export function pasportVocabularyQuads(): Quad[] {
  cache ??= new Parser({ format: 'text/turtle' }).parse(readFileSync(PASPORT_VOCAB_FILE, 'utf8')).map(withCanonicalLanguage);
  return cache;
}
