// The error catalogue. Code anywhere throws one of these; the HTTP layer maps each, in one place,
// to CKAN's status code and envelope (ckanapi tells errors apart by `error.__type`).
export abstract class ActionError extends Error {
  abstract readonly status: number;
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

export class IntegrityError extends ActionError {
  readonly status = 400;
  constructor(
    message: string,
    readonly data: unknown,
  ) {
    super(message);
  }
  envelope() {
    return { __type: 'Integrity Error', message: this.message, data: this.data };
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
    readonly retryAfter = 1,
  ) {
    super(detail);
  }
  envelope() {
    return { __type: 'Service Unavailable', message: this.message };
  }
}
