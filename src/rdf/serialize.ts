// Quads -> Turtle, N-Triples, RDF/XML, JSON-LD; streaming writers for full exports; the format
// table and Accept-header negotiation the HTTP surfaces share.
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { Writer } from 'n3';
import { loadJsonLd } from '../lazy.ts';
import type { Quad } from '@rdfjs/types';
import { PREFIXES } from './namespaces.ts';
import { RdfXmlWriter, toRdfXml } from './rdfxml.ts';
import { VOCAB_DIR } from './tables.ts';
import { canonicalLanguageTag } from './terms.ts';
import { compactWithPrefixes } from './jsonld-compact.ts';

export { canonicalLanguageTag };

export type FormatExt = 'ttl' | 'nt' | 'rdf' | 'jsonld';

export interface FormatInfo {
  ext: FormatExt;
  mediaType: string;
  /** Other media types that select this format in an Accept header. */
  aliases: readonly string[];
}

/** Extension -> media type (the table the /catalog.{ext} and /dataset/{id}.{ext} routes use). */
export const formats: Readonly<Record<FormatExt, FormatInfo>> = {
  ttl: { ext: 'ttl', mediaType: 'text/turtle', aliases: ['application/x-turtle', 'text/n3'] },
  nt: { ext: 'nt', mediaType: 'application/n-triples', aliases: ['text/plain'] },
  rdf: { ext: 'rdf', mediaType: 'application/rdf+xml', aliases: ['application/xml', 'text/xml'] },
  jsonld: { ext: 'jsonld', mediaType: 'application/ld+json', aliases: ['application/json'] },
};

export const isFormatExt = (ext: string): ext is FormatExt => Object.prototype.hasOwnProperty.call(formats, ext);

/** `Content-Type` value for a format (always UTF-8). */
export const contentType = (ext: FormatExt) => `${formats[ext].mediaType}; charset=utf-8`;

interface AcceptItem {
  type: string;
  q: number;
  order: number;
}

function parseAccept(header: string): AcceptItem[] {
  const items: AcceptItem[] = [];
  header.split(',').forEach((raw, order) => {
    const [type, ...params] = raw.split(';').map((s) => s.trim());
    if (!type || !/^[\w.+*-]+\/[\w.+*-]+$/.test(type)) return;
    let q = 1;
    // Unlike ckanext-dcat, items with other parameters (charset, profile) are kept.
    for (const p of params) {
      const m = /^q\s*=\s*([0-9.]+)$/i.exec(p);
      if (m) q = Math.min(1, Number(m[1]));
    }
    if (q > 0 && Number.isFinite(q)) items.push({ type: type.toLowerCase(), q, order });
  });
  // Highest q first; equal q keeps header order; a more specific type wins over a wildcard.
  const specificity = (t: string) => (t === '*/*' ? 0 : t.endsWith('/*') ? 1 : 2);
  return items.sort((a, b) => b.q - a.q || specificity(b.type) - specificity(a.type) || a.order - b.order);
}

export interface NegotiateOptions {
  /** Whether the caller can serve an HTML page (text/html then wins when preferred). */
  html?: boolean;
  /** Format for `*\/*` or an absent header (default `ttl`); null to refuse (406). */
  fallback?: FormatExt | null;
}

/**
 * Picks the format for an Accept header: an RDF extension, `'html'` when HTML is preferred and
 * allowed, or null when nothing acceptable is offered (answer 406).
 */
export function negotiate(accept: string | null | undefined, opts: NegotiateOptions = {}): FormatExt | 'html' | null {
  const fallback = opts.fallback === undefined ? 'ttl' : opts.fallback;
  if (!accept || !accept.trim()) return fallback;
  for (const { type } of parseAccept(accept)) {
    if (type === 'text/html' || type === 'application/xhtml+xml') {
      if (opts.html) return 'html';
      continue;
    }
    for (const f of Object.values(formats)) if (f.mediaType === type) return f.ext;
    for (const f of Object.values(formats)) if (f.aliases.includes(type)) return f.ext;
    if (type === 'application/*') return 'rdf';
    if (type === 'text/*') return 'ttl';
    // `*/*` alone (curl, harvesters) means "anything": data, not a page. Browsers name text/html first.
    if (type === '*/*') return fallback;
  }
  return null;
}

/** The prefixes written into Turtle and RDF/XML. */
export const DEFAULT_PREFIXES: Record<string, string> = { ...PREFIXES };

/** The prefixes of a deployment: the shared ones plus `pas:` for its own vocabulary namespace. */
export function prefixesFor(vocabNs: string | undefined): Record<string, string> {
  return vocabNs ? { ...DEFAULT_PREFIXES, pas: vocabNs } : DEFAULT_PREFIXES;
}

export function toTurtle(quads: Iterable<Quad>, prefixes: Record<string, string> = DEFAULT_PREFIXES): string {
  return writeSync(quads, { format: 'Turtle', prefixes });
}

export function toNTriples(quads: Iterable<Quad>): string {
  return writeSync(quads, { format: 'N-Triples' });
}

function writeSync(quads: Iterable<Quad>, options: { format: string; prefixes?: Record<string, string> }): string {
  const chunks: string[] = [];
  const w = new Writer({ write: (c: string) => void chunks.push(c), end: () => {} } as never, {
    ...options,
    end: false,
  });
  for (const q of quads) w.addQuad(q);
  w.end();
  return chunks.join('');
}

// ---------------------------------------------------------------- JSON-LD

const CONTEXT_FILE = VOCAB_DIR + 'context.jsonld';
/** The bundled compact context (prefixes only, so compaction is lossless for any data). */
export const JSONLD_CONTEXT: Record<string, string> = JSON.parse(readFileSync(CONTEXT_FILE, 'utf8'))['@context'];
/** Where the context is published; the offline loader answers for it so remote fetches never happen. */
export const JSONLD_CONTEXT_PATH = '/vocab/context.jsonld';

/** A jsonld document loader that never touches the network: only the bundled context resolves. */
export function offlineDocumentLoader(contextUrls: readonly string[] = []) {
  return async (url: string) => {
    if (url.endsWith(JSONLD_CONTEXT_PATH) || contextUrls.includes(url)) {
      return { contextUrl: undefined, documentUrl: url, document: { '@context': JSONLD_CONTEXT } };
    }
    throw new Error(`remote JSON-LD document refused (offline loader): ${url}`);
  };
}

/**
 * JSON-LD compacted with the bundled context, embedded inline so the document stands alone
 * (`compaction: 'jsonld'` runs jsonld.compact instead of the equivalent fast path).
 * Quads go to jsonld.fromRDF as objects: parsing an N-Quads string there is quadratic.
 */
export async function toJsonLd(quads: Iterable<Quad>, prefixes?: Record<string, string>): Promise<string> {
  const doc = await toJsonLdObject(quads, { prefixes });
  return JSON.stringify(doc, null, 2) + '\n';
}

// jsonld.js lower-cases language tags; put the recommended case back (tags compare case-insensitively).
function restoreLanguageCase(node: unknown): unknown {
  if (Array.isArray(node)) node.forEach(restoreLanguageCase);
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    for (const [k, v] of Object.entries(o)) {
      if (k === '@language' && typeof v === 'string') o[k] = canonicalLanguageTag(v);
      else if (k !== '@context') restoreLanguageCase(v);
    }
  }
  return node;
}

export async function toJsonLdObject(
  quads: Iterable<Quad>,
  opts: { compaction?: 'fast' | 'jsonld'; prefixes?: Record<string, string> } = {},
): Promise<Record<string, unknown>> {
  const documentLoader = offlineDocumentLoader();
  // The deployment's own prefixes (pas:) join the bundled context; the bundled ones are never overridden.
  const context = opts.prefixes ? { ...opts.prefixes, ...JSONLD_CONTEXT } : JSONLD_CONTEXT;
  const jsonld = await loadJsonLd();
  const expanded = (await jsonld.fromRDF([...quads] as never, { documentLoader } as never)) as unknown as unknown[];
  if (opts.compaction === 'jsonld') {
    const compact = jsonld.compact as (...a: unknown[]) => Promise<unknown>;
    return restoreLanguageCase(await compact(expanded, { '@context': context }, { documentLoader })) as Record<
      string,
      unknown
    >;
  }
  // Data no prefix context can carry (an IRI whose scheme is a prefix name, which jsonld.compact
  // refuses too) is written in expanded form, which needs no context.
  return (
    compactWithPrefixes(expanded, context, canonicalLanguageTag) ??
    (restoreLanguageCase({ '@graph': expanded }) as Record<string, unknown>)
  );
}

// ---------------------------------------------------------------- one entry point

export async function serialize(
  quads: Iterable<Quad>,
  ext: FormatExt,
  prefixes: Record<string, string> = DEFAULT_PREFIXES,
): Promise<string> {
  switch (ext) {
    case 'ttl':
      return toTurtle(quads, prefixes);
    case 'nt':
      return toNTriples(quads);
    case 'rdf':
      return toRdfXml(quads, prefixes);
    case 'jsonld':
      return toJsonLd(quads, prefixes);
  }
}

// ---------------------------------------------------------------- streaming

export type QuadSource = AsyncIterable<Quad | Quad[]> | Iterable<Quad | Quad[]>;

async function* batches(source: QuadSource): AsyncGenerator<Quad[]> {
  for await (const item of source as AsyncIterable<Quad | Quad[]>) {
    yield Array.isArray(item) ? item : [item];
  }
}

/**
 * Streams quads as text chunks, writing as input arrives: memory holds one input batch and its
 * text. Turtle groups consecutive quads of one subject (the mapping emits them grouped).
 * Supported: nt, ttl, rdf. JSON-LD needs the whole graph to compact, so it is not streamed.
 */
export async function* serializeStream(
  source: QuadSource,
  ext: Exclude<FormatExt, 'jsonld'>,
  highWaterMark = 64 * 1024,
  prefixes: Record<string, string> = DEFAULT_PREFIXES,
): AsyncGenerator<string> {
  if (ext === 'rdf') {
    const w = new RdfXmlWriter(prefixes);
    yield w.head();
    let buf = '';
    for await (const batch of batches(source)) {
      buf += w.write(batch);
      if (buf.length >= highWaterMark) {
        yield buf;
        buf = '';
      }
    }
    yield buf + w.end();
    return;
  }
  const chunks: string[] = [];
  let size = 0;
  const sink = {
    write: (c: string) => {
      chunks.push(c);
      size += c.length;
    },
    end: () => {},
  };
  const w = new Writer(
    sink as never,
    ext === 'ttl' ? { format: 'Turtle', prefixes, end: false } : { format: 'N-Triples', end: false },
  );
  const drain = () => {
    const s = chunks.join('');
    chunks.length = 0;
    size = 0;
    return s;
  };
  for await (const batch of batches(source)) {
    for (const q of batch) w.addQuad(q);
    if (size >= highWaterMark) yield drain();
  }
  w.end();
  const rest = drain();
  if (rest) yield rest;
}

/** serializeStream as a Node Readable (for `reply.send()` or piping into a file). */
export function serializeReadable(
  source: QuadSource,
  ext: Exclude<FormatExt, 'jsonld'>,
  prefixes?: Record<string, string>,
): Readable {
  return Readable.from(serializeStream(source, ext, undefined, prefixes), { objectMode: false, encoding: 'utf8' });
}
