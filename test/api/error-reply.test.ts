// The error catalogue: what every kind of error answers, and the three forms surfaces render it in.
import t from 'tap';
import Fastify from 'fastify';
import { errorAnswer, problem, sendCkanError, sendProblem, sendTextError } from '../../src/api/error-reply.ts';
import { BadRequest, NotFound, RateLimited, ServiceUnavailable, ValidationError } from '../../src/errors.ts';
import { SparqlSaturated, SparqlTimeout } from '../../src/sparql/errors.ts';
import { Unavailable } from '../../src/dcat/lookup.ts';

t.test('errorAnswer maps every kind of error once', async (t) => {
  const v = errorAnswer(ValidationError.field('name', 'Missing value'));
  t.same(v, {
    status: 409,
    message: 'Validation Error',
    envelope: { __type: 'Validation Error', name: ['Missing value'] },
    retryAfter: undefined,
    fault: false,
  });
  t.equal(errorAnswer(new NotFound('dataset x')).envelope?.__type, 'Not Found Error');
  t.same(errorAnswer(new BadRequest('Action name not known: x')).envelope, null, 'bare-string body');
  t.equal(errorAnswer(new ServiceUnavailable('busy', 3)).retryAfter, 3);
  t.equal(errorAnswer(new RateLimited('10 per minute', 7)).status, 429);
  const s = errorAnswer(new SparqlSaturated());
  t.match(s, { status: 503, retryAfter: 2, fault: false, envelope: { __type: 'SparqlSaturated' } });
  t.equal(errorAnswer(new SparqlTimeout(100)).retryAfter, undefined, 'a timeout is not worth retrying');
  t.match(errorAnswer(new Unavailable(410, 'Gone: dataset x was deleted')), { status: 410, fault: false });
  // PostgreSQL refusals by SQLSTATE; a unique violation on a name is CKAN's "URL already in use".
  t.match(errorAnswer(Object.assign(new Error('dup'), { code: '23505', detail: 'Key (name)=(x)' })), {
    status: 409,
    envelope: { name: ['That URL is already in use.'] },
  });
  t.match(errorAnswer(Object.assign(new Error('deadlock'), { code: '40P01' })), { status: 503, retryAfter: 1 });
  // Fastify's own client errors keep their status and speak CKAN's bare string.
  t.match(errorAnswer(Object.assign(new Error('too big'), { statusCode: 413, code: 'FST_REQ_FILE_TOO_LARGE' })), {
    status: 413,
    message: 'Bad request - Request entity too large',
    envelope: null,
  });
  const f = errorAnswer(new TypeError('x is undefined'));
  t.match(f, { status: 500, fault: true, message: 'Internal Server Error' }, 'a fault never shows its text');
  const long = errorAnswer(new NotFound('y'.repeat(5000)));
  t.ok(long.message.length <= 301 && JSON.stringify(long.envelope).length < 400, 'quoted input is clipped');
});

t.test('each surface renders the same answer in its own form', async (t) => {
  const app = Fastify({ logger: false });
  const boom = () => new TypeError('secret stack detail');
  app.get('/ckan', (req, reply) => sendCkanError(req, reply, new ServiceUnavailable('busy', 4), 'http://h/help'));
  app.get('/ckan-bare', (req, reply) => sendCkanError(req, reply, new BadRequest('no'), 'http://h/help'));
  app.get('/signin', (req, reply) => sendCkanError(req, reply, new BadRequest('no'), null));
  app.get('/text', (req, reply) => sendTextError(req, reply, new SparqlSaturated()));
  app.get('/text-fault', (req, reply) => sendTextError(req, reply, boom()));
  app.get('/problem', (req, reply) => sendProblem(req, reply, new Unavailable(404, 'Not found: dataset x')));
  app.get('/problem-literal', (_req, reply) => problem(reply, 406, 'Not acceptable'));
  const get = (url: string) => app.inject({ url });
  const ckan = await get('/ckan');
  t.equal(ckan.statusCode, 503);
  t.equal(ckan.headers['retry-after'], '4');
  t.same(ckan.json(), {
    help: 'http://h/help',
    success: false,
    error: { __type: 'Service Unavailable', message: 'busy' },
  });
  t.same((await get('/ckan-bare')).json(), 'Bad request - no');
  t.same((await get('/signin')).json(), {
    success: false,
    error: { __type: 'Bad Request', message: 'Bad request - no' },
  });
  const text = await get('/text');
  t.equal(text.statusCode, 503);
  t.equal(text.headers['retry-after'], '2');
  t.match(text.headers['content-type'], /^text\/plain/);
  t.equal(text.body, 'The SPARQL endpoint is busy; retry later');
  const fault = await get('/text-fault');
  t.equal(fault.statusCode, 500);
  t.equal(fault.body, 'Internal error');
  const pr = await get('/problem');
  t.equal(pr.statusCode, 404);
  t.same(pr.json(), { success: false, error: { message: 'Not found: dataset x' } });
  t.equal((await get('/problem-literal')).statusCode, 406);
  await app.close();
});
