// Reading a DCAT page in any of the four serialisations the ckanext-dcat endpoints offer: Turtle and
// N-Triples (n3), RDF/XML (rdfxml-streaming-parser) and JSON-LD (jsonld, with remote contexts refused:
// a harvested page must not make the service fetch arbitrary URLs).
import { Parser } from 'n3';
import { RdfXmlParser } from 'rdfxml-streaming-parser';
import { loadJsonLd } from '../lazy.ts';
import type { Quad } from '@rdfjs/types';
import { offlineDocumentLoader } from '../rdf/serialize.ts';

export type RdfFormat = 'turtle' | 'ntriples' | 'rdfxml' | 'jsonld';

export function rdfFormatOf(contentType: string, url: string, hint?: unknown): RdfFormat {
  const ct = contentType.toLowerCase();
  if (ct.includes('turtle') || ct.includes('n3')) return 'turtle';
  if (ct.includes('n-triples')) return 'ntriples';
  if (ct.includes('ld+json')) return 'jsonld';
  if (ct.includes('rdf+xml') || ct.includes('/xml')) return 'rdfxml';
  const h = String(hint ?? '').toLowerCase() || (/\.(\w+)(\?|$)/.exec(new URL(url).pathname)?.[1] ?? '');
  if (['ttl', 'turtle', 'n3'].includes(h)) return 'turtle';
  if (['nt', 'ntriples'].includes(h)) return 'ntriples';
  if (['jsonld', 'json-ld', 'json'].includes(h)) return 'jsonld';
  if (['rdf', 'xml', 'rdfxml'].includes(h)) return 'rdfxml';
  return 'turtle';
}

function parseRdfXml(text: string, baseIRI: string): Promise<Quad[]> {
  return new Promise((resolve, reject) => {
    const out: Quad[] = [];
    const p = new RdfXmlParser({ baseIRI });
    p.on('data', (q: Quad) => out.push(q));
    p.on('error', reject);
    p.on('end', () => resolve(out));
    p.write(text);
    p.end();
  });
}

export async function parseRdf(text: string, format: RdfFormat, baseIRI: string): Promise<Quad[]> {
  switch (format) {
    case 'turtle':
      return new Parser({ format: 'text/turtle', baseIRI }).parse(text);
    case 'ntriples':
      return new Parser({ format: 'application/n-triples' }).parse(text);
    case 'rdfxml':
      return parseRdfXml(text, baseIRI);
    case 'jsonld': {
      const jsonld = await loadJsonLd();
      const nquads = (await jsonld.toRDF(JSON.parse(text), {
        format: 'application/n-quads',
        base: baseIRI,
        documentLoader: offlineDocumentLoader(),
      } as never)) as unknown as string;
      return new Parser({ format: 'application/n-quads' }).parse(nquads);
    }
  }
}
