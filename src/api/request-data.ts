// Reads an Action API request's data dict the way CKAN does (ckan/views/api.py): a form body (with the
// one-key `curl -d '{json}'` form), the query string for GET on side-effect-free actions, or else a
// raw JSON body. Whatever it is, it must be a JSON object.
import type { FastifyRequest } from 'fastify';
import { BadRequest } from './errors.ts';
import type { UploadedFile } from '../actions/types.ts';

export interface RequestData {
  data: Record<string, unknown>;
  files: Record<string, UploadedFile>;
}

function addValue(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key in target) {
    const prev = target[key];
    target[key] = Array.isArray(prev) ? [...prev, value] : [prev, value];
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
    throw new BadRequest(`JSON Error: Error decoding JSON data. Error: ${(e as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new BadRequest('JSON Error: Request data JSON decoded to ' + JSON.stringify(parsed) + ' but it needs to be a dictionary.');
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

export async function readRequestData(req: FastifyRequest, sideEffectFree: boolean): Promise<RequestData> {
  const ctype = String(req.headers['content-type'] ?? '').toLowerCase();
  const files: Record<string, UploadedFile> = {};
  const query = req.query as Record<string, unknown>;

  if (req.method === 'POST' && ctype.startsWith('multipart/form-data')) {
    const form: Record<string, unknown> = {};
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        files[part.fieldname] = { filename: part.filename, mimetype: part.mimetype, content: await part.toBuffer() };
      } else addValue(form, part.fieldname, part.value);
    }
    const data = Object.keys(files).length ? null : oneKeyForm(form);
    return { data: data ?? form, files };
  }
  if (req.method === 'POST' && ctype.startsWith('application/x-www-form-urlencoded')) {
    const form = fromPairs(new URLSearchParams(String(req.body ?? '')));
    return { data: oneKeyForm(form) ?? form, files };
  }
  if (sideEffectFree && (req.method === 'GET' || Object.keys(query).length)) {
    const q = { ...query };
    delete q.callback;
    delete q._;
    if (req.method === 'GET' || Object.keys(q).length) return { data: q, files };
  }
  const body = typeof req.body === 'string' ? req.body : req.body == null ? '' : String(req.body);
  if (!body.trim()) return { data: {}, files };
  return { data: parseJsonObject(body), files };
}
