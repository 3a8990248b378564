// The requests ckanapi 4.11 puts on the wire (ckan-clients.md §2.3), replayed byte for byte.
import t from 'tap';
import { startServer } from '../helpers/server.ts';
import { makeOrg, passport } from '../helpers/fixtures.ts';

t.test('ckanapi wire requests', async (t) => {
  const s = await startServer(t);
  await makeOrg(s, 'stat');
  for (const n of ['alpha', 'beta', 'foo-one', 'foo-two', 'foo-three'])
    await s.ok(
      'package_create',
      passport(n, 'stat', { title: n.startsWith('foo') ? `Foo ${n}` : n.toUpperCase(), title_translated: {} }),
    );
  const headers = {
    'Content-Type': 'application/json',
    Authorization: s.sysadmin.token,
    'X-CKAN-API-Key': s.sysadmin.token,
    'User-Agent': 'ckanapi-cli/4.11 (+https://github.com/open-data/ckanapi)',
  };
  const post = async (action: string, body: unknown) => {
    const r = await fetch(`${s.url}/api/action/${action}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      redirect: 'manual',
    });
    return { status: r.status, body: await r.json() };
  };

  const list = await post('package_list', { include_private: false, include_drafts: false, include_deleted: false });
  t.same(list.body.result, ['alpha', 'beta', 'foo-one', 'foo-three', 'foo-two']);

  const show = await post('package_show', {
    id: 'alpha',
    include_datasets: false,
    include_password_hash: true,
    include_users: false,
  });
  t.equal(show.body.result.name, 'alpha', 'unknown show parameters are ignored');

  // search datasets: pages of 1000 until an empty page, right after the creates (read-your-writes).
  const seen: string[] = [];
  for (let start = 0; ; ) {
    const page = await post('package_search', { q: 'foo', start, rows: 1000 });
    t.equal(page.status, 200);
    if (!page.body.result.results.length) break;
    seen.push(...page.body.result.results.map((d: any) => d.name));
    start += page.body.result.results.length;
  }
  t.same(seen.sort(), ['foo-one', 'foo-three', 'foo-two']);

  // load: show by name, then a full replace keeping the id
  const existing = (await post('package_show', { id: 'alpha' })).body.result;
  const upd = await post('package_update', { name: 'alpha', title: 'Alpha 2', id: existing.id, owner_org: 'stat' });
  t.equal(upd.body.result.title, 'Alpha 2');
  t.equal((await post('package_show', { id: 'delta' })).body.error.__type, 'Not Found Error');
  t.equal(
    (await post('package_create', { name: 'delta', title: 'Delta', owner_org: 'stat' })).body.result.name,
    'delta',
  );

  // action -g: GET with repeated keys, Python booleans, a JSON content type and no body
  const g = await fetch(
    `${s.url}/api/action/package_search?facet.field=tags&facet.field=res_format&include_private=True&rows=0`,
    { headers },
  );
  t.equal(g.status, 200);
  const gr = (await g.json()).result;
  t.equal(gr.results.length, 0);
  t.ok(gr.search_facets.tags && gr.search_facets.res_format, 'both repeated facet fields are honoured');

  // k@file: multipart with string fields and the file part
  const form = new FormData();
  form.set('package_id', 'beta');
  form.set('name', 'upload');
  form.set('upload', new Blob(['a,b\n1,2\n'], { type: 'text/csv' }), 'f.csv');
  const mp = await fetch(`${s.url}/api/action/resource_create`, {
    method: 'POST',
    headers: { Authorization: s.sysadmin.token, 'X-CKAN-API-Key': s.sysadmin.token },
    body: form,
  });
  const res = (await mp.json()).result;
  t.equal(res.url_type, 'upload');
  t.equal(res.format, 'CSV');
  t.equal(res.size, 8);
  t.equal(await (await fetch(res.url)).text(), 'a,b\n1,2\n');

  // unknown action: the bare string ckanapi turns into CKANAPIError
  const unk = await post('no_such_action', {});
  t.equal(unk.status, 400);
  t.equal(unk.body, 'Bad request - Action name not known: no_such_action');
});
