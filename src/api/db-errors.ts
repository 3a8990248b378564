// PostgreSQL refusals that reach the HTTP layer are the client's input, not a server fault: a value the
// database cannot store, a query over a limit or its statement timeout. Each maps to a CKAN error by
// SQLSTATE class (https://www.postgresql.org/docs/current/errcodes-appendix.html); a database that is
// overloaded or a write that lost every retry is a 503 with Retry-After. Messages are cut short, since
// PostgreSQL quotes the offending value.
import { ActionError, BadRequest, SearchError, ServiceUnavailable, ValidationError } from '../errors.ts';

const SHOWN = 200;

function short(text: string): string {
  return text.length > SHOWN ? `${text.slice(0, SHOWN)}…` : text;
}

/** The CKAN error for a database or engine failure caused by the request, or null for a real fault. */
export function databaseError(err: unknown): ActionError | null {
  if (err instanceof ActionError || !err || typeof err !== 'object') return null;
  const e = err as { code?: unknown; message?: string; constraint?: string; detail?: string };
  if (err instanceof RangeError && /call stack|Invalid string length|Invalid array length/i.test(e.message ?? '')) {
    return new BadRequest('Request too large or nested too deeply');
  }
  const code = typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) ? e.code : null;
  if (!code) return null;
  const message = short(String(e.message ?? ''));
  if (code === '57014') return new SearchError('the query took too long and was cancelled');
  if (code === '40P01' || code === '40001' || code === '55P03')
    return new ServiceUnavailable('The database is busy with concurrent writes; try again', 1);
  if (code.startsWith('53'))
    return new ServiceUnavailable('The database is out of resources for this request; try again later', 5);
  if (code === '54001' || code.startsWith('54'))
    return ValidationError.field('message', `Request too complex for the database: ${message}`);
  if (code === '23505') {
    const field =
      /\(name\)/.test(String(e.detail ?? '')) || /name/.test(String(e.constraint ?? '')) ? 'name' : 'message';
    return ValidationError.field(
      field,
      field === 'name' ? 'That URL is already in use.' : `That value is already in use: ${message}`,
    );
  }
  if (code.startsWith('22') || code.startsWith('23') || code === '42P18' || code === '42804')
    return ValidationError.field('message', `Invalid value: ${message}`);
  return null;
}
