// The Action API over HTTP: /api/3/action/{name} and /api/action/{name}, GET and POST, CKAN envelopes.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { BadRequest, NotAuthorized } from '../errors.ts';
import { JSON_TYPE, sendCkanError } from './error-reply.ts';
import { bodyKind, readRequestData } from './request-data.ts';
import { RawJson } from '../actions/types.ts';
import type { ActionRunner } from '../actions/runner.ts';
import type { Services } from '../services.ts';
import { clientKey } from '../ratelimit/keys.ts';
import { callerAtOnce } from './caller.ts';

const CALLBACK = /^[A-Za-z_$][\w$.]{0,127}$/;

export interface ApiPluginOptions {
  runner: ActionRunner;
  services: Services;
}

export function helpUrl(siteUrl: string, name: string): string {
  return `${siteUrl}/api/3/action/help_show?name=${encodeURIComponent(name)}`;
}

const envelopeHead = (help: string) => `{"help": ${JSON.stringify(help)}, "success": true, "result": `;

export async function apiPlugin(app: FastifyInstance, opts: ApiPluginOptions): Promise<void> {
  const { runner, services } = opts;
  const limits = services.config.input;

  // CKAN reads every body that is not a form as JSON, whatever its content type says; so the content
  // type is reduced to one of three before Fastify looks at it (it answered a bare 415 to types it
  // could not parse). Multipart keeps its header for the boundary and is read only after the caller
  // is known (readMultipart), so a refused upload is never buffered.
  // (A callback hook: it does no I/O, and an async one costs every request a promise.)
  app.addHook('onRequest', (req, _reply, done) => {
    const kind = bodyKind(req.headers['content-type']);
    if (kind === 'raw') req.headers['content-type'] = 'text/plain';
    else if (kind === 'form') req.headers['content-type'] = 'application/x-www-form-urlencoded';
    else if (!/^multipart\/form-data\s*(;|$)/i.test(String(req.headers['content-type']).trim()))
      req.headers['content-type'] = 'multipart/form-data';
    done();
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

  // The envelope's head differs by action only (its help URL): made once per help URL of a known action.
  const heads = new Map<string, Buffer>();
  const headBytes = (help: string): Buffer => {
    let b = heads.get(help);
    if (!b) heads.set(help, (b = Buffer.from(envelopeHead(help))));
    return b;
  };

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
      // (No await for a request without a credential: most anonymous reads.)
      const user = jsonp || callerAtOnce(services, req) === null ? null : await req.caller();
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
      const read = readRequestData(req, def.sideEffectFree, limits, preauthorize);
      const { data, files } = read instanceof Promise ? await read : read;
      const result = await runner.run(name, data, {
        user,
        files,
        requestPath: req.url,
        ip: req.ip,
        clientKey: clientKey(req, user),
      });
      if (jsonp) {
        const resultJson = result instanceof RawJson ? result.json : JSON.stringify(result ?? null);
        const body = `${envelopeHead(help)}${resultJson}}`;
        return reply.type('application/javascript;charset=utf-8').send(`${jsonp}(${body});`);
      }
      // A cached result is sent as the envelope bytes it keeps (RawJson); anything else is encoded once, here.
      if (result instanceof RawJson) return reply.type(JSON_TYPE).send(result.enveloped(headBytes(help)));
      return reply.type(JSON_TYPE).send(`${envelopeHead(help)}${JSON.stringify(result ?? null)}}`);
    } catch (err) {
      return sendCkanError(req, reply, err, help);
    }
  };

  for (const prefix of ['/api/3/action/', '/api/action/']) {
    app.route({ method: ['GET', 'POST'], url: `${prefix}:name`, handler: handle });
  }
}
