// HTTP validators shared by the read-only linked-data surfaces (DCAT documents, the catalogue export,
// the SPARQL service description): a strong ETag, Last-Modified, Cache-Control, and the 304 answer to
// If-None-Match / If-Modified-Since (RFC 9110 §13.1: If-None-Match wins when both are sent).
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface Validators {
  /** A strong entity tag, quoted (see strongEtag). */
  etag: string;
  /** When the representation last changed; null when unknown (then only the ETag validates). */
  lastModified: Date | null;
}

/** A strong ETag from the parts that determine a representation (state, format, language, ...). */
export function strongEtag(...parts: Array<string | number | null | undefined>): string {
  return `"${createHash('sha1')
    .update(parts.map((p) => String(p ?? '')).join('\u0000'))
    .digest('base64url')}"`;
}

/** A naive UTC dict timestamp (`2024-05-01T09:12:33.123456`) or a Date, as a Date; null if unusable. */
export function toDate(value: string | Date | null | undefined): Date | null {
  if (!value) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  const d = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** The latest of several dates (nulls ignored). */
export function latest(...dates: Array<Date | null | undefined>): Date | null {
  let m: Date | null = null;
  for (const d of dates) if (d && (!m || d > m)) m = d;
  return m;
}

function etagMatches(header: string, etag: string): boolean {
  if (header.trim() === '*') return true;
  // If-None-Match uses the weak comparison: W/"x" matches "x".
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === bare);
}

/**
 * Sets ETag, Last-Modified and Cache-Control, and answers 304 when the client's copy is current.
 * Returns true when the 304 was sent (the caller must not build the body).
 */
export function checkNotModified(
  req: FastifyRequest,
  reply: FastifyReply,
  v: Validators,
  cacheControl: string,
): boolean {
  reply.header('etag', v.etag);
  // HTTP dates carry whole seconds; the comparison below uses the same truncation.
  const lm = v.lastModified ? Math.floor(v.lastModified.getTime() / 1000) * 1000 : null;
  if (lm !== null) reply.header('last-modified', new Date(lm).toUTCString());
  reply.header('cache-control', cacheControl);
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const inm = req.headers['if-none-match'];
  let fresh = false;
  if (typeof inm === 'string' && inm) fresh = etagMatches(inm, v.etag);
  else {
    const ims = req.headers['if-modified-since'];
    const since = typeof ims === 'string' ? Date.parse(ims) : NaN;
    fresh = lm !== null && Number.isFinite(since) && lm <= since;
  }
  if (fresh) reply.code(304).send();
  return fresh;
}
