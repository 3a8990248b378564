// Reads an Action API request's data dict the way CKAN does (ckan/views/api.py), in its order: a form
// body (urlencoded or multipart, with the one-key `curl -d '{json}'` form), the query string for a
// side-effect-free action, or else the raw body read as JSON whatever its content type says. It must
// be a JSON object, and it is bounded (input-bounds.ts) before any action sees it.
import type { FastifyRequest } from 'fastify';
import { BadRequest } from '../errors.ts';
import { checkInput } from './input-bounds.ts';
import { readMultipart, type BeforeFile } from './multipart.ts';
import type { UploadedFile } from '../actions/types.ts';
import type { InputLimits } from '../config.ts';

export interface RequestData {
  data: Record<string, unknown>;
  files: Record<string, UploadedFile>;
}

export type BodyKind = 'multipart' | 'form' | 'raw';

/** What kind of body a content type announces: only the two form types are not JSON to CKAN. */
export function bodyKind(contentType: string | undefined): BodyKind {
  const ctype = String(contentType ?? '')
    .trim()
    .toLowerCase();
  if (ctype.startsWith('multipart/form-data')) return 'multipart';
  if (ctype.startsWith('application/x-www-form-urlencoded')) return 'form';
  return 'raw';
}

function addValue(target: Record<string, unknown>, key: string, value: unknown): void {
  if (Object.hasOwn(target, key)) {
    const prev = target[key];
    target[key] = Array.isArray(prev) ? [...prev, value] : [prev, value];
  } else if (key === '__proto__') {
    // Only this key is special to a plain assignment: it would set the prototype.
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else target[key] = value;
}

function fromPairs(pairs: Iterable<[string, string]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of pairs) addValue(out, k, v);
  return out;
}

function parseJsonObject(text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new BadRequest(`JSON Error: Error decoding JSON data. Error: ${(e as Error).message.slice(0, 200)}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    const shownValue = Array.isArray(parsed) ? 'a list' : JSON.stringify(parsed).slice(0, 100);
    throw new BadRequest(`JSON Error: Request data JSON decoded to ${shownValue} but it needs to be a dictionary.`);
  }
  return parsed as Record<string, unknown>;
}

/** `{"id":"x"}=` — what curl -d sends without a JSON content type. */
function oneKeyForm(form: Record<string, unknown>): Record<string, unknown> | null {
  const keys = Object.keys(form);
  if (keys.length !== 1) return null;
  const v = form[keys[0]];
  if (v !== '' && v !== '1') return null;
  if (!/^\s*[{[]/.test(keys[0])) return null;
  return parseJsonObject(keys[0]);
}

function bodyText(req: FastifyRequest): string {
  const body = req.body;
  if (typeof body === 'string') return body;
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  return '';
}

function readData(req: FastifyRequest, sideEffectFree: boolean): RequestData {
  const kind = bodyKind(req.headers['content-type']);
  const files: Record<string, UploadedFile> = {};
  if (req.method === 'POST' && kind === 'form') {
    const form = fromPairs(new URLSearchParams(bodyText(req)));
    return { data: oneKeyForm(form) ?? form, files };
  }
  const query = req.query as Record<string, unknown>;
  if (sideEffectFree && (req.method === 'GET' || Object.keys(query).length)) {
    const q: Record<string, unknown> = {};
    for (const k in query) {
      const v = query[k];
      if (Array.isArray(v)) for (const x of v) addValue(q, k, String(x));
      else addValue(q, k, String(v));
    }
    delete q.callback;
    delete q._;
    if (req.method === 'GET' || Object.keys(q).length) return { data: q, files };
  }
  const body = bodyText(req);
  if (!body.trim()) return { data: {}, files };
  return { data: parseJsonObject(body), files };
}

/**
 * The request's data, bounded. Synchronous unless the body is multipart (a GET costs no promise);
 * `beforeFile` sees the form fields read before the first file part (see multipart.ts).
 */
export function readRequestData(
  req: FastifyRequest,
  sideEffectFree: boolean,
  limits: InputLimits,
  beforeFile?: (data: Record<string, unknown>) => Promise<void>,
): RequestData | Promise<RequestData> {
  if (req.method === 'POST' && bodyKind(req.headers['content-type']) === 'multipart') {
    return readMultipartData(req, limits, beforeFile).then((read) => {
      checkInput(read.data, limits);
      return read;
    });
  }
  const read = readData(req, sideEffectFree);
  checkInput(read.data, limits);
  return read;
}

async function readMultipartData(
  req: FastifyRequest,
  limits: InputLimits,
  beforeFile?: (data: Record<string, unknown>) => Promise<void>,
): Promise<RequestData> {
  const check: BeforeFile | undefined = beforeFile && ((form) => beforeFile(fromPairs(form)));
  const parts = await readMultipart(
    req,
    { maxFieldBytes: limits.maxFieldBytes, maxUploadBytes: limits.maxUploadBytes, maxKeys: limits.maxKeys },
    check,
  );
  const form = fromPairs(parts.form);
  const data = Object.keys(parts.files).length ? null : oneKeyForm(form);
  return { data: data ?? form, files: parts.files };
}
