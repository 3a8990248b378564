// Reading a SPARQL 1.1 Protocol request: its parameters (URL or form), the problems it carries before any
// query runs, its body's charset, and the result format it asks for (?format= against Accept).
import type { FastifyRequest } from 'fastify';
import type { QueryForm } from './analyze.ts';
import { SparqlMalformed, SparqlNotAcceptable, type SparqlError } from './errors.ts';
import { MEDIA_TYPES, formatByName, formatsFor, negotiate, resolveFormat, type FormatName } from './formats.ts';

export interface ProtocolRequest {
  query: string | null;
  /** Every `query` / `update` parameter given: more than one query, or any update, is a bad request. */
  queryCount?: number;
  updateCount?: number;
  defaultGraphs: string[];
  namedGraphs: string[];
  format: string | null;
  lang: string | null;
}

export function fromParams(p: URLSearchParams): ProtocolRequest {
  return {
    query: p.get('query'),
    queryCount: p.getAll('query').length,
    updateCount: p.getAll('update').length,
    defaultGraphs: p.getAll('default-graph-uri'),
    namedGraphs: p.getAll('named-graph-uri'),
    format: p.get('format') ?? p.get('output') ?? p.get('results'),
    lang: p.get('lang'),
  };
}

export function urlParams(req: FastifyRequest): URLSearchParams {
  const i = req.url.indexOf('?');
  return new URLSearchParams(i < 0 ? '' : req.url.slice(i + 1));
}

/** The browser case: text/html ranked above every RDF / results type. */
export function wantsHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  let html = -1;
  let other = -1;
  for (const part of accept.split(',')) {
    const [t, ...ps] = part.trim().split(';');
    const qp = ps.map((s) => s.trim()).find((s) => s.startsWith('q='));
    const q = qp ? Number(qp.slice(2)) : 1;
    const type = t.trim().toLowerCase();
    if (type === 'text/html' || type === 'application/xhtml+xml') html = Math.max(html, q);
    else if (formatByName(type)) other = Math.max(other, q);
  }
  return html > 0 && html >= other;
}

/**
 * The result format: a usable `format` parameter, else the Accept header. An unknown `format` value
 * (e.g. a client's own name for a format) gives way to a usable Accept; a known one that cannot hold
 * this form's result is refused (406), as is an unknown one with nothing usable in Accept.
 */
export function chooseFormat(p: ProtocolRequest, accept: string | undefined, form: QueryForm): FormatName {
  const usableAccept = () =>
    accept && accept.trim() && !/^\s*\*\/\*\s*(;.*)?$/.test(accept) ? negotiate(accept, form) : null;
  if (p.format) {
    const f = resolveFormat(p.format, form);
    if (f) return f;
    if (!formatByName(p.format)) {
      const a = usableAccept();
      if (a) return a;
    }
    throw new SparqlNotAcceptable(
      `format=${p.format} is not available for ${form} queries (use ${formatsFor(form).join(', ')})`,
    );
  }
  const f = negotiate(accept, form);
  if (!f)
    throw new SparqlNotAcceptable(
      `none of the accepted types can hold a ${form} result (available: ${formatsFor(form)
        .map((x) => MEDIA_TYPES[x])
        .join(', ')})`,
    );
  return f;
}

/** Protocol errors a request can carry before any query runs (W3C protocol tests bad_*). */
export function protocolProblem(p: ProtocolRequest): SparqlError | null {
  if ((p.updateCount ?? 0) > 0)
    return new SparqlMalformed(
      'update is not a query operation: this endpoint is read-only and takes updates on no method',
    );
  if ((p.queryCount ?? 0) > 1) return new SparqlMalformed('more than one query parameter: send exactly one');
  return null;
}

/** Only UTF-8 bodies are SPARQL (the protocol fixes the encoding); a declared other charset is refused. */
export function nonUtf8(contentType: string | undefined): boolean {
  const m = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '');
  return !!m && !/^utf-?8$/i.test(m[1]);
}
