// The one place an error becomes an HTTP answer. `errorAnswer` decides status, text and CKAN envelope for
// anything thrown (our error classes, database refusals, Fastify's own client errors, real faults); each
// surface renders that answer in its own form: CKAN envelopes (Action API, DataStore, downloads), plain
// text (SPARQL, confirmation links) and problem documents (DCAT). A fault is a 500 with a fixed text and
// a log line, never a stack trace.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ActionError, PasportError } from '../errors.ts';
import { databaseError } from './db-errors.ts';

export const JSON_TYPE = 'application/json;charset=utf-8';
const MAX_ECHO = 300;

export interface ErrorAnswer {
  status: number;
  /** The human-readable message (already clipped). */
  message: string;
  /** The `error` member of a CKAN envelope; null for CKAN's bare-string 400 bodies. */
  envelope: Record<string, unknown> | null;
  retryAfter?: number;
  /** A server fault: the text is generic and the error must be logged. */
  fault: boolean;
}

const FAULT: ErrorAnswer = {
  status: 500,
  message: 'Internal Server Error',
  envelope: { __type: 'Internal Server Error', message: 'Internal Server Error' },
  fault: true,
};

/** Error text quotes what it refuses (an id, a value): never more than a few hundred characters of it. */
function clip(text: string): string {
  return text.length > MAX_ECHO ? `${text.slice(0, MAX_ECHO)}…` : text;
}

/** Every string in an error body clipped, and at most 50 entries per list or object. */
function clipTree(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return clip(value);
  if (value === null || typeof value !== 'object' || depth > 8) return depth > 8 ? '…' : value;
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => clipTree(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value)
      .slice(0, 50)
      .map(([k, v]) => [clip(k), clipTree(v, depth + 1)]),
  );
}

/** What any surface answers for `err`. */
export function errorAnswer(err: unknown): ErrorAnswer {
  if (err instanceof PasportError) {
    const envelope = err instanceof ActionError ? err.envelope() : { __type: err.name, message: err.message };
    return {
      status: err.status,
      message: clip(err.message),
      envelope: envelope && (clipTree(envelope) as Record<string, unknown>),
      retryAfter: err.retryAfter,
      fault: false,
    };
  }
  const mapped = databaseError(err);
  if (mapped) return errorAnswer(mapped);
  const e = err as { code?: string; statusCode?: number; message?: string } | null;
  const statusCode = e?.statusCode;
  if (statusCode && statusCode >= 400 && statusCode < 500) {
    // Fastify's own client errors (body too large, bad multipart) keep their status but speak CKAN.
    const text =
      e?.code === 'FST_REQ_FILE_TOO_LARGE' || statusCode === 413 ? 'Request entity too large' : String(e?.message);
    return { status: statusCode, message: `Bad request - ${text.slice(0, 200)}`, envelope: null, fault: false };
  }
  return FAULT;
}

function prepare(req: FastifyRequest, reply: FastifyReply, err: unknown, what: string): ErrorAnswer {
  const a = errorAnswer(err);
  if (a.fault) req.log.error({ err }, what);
  if (a.retryAfter !== undefined) reply.header('Retry-After', String(a.retryAfter));
  return a;
}

/**
 * A CKAN answer: `{help, success: false, error}`, or a bare JSON string where CKAN sends one. Without
 * `help` (sign-in routes, which are not actions) the body is always `{success: false, error}`.
 */
export function sendCkanError(req: FastifyRequest, reply: FastifyReply, err: unknown, help: string | null) {
  const a = prepare(req, reply, err, 'action failed');
  let body: string;
  if (help === null)
    body = JSON.stringify({ success: false, error: a.envelope ?? { __type: 'Bad Request', message: a.message } });
  else if (a.envelope === null) body = JSON.stringify(a.message);
  else body = JSON.stringify({ help, success: false, error: a.envelope });
  return reply.code(a.status).type(JSON_TYPE).send(body);
}

/** A plain-text answer (the SPARQL protocol, links opened from e-mails); `faultText` replaces a 500's. */
export function sendTextError(
  req: FastifyRequest,
  reply: FastifyReply,
  err: unknown,
  faultText = 'Internal error',
  end = '',
) {
  const a = prepare(req, reply, err, 'request failed');
  return reply
    .code(a.status)
    .type('text/plain; charset=utf-8')
    .send(`${a.fault ? faultText : a.message}${end}`);
}

/** A problem document of the linked-data surface: `{success: false, error: {message}}`. */
export function problem(reply: FastifyReply, status: number, message: string) {
  return reply
    .code(status)
    .type(JSON_TYPE)
    .send(JSON.stringify({ success: false, error: { message } }));
}

/** `problem` for a thrown error. */
export function sendProblem(req: FastifyRequest, reply: FastifyReply, err: unknown) {
  const a = prepare(req, reply, err, 'linked-data request failed');
  return problem(reply, a.status, a.message);
}
