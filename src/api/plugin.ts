// The Action API over HTTP: /api/3/action/{name} and /api/action/{name}, GET and POST, CKAN envelopes.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ActionError, BadRequest, NotAuthorized, ServiceUnavailable } from './errors.ts';
import { bodyKind, readRequestData } from './request-data.ts';
import { databaseError } from './db-errors.ts';
import { RawJson } from '../actions/types.ts';
import type { ActionRunner } from '../actions/runner.ts';
import type { Services } from '../services.ts';
import { clientKey } from '../ratelimit/keys.ts';

const JSON_TYPE = 'application/json;charset=utf-8';
const CALLBACK = /^[A-Za-z_$][\w$.]{0,127}$/;

export interface ApiPluginOptions {
  runner: ActionRunner;
  services: Services;
}

export function helpUrl(siteUrl: string, name: string): string {
  return `${siteUrl}/api/3/action/help_show?name=${encodeURIComponent(name)}`;
}

export async function apiPlugin(app: FastifyInstance, opts: ApiPluginOptions): Promise<void> {
  const { runner, services } = opts;
  const limits = services.config.input;

  // CKAN reads every body that is not a form as JSON, whatever its content type says; so the content
  // type is reduced to one of three before Fastify looks at it (it answered a bare 415 to types it
  // could not parse). Multipart keeps its header for the boundary and is read only after the caller
  // is known (readMultipart), so a refused upload is never buffered.
  app.addHook('onRequest', async (req) => {
    const kind = bodyKind(req.headers['content-type']);
    if (kind === 'raw') req.headers['content-type'] = 'text/plain';
    else if (kind === 'form') req.headers['content-type'] = 'application/x-www-form-urlencoded';
    else if (!/^multipart\/form-data\s*(;|$)/i.test(String(req.headers['content-type']).trim()))
      req.headers['content-type'] = 'multipart/form-data';
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    ['text/plain', 'application/x-www-form-urlencoded'],
    { parseAs: 'string' },
    (_req, body, done) => done(null, body),
  );
  app.addContentTypeParser('multipart/form-data', (_req, _payload, done) => done(null, undefined));

  app.get('/api', async (_req, reply) => reply.type(JSON_TYPE).send('{"version": 1}'));
  app.get('/api/3', async (_req, reply) => reply.type(JSON_TYPE).send('{"version": 3}'));

  const handle = async (req: FastifyRequest<{ Params: { name: string } }>, reply: FastifyReply) => {
    const name = req.params.name;
    const help = helpUrl(services.config.siteUrl, name);
    const callback = req.method === 'GET' ? (req.query as Record<string, unknown>).callback : undefined;
    const jsonp = typeof callback === 'string' && CALLBACK.test(callback) ? callback : null;
    try {
      const def = runner.get(name);
      if (!def) throw new BadRequest(`Action name not known: ${name}`);
      if (req.method === 'GET' && !def.sideEffectFree) {
        throw new BadRequest('JSON Error: Invalid request. Please use POST method for your request');
      }
      // JSONP requests run as anonymous: a cross-site script must never act with the visitor's token.
      const user = jsonp ? null : await req.caller();
      // Uploads are authorized before their bodies are read: an anonymous multipart write is refused
      // as it arrives (it was buffered whole first, +340 MB for 5 x 60 MB).
      if (!user && !def.sideEffectFree && bodyKind(req.headers['content-type']) === 'multipart') {
        // The unread rest of the body is discarded by Node as it arrives, never held.
        throw new NotAuthorized(`Action ${name} requires an authenticated user`);
      }
      // A signed-in caller's upload is authorized on the fields sent before the file, so an upload the
      // rule refuses is never buffered either.
      const preauthorize = def.sideEffectFree
        ? undefined
        : (fields: Record<string, unknown>) => runner.preauthorize(def, fields, user);
      const { data, files } = await readRequestData(req, def.sideEffectFree, limits, preauthorize);
      const result = await runner.run(name, data, {
        user,
        files,
        requestPath: req.url,
        ip: req.ip,
        clientKey: clientKey(req, user),
      });
      const resultJson = result instanceof RawJson ? result.json : JSON.stringify(result ?? null);
      const body = `{"help": ${JSON.stringify(help)}, "success": true, "result": ${resultJson}}`;
      if (jsonp) return reply.type('application/javascript;charset=utf-8').send(`${jsonp}(${body});`);
      return reply.type(JSON_TYPE).send(body);
    } catch (err) {
      return sendError(req, reply, err, help);
    }
  };

  for (const prefix of ['/api/3/action/', '/api/action/']) {
    app.route({ method: ['GET', 'POST'], url: `${prefix}:name`, handler: handle });
  }
}

const MAX_ECHO = 300;

/** Error text quotes what it refuses (an id, a value): never more than a few hundred characters of it. */
export function clip(text: string): string {
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

export function sendError(req: FastifyRequest, reply: FastifyReply, err: unknown, help: string) {
  if (err instanceof ActionError) {
    const env = err.envelope();
    if (err instanceof ServiceUnavailable) reply.header('Retry-After', String(err.retryAfter));
    const body =
      env === null ? JSON.stringify(clip(err.message)) : JSON.stringify({ help, success: false, error: clipTree(env) });
    return reply.code(err.status).type(JSON_TYPE).send(body);
  }
  const mapped = databaseError(err);
  if (mapped) return sendError(req, reply, mapped, help);
  const code = (err as { code?: string; statusCode?: number }).code;
  const statusCode = (err as { statusCode?: number }).statusCode;
  if (statusCode && statusCode >= 400 && statusCode < 500) {
    // Fastify's own client errors (body too large, bad multipart) keep their status but speak CKAN.
    const message =
      code === 'FST_REQ_FILE_TOO_LARGE' || statusCode === 413 ? 'Request entity too large' : (err as Error).message;
    return reply
      .code(statusCode)
      .type(JSON_TYPE)
      .send(JSON.stringify(`Bad request - ${message.slice(0, 200)}`));
  }
  req.log.error({ err }, 'action failed');
  return reply
    .code(500)
    .type(JSON_TYPE)
    .send(
      JSON.stringify({
        help,
        success: false,
        error: { __type: 'Internal Server Error', message: 'Internal Server Error' },
      }),
    );
}
