// What a linked-data request asks for: an RDF format (from a `.ext` suffix, `?format=`, or Accept),
// an HTML page for people, or nothing we have (406); and the language of that page.
import type { FastifyRequest } from 'fastify';
import { isFormatExt, negotiate, type FormatExt } from '../rdf/serialize.ts';

export type Want = FormatExt | 'html' | null;

const EXT = /^(.*)\.(ttl|nt|rdf|xml|jsonld|n3)$/;
export const normaliseExt = (ext: string): FormatExt =>
  ext === 'xml' ? 'rdf' : ext === 'n3' ? 'ttl' : (ext as FormatExt);
export const isRdfExt = (ext: string) => EXT.test(`x.${ext}`);

/** `x.ttl` -> ['x', 'ttl']; `x` -> ['x', ?format= or Accept]. A browser's Accept gets HTML. */
export function pick(ref: string, req: FastifyRequest): [string, Want] {
  const m = EXT.exec(ref);
  if (m) return [m[1], normaliseExt(m[2])];
  return [ref, wanted(req)];
}

/** ?format= (an RDF extension or `html`), else the Accept header with HTML allowed. */
export function wanted(req: FastifyRequest): Want {
  const q = (req.query as Record<string, unknown>).format;
  if (typeof q === 'string' && q) {
    if (q === 'html') return 'html';
    const f = normaliseExt(q);
    if (isFormatExt(f)) return f;
  }
  return negotiate(req.headers.accept, { html: true, fallback: 'ttl' });
}

/** The page language: `?lang=`, else the best of Accept-Language among the portal's, else the default. */
export function pageLanguage(req: FastifyRequest, languages: readonly string[]): string {
  const q = (req.query as Record<string, unknown>).lang;
  const lower = languages.map((l) => l.toLowerCase());
  if (typeof q === 'string' && lower.includes(q.toLowerCase())) return languages[lower.indexOf(q.toLowerCase())];
  const header = req.headers['accept-language'];
  if (typeof header === 'string') {
    const ranked = header
      .split(',')
      .map((part, i) => {
        const [tag, ...ps] = part.trim().split(';');
        const qp = ps.map((s) => s.trim()).find((s) => s.startsWith('q='));
        return { tag: tag.trim().toLowerCase(), q: qp ? Number(qp.slice(2)) : 1, i };
      })
      .filter((x) => x.tag && x.q > 0)
      .sort((a, b) => b.q - a.q || a.i - b.i);
    for (const { tag } of ranked) {
      const exact = lower.indexOf(tag);
      if (exact >= 0) return languages[exact];
      const prefix = lower.findIndex((l) => l.split('-')[0] === tag.split('-')[0]);
      if (prefix >= 0) return languages[prefix];
    }
  }
  return languages[0];
}
