// Answers that depend on the caller say so to caches (Vary on the credential headers; private when a
// user is identified) on every surface; drafts need edit rights, as CKAN's package_show asks; and
// every surface identifies the caller the same way (src/api/caller.ts), blank Authorization included.
import t from 'tap';
import { startServer, type TestServer } from '../helpers/server.ts';
import { makeOrg, makeStructure, passport } from '../helpers/fixtures.ts';

async function get(s: TestServer, path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${s.url}${path}`, { headers });
  await res.arrayBuffer();
  return {
    status: res.status,
    cache: res.headers.get('cache-control') ?? '',
    vary: (res.headers.get('vary') ?? '').toLowerCase(),
  };
}

async function post(s: TestServer, action: string, data: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${s.url}/api/3/action/${action}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(data),
  });
  const body = (await res.json()) as any;
  return {
    status: res.status,
    body,
    cache: res.headers.get('cache-control') ?? '',
    vary: (res.headers.get('vary') ?? '').toLowerCase(),
  };
}

const auth = (token: string) => ({ Authorization: token });

t.test('privacy of caller-dependent answers', async (t) => {
  const s = await startServer(t);
  await makeStructure(s, '5');
  const org = await makeOrg(s, 'priv-org', { code: '001', structure: '5' });
  const member = await s.user('priv-member');
  const editor = await s.user('priv-editor');
  await s.ok('organization_member_create', { id: org.id, username: member.name, role: 'member' });
  await s.ok('organization_member_create', { id: org.id, username: editor.name, role: 'editor' });
  const priv = await s.ok('package_create', passport('priv-ds', 'priv-org', { private: true, resources: [] }));
  const draft = await s.ok('package_create', passport('draft-ds', 'priv-org', { state: 'draft' }));
  const table = await s.ok('datastore_create', {
    resource: { package_id: priv.id, name: 't' },
    fields: [{ id: 'v', type: 'int' }],
    records: [{ v: 1 }],
  });
  const form = new FormData();
  form.append('package_id', priv.id);
  form.append('upload', new Blob(['a,b\n1,2\n']), 'data.csv');
  const up = await fetch(`${s.url}/api/3/action/resource_create`, {
    method: 'POST',
    body: form,
    headers: auth(s.sysadmin.token),
  });
  const file = ((await up.json()) as any).result;
  const download = new URL(file.url).pathname;

  t.test('private answers to an identified caller are private and vary on the credentials', async (t) => {
    const checks: [string, () => Promise<{ status: number; cache: string; vary: string }>][] = [
      ['package_show', () => post(s, 'package_show', { id: priv.id }, auth(member.token))],
      ['datastore_search', () => post(s, 'datastore_search', { resource_id: table.resource_id }, auth(member.token))],
      ['/datastore/dump', () => get(s, `/datastore/dump/${table.resource_id}`, auth(member.token))],
      ['resource download', () => get(s, download, auth(member.token))],
    ];
    for (const [surface, call] of checks) {
      const r = await call();
      t.equal(r.status, 200, `${surface}: the member reads it`);
      t.match(r.cache, /private/, `${surface}: Cache-Control private`);
      t.match(r.vary, /authorization/, `${surface}: Vary Authorization`);
      t.match(r.vary, /x-ckan-api-key/, `${surface}: Vary X-CKAN-API-Key`);
    }
    const anon = await post(s, 'package_show', { id: 'draft-ds' });
    t.equal(anon.status, 403);
    t.notMatch(anon.cache, /public/, 'never public');
    t.match(anon.vary, /authorization/, 'an anonymous answer varies on the credentials too');
  });

  t.test('drafts need edit rights: a plain member is refused on every surface', async (t) => {
    const rid = draft.resources[0].id;
    t.equal((await post(s, 'package_show', { id: draft.id }, auth(member.token))).status, 403, 'package_show');
    t.equal((await post(s, 'resource_show', { id: rid }, auth(member.token))).status, 403, 'resource_show');
    t.equal((await post(s, 'package_show', { id: draft.id }, auth(editor.token))).status, 200, 'an editor reads it');
    t.equal((await post(s, 'resource_show', { id: rid }, auth(editor.token))).status, 200);
    t.equal(
      (await post(s, 'package_show', { id: priv.id }, auth(member.token))).status,
      200,
      'a member still reads private active datasets',
    );
    const ac = await post(s, 'package_autocomplete', { q: 'draft-ds' }, auth(member.token));
    t.same(ac.body.result, [], 'autocomplete leaves the draft out');
  });

  t.test('one caller identification: blank Authorization beside X-CKAN-API-Key', async (t) => {
    const h = { Authorization: '  ', 'X-CKAN-API-Key': member.token };
    t.equal((await post(s, 'package_show', { id: priv.id }, h)).status, 200, 'action API');
    t.equal((await get(s, download, h)).status, 200, 'downloads');
    t.equal((await get(s, `/datastore/dump/${table.resource_id}`, h)).status, 200, 'DataStore dump');
    const sparql = await get(s, `/sparql?query=${encodeURIComponent('ASK {}')}`, {
      Authorization: '',
      'X-CKAN-API-Key': s.sysadmin.token,
      Accept: 'application/sparql-results+json',
    });
    t.equal(sparql.status, 200, 'SPARQL');
    t.match(sparql.cache, /private/, 'SPARQL: the sysadmin scope was granted from X-CKAN-API-Key');
    const none = { Authorization: '', 'X-CKAN-API-Key': ' ' };
    t.equal((await post(s, 'package_show', { id: priv.id }, none)).status, 403, 'both blank: anonymous');
    t.equal((await get(s, download, none)).status, 403);
    t.equal((await get(s, `/datastore/dump/${table.resource_id}`, none)).status, 403);
  });
});
