// Errors of the SPARQL module. Each carries the HTTP status the protocol layer answers with; the body
// is the plain-text message (SPARQL 1.1 Protocol leaves the error body format open; text is what clients show),
// rendered by src/api/error-reply.ts as every surface's errors are.
import { PasportError } from '../errors.ts';

export abstract class SparqlError extends PasportError {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Malformed query (the parser's message includes line:column), or a bad protocol request. */
export class SparqlMalformed extends SparqlError {
  readonly status = 400;
}

/** SPARQL Update sent to the read-only endpoint. */
export class SparqlUpdateRefused extends SparqlError {
  readonly status = 403;
  constructor(
    detail = 'SPARQL Update (INSERT, DELETE, LOAD, CLEAR, CREATE, DROP, COPY, MOVE, ADD) is not allowed: this endpoint is read-only',
  ) {
    super(detail);
  }
}

/** All query slots and the wait queue are taken. */
export class SparqlSaturated extends SparqlError {
  readonly status = 503;
  constructor(override readonly retryAfter = 2) {
    super('The SPARQL endpoint is busy; retry later');
  }
}

/** The query ran longer than the limit and was killed. */
export class SparqlTimeout extends SparqlError {
  // 503 as Fuseki does; no Retry-After: the same query would time out again.
  readonly status = 503;
  constructor(readonly timeoutMs: number) {
    super(`Query timed out after ${timeoutMs} ms and was cancelled`);
  }
}

/** The query needed more memory than the endpoint allows and was cancelled. */
export class SparqlMemoryLimit extends SparqlError {
  // 503 like a timeout, and for the same reason without Retry-After: the same query would fail again.
  readonly status = 503;
  constructor(readonly limitMb: number | null = null) {
    super(
      `Query needed more memory than the SPARQL endpoint allows${limitMb ? ` (${limitMb} MB)` : ''} and was cancelled; ask for less (LIMIT, fewer or shorter values)`,
    );
  }
}

/** An HTTP method the endpoint does not take (W3C bad_query_method). */
export class SparqlMethod extends SparqlError {
  readonly status = 405;
}

/** No such page (an asset of the query page). */
export class SparqlNotFound extends SparqlError {
  readonly status = 404;
}

/** A request body of a media type or charset the protocol does not take. */
export class SparqlMediaType extends SparqlError {
  readonly status = 415;
}

/** The requested result format does not exist for this query form. */
export class SparqlNotAcceptable extends SparqlError {
  readonly status = 406;
}

/** Federation (SERVICE) is switched off or the target endpoint is not allowed. */
export class SparqlFederationRefused extends SparqlError {
  readonly status = 400;
}

/** Unexpected failure inside the engine (worker crash, ...). */
export class SparqlEngineError extends SparqlError {
  readonly status = 500;
}

/** A remote SERVICE endpoint failed or answered garbage. */
export class SparqlUpstreamError extends SparqlError {
  readonly status = 502;
}

/** The store is still being filled after a start; queries are refused until it holds the whole catalogue. */
export class SparqlLoading extends SparqlError {
  readonly status = 503;
  constructor(
    message: string,
    override readonly retryAfter = 5,
  ) {
    super(message);
  }
}
