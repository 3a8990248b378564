// The one place a SPARQL error becomes an HTTP reply: plain text (the protocol leaves the error body
// open; text is what clients show) with the status the error class carries (errors.ts), Retry-After when
// waiting helps, and a bare 500 for anything that is not a SparqlError.
import type { FastifyReply } from 'fastify';
import { SparqlError, SparqlLoading, SparqlSaturated } from './errors.ts';

export function sendSparqlError(reply: FastifyReply, e: unknown) {
  const err = e instanceof SparqlError ? e : null;
  const status = err?.status ?? 500;
  if (e instanceof SparqlSaturated || e instanceof SparqlLoading) reply.header('retry-after', String(e.retryAfter));
  return reply
    .code(status)
    .type('text/plain; charset=utf-8')
    .send(err ? err.message : 'Internal error');
}
