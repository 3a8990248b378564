// The Action API over HTTP: /api/3/action/{name} and /api/action/{name}, GET and POST, CKAN envelopes.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { ActionError, BadRequest, ServiceUnavailable } from './errors.ts';
import { readRequestData } from './request-data.ts';
import { RawJson } from '../actions/types.ts';
import type { ActionRunner } from '../actions/runner.ts';
import type { Services } from '../services.ts';

const JSON_TYPE = 'application/json;charset=utf-8';
const CALLBACK = /^[A-Za-z_$][\w$.]{0,127}$/;

export interface ApiPluginOptions {
  runner: ActionRunner;
  services: Services;
  uploadLimitBytes: number;
}

export function helpUrl(siteUrl: string, name: string): string {
  return `${siteUrl}/api/3/action/help_show?name=${encodeURIComponent(name)}`;
}

export async function apiPlugin(app: FastifyInstance, opts: ApiPluginOptions): Promise<void> {
  const { runner, services } = opts;
  await app.register(multipart, { limits: { fileSize: opts.uploadLimitBytes, files: 10, fields: 1000 } });

  // Bodies are read as text and parsed by readRequestData, so malformed input gets CKAN's error body.
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser(['application/json', 'application/x-www-form-urlencoded', 'text/plain'], { parseAs: 'string' }, (_req, body, done) => done(null, body));
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));

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
      const { data, files } = await readRequestData(req, def.sideEffectFree);
      // JSONP requests run as anonymous: a cross-site script must never act with the visitor's token.
      const user = jsonp ? null : await req.caller();
      const result = await runner.run(name, data, { user, files, requestPath: req.url });
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

export function sendError(req: FastifyRequest, reply: FastifyReply, err: unknown, help: string) {
  if (err instanceof ActionError) {
    const env = err.envelope();
    if (err instanceof ServiceUnavailable) reply.header('Retry-After', String(err.retryAfter));
    const body = env === null ? JSON.stringify(err.message) : JSON.stringify({ help, success: false, error: env });
    return reply.code(err.status).type(JSON_TYPE).send(body);
  }
  const code = (err as { code?: string; statusCode?: number }).code;
  const statusCode = (err as { statusCode?: number }).statusCode;
  if (statusCode && statusCode >= 400 && statusCode < 500) {
    // Fastify's own client errors (body too large, bad multipart) keep their status but speak CKAN.
    const message = code === 'FST_REQ_FILE_TOO_LARGE' || statusCode === 413 ? 'Request entity too large' : (err as Error).message;
    return reply.code(statusCode).type(JSON_TYPE).send(JSON.stringify(`Bad request - ${message}`));
  }
  req.log.error({ err }, 'action failed');
  return reply.code(500).type(JSON_TYPE).send(JSON.stringify({ help, success: false, error: { __type: 'Internal Server Error', message: 'Internal Server Error' } }));
}
