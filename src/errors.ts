// The error classes. Code anywhere throws one of these; src/api/error-reply.ts turns each, in one place,
// into the answer of the surface it reached: CKAN's status and envelope (ckanapi tells errors apart by
// `error.__type`), SPARQL's plain text, DCAT's problem document.

/** An error that is the client's to fix or wait out: it carries its HTTP status (never a fault). */
export abstract class PasportError extends Error {
  abstract readonly status: number;
  /** Seconds to wait before retrying (sent as Retry-After). */
  declare readonly retryAfter?: number;
}

export abstract class ActionError extends PasportError {
  /** The `error` member of the envelope, or null for CKAN's bare-string 400 bodies. */
  abstract envelope(): Record<string, unknown> | null;
}

export type FieldErrors = Record<string, unknown>;

export class ValidationError extends ActionError {
  readonly status = 409;
  constructor(readonly fields: FieldErrors) {
    super('Validation Error');
  }
  envelope() {
    return { __type: 'Validation Error', ...this.fields };
  }
  /** Shorthand for the common one-field case. */
  static field(name: string, ...messages: string[]): ValidationError {
    return new ValidationError({ [name]: messages });
  }
}

function withDetail(prefix: string, detail?: string): string {
  return detail ? `${prefix}: ${detail}` : prefix;
}

export class NotFound extends ActionError {
  readonly status = 404;
  constructor(readonly detail?: string) {
    super(withDetail('Not found', detail));
  }
  envelope() {
    return { __type: 'Not Found Error', message: this.message };
  }
}

export class NotAuthorized extends ActionError {
  readonly status = 403;
  constructor(readonly detail?: string) {
    super(withDetail('Access denied', detail));
  }
  envelope() {
    return { __type: 'Authorization Error', message: this.message };
  }
}

export class SearchQueryError extends ActionError {
  readonly status = 400;
  constructor(detail: string) {
    super(`Search Query is invalid: ${detail}`);
  }
  envelope() {
    return { __type: 'Search Query Error', message: this.message };
  }
}

export class SearchError extends ActionError {
  readonly status = 409;
  constructor(detail: string) {
    super(`Search error: ${detail}`);
  }
  envelope() {
    return { __type: 'Search Error', message: this.message };
  }
}

/** CKAN answers these with a bare JSON string, not an envelope. */
export class BadRequest extends ActionError {
  readonly status = 400;
  constructor(detail: string) {
    super(`Bad request - ${detail}`);
  }
  envelope() {
    return null;
  }
}

export class ServiceUnavailable extends ActionError {
  readonly status = 503;
  constructor(
    detail: string,
    override readonly retryAfter = 1,
  ) {
    super(detail);
  }
  envelope() {
    return { __type: 'Service Unavailable', message: this.message };
  }
}

/** Too many requests from one client (a token, user, address or e-mail address) in a window. */
export class RateLimited extends ActionError {
  readonly status = 429;
  constructor(
    readonly detail: string,
    override readonly retryAfter?: number,
  ) {
    super(`Rate limit exceeded: ${detail}`);
  }
  envelope() {
    return { __type: 'Rate Limit Error', message: this.message };
  }
}
