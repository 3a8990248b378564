// The Action API's transport, as ckan/views/api.py defines it and CKAN clients rely on it.
import t from 'tap';
import { startServer } from '../helpers/server.ts';

t.test('transport', async (t) => {
  const s = await startServer(t);
  const raw = (path: string, init?: RequestInit) => fetch(`${s.url}${path}`, init);

  t.test('version documents and version segment', async (t) => {
    t.same(await (await raw('/api')).json(), { version: 1 });
    t.same(await (await raw('/api/3')).json(), { version: 3 });
    t.equal((await raw('/api/2/action/status_show')).status, 404);
    t.equal((await raw('/api/1/action/status_show')).status, 404);
    const a = await raw('/api/action/status_show');
    t.equal(a.status, 200, '/api/action works without the version');
    t.equal(a.headers.get('content-type'), 'application/json;charset=utf-8');
  });

  t.test('unknown action is a bare-string 400', async (t) => {
    const r = await raw('/api/3/action/no_such_thing');
    t.equal(r.status, 400);
    t.equal(await r.json(), 'Bad request - Action name not known: no_such_thing');
  });

  t.test('GET on a POST-only action', async (t) => {
    const r = await raw('/api/3/action/package_create?name=x');
    t.equal(r.status, 400);
    t.equal(await r.json(), 'Bad request - JSON Error: Invalid request. Please use POST method for your request');
  });

  t.test('bad JSON and non-object JSON', async (t) => {
    for (const body of ['{"id": ', '[1,2]', '"text"', 'null', '{"a":1}}']) {
      const r = await raw('/api/3/action/package_show', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body,
      });
      t.equal(r.status, 400, `status for ${body}`);
      const text = await r.json();
      t.type(text, 'string');
      t.match(text, /^Bad request - JSON Error: /);
    }
  });

  t.test('empty body means {}', async (t) => {
    const r = await raw('/api/3/action/package_show', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
    });
    t.equal(r.status, 409);
    t.same((await r.json()).error, { __type: 'Validation Error', name_or_id: ['Missing value'] });
  });

  t.test('form body, repeated keys and the curl -d one-key form', async (t) => {
    const form = await raw('/api/3/action/help_show', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'name=status_show',
    });
    t.equal(form.status, 200);
    t.match((await form.json()).result, /site/);
    const curl = await raw('/api/3/action/help_show', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: encodeURIComponent('{"name":"package_list"}') + '=',
    });
    t.equal(curl.status, 200, 'JSON as the only form key');
    t.match((await curl.json()).result, /names of all active, public datasets/);
    const rep = await raw('/api/3/action/package_list?limit=1&limit=2');
    t.equal(rep.status, 200, 'a repeated scalar GET key keeps the last value');
  });

  t.test('JSONP', async (t) => {
    const r = await raw('/api/3/action/status_show?callback=cb');
    t.equal(r.status, 200);
    t.match(r.headers.get('content-type') ?? '', /^application\/javascript/);
    const text = await r.text();
    t.match(text, /^cb\(\{"help": .*"success": true.*\}\);$/s);
    const bad = await raw('/api/3/action/status_show?callback=alert(1)');
    t.match(bad.headers.get('content-type') ?? '', /json/, 'an unsafe callback name is not echoed');
  });

  t.test('tokens: both headers, Bearer tolerated, unknown token is anonymous', async (t) => {
    const mine = (headers: Record<string, string>) =>
      raw('/api/3/action/package_create', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: '{}',
      });
    const anon = await mine({ Authorization: 'not-a-token' });
    t.equal(anon.status, 403);
    t.same((await anon.json()).error, {
      __type: 'Authorization Error',
      message: 'Access denied: User  not authorized to create packages',
    });
    for (const h of [
      { Authorization: s.sysadmin.token },
      { 'X-CKAN-API-Key': s.sysadmin.token },
      { Authorization: `Bearer ${s.sysadmin.token}` },
    ] as Record<string, string>[]) {
      const r = await mine(h);
      t.equal(r.status, 409, `authenticated by ${Object.keys(h)[0]}`);
      t.equal((await r.json()).error.name[0], 'Missing value');
    }
  });

  t.test('success envelope', async (t) => {
    const r = await s.call('package_list', {}, { get: true });
    t.same(Object.keys(r.body), ['help', 'success', 'result']);
    t.equal(r.body.help, `${s.url}/api/3/action/help_show?name=package_list`);
  });

  t.test('validation of natural numbers', async (t) => {
    t.same((await s.call('package_list', { limit: '-1' }, { get: true })).body.error, {
      __type: 'Validation Error',
      limit: ['Must be a natural number'],
    });
    t.same((await s.call('package_list', { limit: 'abc' }, { get: true })).body.error, {
      __type: 'Validation Error',
      limit: ['Invalid integer'],
    });
  });

  t.test('help_show', async (t) => {
    t.equal((await s.call('help_show', { name: 'nope' })).status, 404);
    t.same((await s.call('help_show', {})).body.error, { __type: 'Validation Error', name: ['Missing value'] });
  });

  t.test('site_read and license_list', async (t) => {
    t.equal(await s.ok('site_read'), true);
    const lic = await s.ok('license_list');
    t.equal(lic.length, 15);
    const ccby = lic.find((l: any) => l.id === 'cc-by');
    t.equal(ccby.od_conformance, 'approved');
    t.equal(ccby.domain_content, 'True');
  });
});
