// Result formats: short names (the `format` parameter), media types, and content negotiation.
import type { QueryForm } from './analyze.ts';

export type FormatName = 'json' | 'xml' | 'csv' | 'tsv' | 'turtle' | 'ntriples' | 'rdfxml' | 'jsonld';

export const MEDIA_TYPES: Record<FormatName, string> = {
  json: 'application/sparql-results+json',
  xml: 'application/sparql-results+xml',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  turtle: 'text/turtle',
  ntriples: 'application/n-triples',
  rdfxml: 'application/rdf+xml',
  jsonld: 'application/ld+json',
};

export const SOLUTION_FORMATS: FormatName[] = ['json', 'xml', 'csv', 'tsv'];
export const GRAPH_FORMATS: FormatName[] = ['turtle', 'ntriples', 'rdfxml', 'jsonld'];

/** Extra media types and aliases clients send (SPARQLWrapper, YASGUI, curl users). */
const ALIASES: Record<string, FormatName> = {
  'application/json': 'json',
  'application/sparql-results+json': 'json',
  'application/sparql-results+xml': 'xml',
  'application/xml': 'xml',
  'text/xml': 'xml',
  'text/csv': 'csv',
  'text/tab-separated-values': 'tsv',
  'text/turtle': 'turtle',
  'application/x-turtle': 'turtle',
  // N3 is a superset of Turtle, and Turtle is valid N3: SPARQLWrapper's format=n3 (and text/n3) get Turtle.
  'text/n3': 'turtle',
  n3: 'turtle',
  'application/n-triples': 'ntriples',
  'text/plain': 'ntriples',
  'application/rdf+xml': 'rdfxml',
  'application/ld+json': 'jsonld',
  // format-parameter spellings
  json: 'json',
  xml: 'xml',
  csv: 'csv',
  tsv: 'tsv',
  turtle: 'turtle',
  ttl: 'turtle',
  ntriples: 'ntriples',
  nt: 'ntriples',
  'n-triples': 'ntriples',
  rdfxml: 'rdfxml',
  rdf: 'rdfxml',
  'rdf+xml': 'rdfxml',
  jsonld: 'jsonld',
  'json-ld': 'jsonld',
};

export function isGraphForm(form: QueryForm): boolean {
  return form === 'CONSTRUCT' || form === 'DESCRIBE';
}

export function formatsFor(form: QueryForm): FormatName[] {
  return isGraphForm(form) ? GRAPH_FORMATS : SOLUTION_FORMATS;
}

/** A `format` parameter or a media type -> name; undefined if unknown. */
export function formatByName(name: string): FormatName | undefined {
  return ALIASES[name.trim().toLowerCase()];
}

/**
 * A `format` parameter (or media type) for a given form. Clients such as SPARQLWrapper send
 * format=xml / format=json for CONSTRUCT too, meaning RDF/XML / JSON-LD. Undefined if unusable.
 */
export function resolveFormat(name: string, form: QueryForm): FormatName | undefined {
  let f = formatByName(name);
  if (f && isGraphForm(form)) {
    if (f === 'xml') f = 'rdfxml';
    else if (f === 'json') f = 'jsonld';
  }
  return f && formatsFor(form).includes(f) ? f : undefined;
}

interface Range {
  type: string;
  q: number;
  order: number;
}

function parseAccept(accept: string): Range[] {
  return accept
    .split(',')
    .map((part, order) => {
      const [type, ...params] = part.trim().split(';');
      let q = 1;
      for (const p of params) {
        const [k, v] = p.trim().split('=');
        if (k === 'q' && v !== undefined) q = Number(v);
      }
      return { type: type.trim().toLowerCase(), q: Number.isFinite(q) ? q : 0, order };
    })
    .filter((r) => r.type && r.q > 0)
    .sort((a, b) => b.q - a.q || a.order - b.order);
}

/**
 * Picks the result format for a query form from an Accept header. Returns null when the client accepts
 * nothing this form can produce (406). Missing Accept or * / * gives JSON (solutions) or Turtle (graphs).
 */
export function negotiate(accept: string | undefined, form: QueryForm): FormatName | null {
  const allowed = formatsFor(form);
  const fallback = allowed[0];
  if (!accept) return fallback;
  for (const r of parseAccept(accept)) {
    if (r.type === '*/*' || r.type === 'application/*' || r.type === 'text/*') {
      if (r.type === 'text/*') {
        const t = allowed.find((f) => MEDIA_TYPES[f].startsWith('text/'));
        if (t) return t;
        continue;
      }
      return fallback;
    }
    const f = ALIASES[r.type];
    if (f && allowed.includes(f)) return f;
    // JSON asked for a graph result: JSON-LD; XML asked for a graph: RDF/XML
    if (isGraphForm(form) && r.type === 'application/json') return 'jsonld';
    if (isGraphForm(form) && (r.type === 'application/xml' || r.type === 'text/xml')) return 'rdfxml';
  }
  return null;
}
