// Conditional GET on every linked-data surface: a strong ETag and Last-Modified, 304 for
// If-None-Match and If-Modified-Since, Cache-Control from the configuration, Vary: Accept; new
// validators after a write and after midnight (derived fields), driven by a manual clock.
import t from 'tap';
import { startServer } from '../helpers/server.ts';
import { ManualClock } from '../../src/clock.ts';
import { buildCatalog } from './fixture.ts';

t.test('validators and 304 on each surface', async (t) => {
  // Starts at the real time: the database stamps writes with its own clock.
  const clock = new ManualClock(new Date());
  const s = await startServer(t, { clock, env: { PASPORT_DCAT_CACHE_CONTROL: 'public, max-age=60' } });
  await buildCatalog(s);
  await s.settle();
  const pkg = await s.ok('package_show', { id: 'ds-monthly-stat' });
  const org = await s.ok('organization_show', { id: 'stat' });
  const get = (p: string, headers: Record<string, string> = {}) =>
    fetch(`${s.url}${p}`, { headers: { accept: 'text/turtle', ...headers } });
  const surfaces = [
    '/catalog.ttl',
    '/catalog',
    '/catalog.jsonld?page=1',
    `/dataset/${pkg.id}`,
    `/dataset/${pkg.name}.rdf`,
    `/dataset/${pkg.id}/resource/${pkg.resources[0].id}`,
    `/catalog/record/${pkg.id}`,
    `/organization/${org.id}`,
    '/sphere',
    '/sphere/economy',
    '/structure',
    '/structure/1',
    '/ns',
    '/vocab',
    '/catalog/export.nt',
    '/catalog/export.ttl',
    '/sparql',
  ];
  for (const path of surfaces) {
    const first = await get(path);
    t.equal(first.status, 200, path);
    await first.arrayBuffer();
    const etag = first.headers.get('etag');
    const lm = first.headers.get('last-modified');
    t.match(etag, /^"[\w-]+"$/, `${path}: strong ETag`);
    t.ok(lm && !Number.isNaN(Date.parse(lm)), `${path}: Last-Modified ${lm}`);
    t.equal(first.headers.get('cache-control'), 'public, max-age=60', `${path}: configured Cache-Control`);
    if (!path.startsWith('/catalog/export')) t.match(first.headers.get('vary'), /Accept/, `${path}: Vary: Accept`);
    const inm = await get(path, { 'if-none-match': etag! });
    t.equal(inm.status, 304, `${path}: If-None-Match -> 304`);
    t.equal(await inm.text(), '', `${path}: no body`);
    t.equal(inm.headers.get('etag'), etag, `${path}: 304 repeats the ETag`);
    t.equal((await get(path, { 'if-modified-since': lm! })).status, 304, `${path}: If-Modified-Since -> 304`);
    t.equal((await get(path, { 'if-none-match': '"stale", ' + etag })).status, 304, `${path}: one of a list`);
    const stale = await get(path, { 'if-none-match': '"not-it"', 'if-modified-since': lm! });
    t.equal(stale.status, 200, `${path}: If-None-Match wins over If-Modified-Since`);
    await stale.arrayBuffer();
    const early = await get(path, { 'if-modified-since': new Date(Date.parse(lm!) - 1000).toUTCString() });
    t.equal(early.status, 200, `${path}: modified since an earlier date -> 200`);
    await early.arrayBuffer();
  }

  t.test('another representation has another ETag', async (t) => {
    const ttl = await get(`/dataset/${pkg.id}`);
    const nt = await get(`/dataset/${pkg.id}`, { accept: 'application/n-triples' });
    const html = await get(`/dataset/${pkg.id}`, { accept: 'text/html' });
    const ru = await get(`/dataset/${pkg.id}`, { accept: 'text/html', 'accept-language': 'ru' });
    const tags = [ttl, nt, html, ru].map((r) => r.headers.get('etag'));
    t.equal(new Set(tags).size, 4, 'Turtle, N-Triples, HTML in uz and in ru differ');
    t.equal(
      (await get(`/dataset/${pkg.id}`, { accept: 'application/n-triples', 'if-none-match': tags[0]! })).status,
      200,
    );
  });

  t.test('a write changes the validators of the page, the dataset and the export', async (t) => {
    const before = await Promise.all(
      ['/catalog.ttl', `/dataset/${pkg.id}`, '/catalog/export.nt'].map(
        async (p) => (await get(p)).headers.get('etag')!,
      ),
    );
    await s.ok('package_patch', { id: pkg.id, notes_translated: { en: 'Changed notes' } });
    await s.settle();
    for (const [i, p] of ['/catalog.ttl', `/dataset/${pkg.id}`, '/catalog/export.nt'].entries()) {
      const r = await get(p, { 'if-none-match': before[i] });
      t.equal(r.status, 200, `${p}: changed -> 200`);
      t.match(await r.text(), 'Changed notes');
    }
  });

  t.test('midnight in the portal time zone changes derived fields, so the validators', async (t) => {
    const page = await get('/catalog.ttl');
    const doc = await get(`/dataset/${pkg.id}`);
    await Promise.all([page.arrayBuffer(), doc.arrayBuffer()]);
    clock.advance(24 * 3600 * 1000);
    const p2 = await get('/catalog.ttl', { 'if-none-match': page.headers.get('etag')! });
    t.equal(p2.status, 200, 'page: next day -> 200');
    await p2.arrayBuffer();
    t.equal(
      (await get('/catalog.ttl', { 'if-modified-since': page.headers.get('last-modified')! })).status,
      200,
      'page: Last-Modified moved to midnight',
    );
    const d2 = await get(`/dataset/${pkg.id}`, { 'if-modified-since': doc.headers.get('last-modified')! });
    t.equal(d2.status, 200, 'dataset: Last-Modified moved to midnight');
  });

  t.test('the dataset documents do not depend on the caller', async (t) => {
    const anon = await get(`/dataset/${pkg.id}`);
    const admin = await get(`/dataset/${pkg.id}`, { authorization: s.sysadmin.token });
    t.equal(
      anon.headers.get('etag'),
      admin.headers.get('etag'),
      'same representation for everyone (read as anonymous)',
    );
    t.equal(
      (await get('/dataset/secret-one', { authorization: s.sysadmin.token })).status,
      403,
      'even a sysadmin gets the public view',
    );
  });
});
