// Popularity over HTTP on PostgreSQL: views reported to /_tracking (once per visitor and day), downloads
// counted with their purpose on every download path, tracking_summary in package_show, the 14-day
// window sliding, sort=views_recent in package_search, statistics_show; private datasets' counts stay
// invisible and no address is stored.
import t from 'tap';
import { startServer, type TestServer } from '../helpers/server.ts';
import { makeOrg, makeStructure, passport } from '../helpers/fixtures.ts';
import { ManualClock } from '../../src/clock.ts';

async function view(
  s: TestServer,
  url: string,
  ua: string,
  opts: { type?: string; token?: string; form?: boolean } = {},
) {
  const headers: Record<string, string> = { 'User-Agent': ua };
  if (opts.token) headers.Authorization = opts.token;
  const body = opts.form
    ? new URLSearchParams({ url, type: opts.type ?? 'page' }).toString()
    : JSON.stringify({ url, type: opts.type ?? 'page' });
  headers['Content-Type'] = opts.form ? 'application/x-www-form-urlencoded' : 'application/json';
  const r = await fetch(`${s.url}/_tracking`, { method: 'POST', headers, body });
  return r.status;
}

async function upload(s: TestServer, packageId: string) {
  const form = new FormData();
  form.append('package_id', packageId);
  form.append('upload', new Blob(['a,b\n1,2\n']), 'data.csv');
  const r = await fetch(`${s.url}/api/3/action/resource_create`, {
    method: 'POST',
    body: form,
    headers: { Authorization: s.sysadmin.token },
  });
  return ((await r.json()) as any).result;
}

t.test('views, downloads with purposes, sort and statistics', async (t) => {
  const clock = new ManualClock('2025-05-12T05:00:00Z');
  const s = await startServer(t, { clock, config: { tracking: { enabled: true, flushMs: 0 } } });
  const db = s.pasport.services.db;
  await makeStructure(s, '7');
  await makeOrg(s, 'stat', { code: '001', structure: '7' });
  const a = await s.ok('package_create', passport('alpha', 'stat', { resources: [] }));
  const b = await s.ok('package_create', passport('beta', 'stat'));
  const p = await s.ok('package_create', passport('hidden', 'stat', { private: true, resources: [] }));
  const op = await s.user('op', { operator: true });
  const plain = await s.user('plain');
  const fileA = await upload(s, a.id);
  const fileP = await upload(s, p.id);
  const table = await s.ok('datastore_create', {
    resource: { package_id: b.id, name: 't' },
    fields: [{ id: 'v', type: 'int' }],
    records: [{ v: 1 }],
  });

  // Views: three visitors on alpha (one twice), one on beta, a resource view; private: only readers count.
  for (const ua of ['ua-1', 'ua-2', 'ua-3', 'ua-1']) t.equal(await view(s, `${s.url}/dataset/alpha`, ua), 204);
  t.equal(await view(s, '/uz/dataset/beta?x=1', 'ua-1', { form: true }), 204, "CKAN's form body works");
  t.equal(await view(s, `/dataset/${a.id}/resource/${fileA.id}`, 'ua-1', { type: 'resource' }), 204);
  for (const ua of ['ua-1', 'ua-2'])
    t.equal(await view(s, '/dataset/hidden', ua), 204, 'the answer says nothing about a private dataset');
  t.equal(await view(s, '/dataset/no-such', 'ua-1'), 204);
  t.notOk(
    await db.selectFrom('package_tracking').select('package_id').where('package_id', '=', p.id).executeTakeFirst(),
    'anonymous views of a private dataset are not counted',
  );
  for (const ua of ['ua-1', 'ua-2', 'ua-3', 'ua-4', 'ua-5']) await view(s, '/dataset/hidden', ua, { token: op.token });

  const shown = await s.ok('package_show', { id: 'alpha', include_tracking: true }, null);
  t.same(shown.tracking_summary, { total: 3, recent: 3 }, 'a visitor counts once a day');
  t.same((await s.ok('package_show', { id: 'beta', include_tracking: true }, null)).tracking_summary, {
    total: 1,
    recent: 1,
  });
  t.notOk('tracking_summary' in (await s.ok('package_show', { id: 'alpha' }, null)), 'only when asked, as CKAN');
  t.equal(
    (await s.call('package_show', { id: 'hidden', include_tracking: true }, { token: null })).status,
    403,
    "a private dataset's counts are refused like it",
  );

  // Sort by views: private datasets never appear for those who cannot read them.
  const anonSorted = await s.ok('package_search', { sort: 'views_recent desc' }, null);
  t.same(
    anonSorted.results.map((r: any) => r.name),
    ['alpha', 'beta'],
  );
  const opSorted = await s.ok('package_search', { sort: 'views_recent desc', include_private: true }, op.token);
  t.same(
    opSorted.results.map((r: any) => r.name),
    ['hidden', 'alpha', 'beta'],
  );
  t.same(
    (await s.ok('package_search', { sort: 'views_total asc' }, null)).results.map((r: any) => r.name),
    ['beta', 'alpha'],
  );

  // Downloads with purposes, on every path.
  const purposes = await s.ok('download_purpose_list', {}, null);
  t.same(
    purposes.map((x: any) => x.name),
    ['research', 'education', 'business', 'journalism', 'app', 'personal'],
    'seeded defaults',
  );
  t.match(purposes[0].label_translated, {
    ru: 'Научные исследования',
    kk: 'Ғылыми зерттеу',
    ky: 'Илимий изилдөө',
    en: 'Research',
    uz: 'Ilmiy tadqiqot',
  });
  const fileUrl = new URL(fileA.url).pathname;
  t.equal((await fetch(`${s.url}${fileUrl}?purpose=research`)).status, 200);
  t.equal((await fetch(`${s.url}${fileUrl}?purpose=research`)).status, 200);
  t.equal((await fetch(`${s.url}${fileUrl}`)).status, 200, 'the purpose is optional');
  const bad = await fetch(`${s.url}${fileUrl}?purpose=nonsense`);
  t.equal(bad.status, 409);
  t.match(await bad.json(), {
    success: false,
    error: { __type: 'Validation Error', purpose: [/Unknown download purpose/] },
  });
  t.equal((await fetch(`${s.url}/datastore/dump/${table.resource_id}?purpose=education`)).status, 200);
  t.equal((await fetch(`${s.url}/datastore/dump/${table.resource_id}?purpose=nonsense`)).status, 409);
  t.equal((await fetch(`${s.url}/catalog/export.ttl?purpose=business`)).status, 200);
  t.equal((await fetch(`${s.url}/catalog/export.ttl?purpose=nonsense`)).status, 409);
  t.equal(
    (await fetch(`${s.url}${new URL(fileP.url).pathname}?purpose=research`)).status,
    403,
    'a private file is not served...',
  );
  const ids = Object.fromEntries(purposes.map((x: any) => [x.name, x.id]));
  const rows = await db
    .selectFrom('tracking_daily')
    .selectAll()
    .where('kind', '=', 'download')
    .orderBy('channel')
    .orderBy('purpose')
    .execute();
  t.same(
    rows.map((r) => [r.channel, r.package_id, r.resource_id, r.purpose, Number(r.count), r.day]),
    [
      ['catalog_export', '', '', ids.business, 1, '2025-05-12'],
      ['datastore_dump', b.id, table.resource_id, ids.education, 1, '2025-05-12'],
      ['resource', a.id, fileA.id, '', 1, '2025-05-12'],
      ['resource', a.id, fileA.id, ids.research, 2, '2025-05-12'],
    ].sort((x, y) => `${x[0]}${x[3]}`.localeCompare(`${y[0]}${y[3]}`)),
    '...nor counted; each path records dataset, resource, purpose and day',
  );
  t.same((await s.ok('package_show', { id: 'alpha', include_tracking: true }, null)).download_summary, {
    total: 3,
    recent: 3,
  });

  // Nothing stored names the visitor.
  const everything = JSON.stringify([
    await db.selectFrom('tracking_daily').selectAll().execute(),
    await db.selectFrom('package_tracking').selectAll().execute(),
  ]);
  t.notMatch(everything, /127\.0\.0\.1|ua-1/, 'no address or user agent is stored');

  // Purposes dictionary: operators write.
  t.equal(
    (await s.call('download_purpose_create', { name: 'ngo', label_translated: { ru: 'НКО' } }, { token: plain.token }))
      .status,
    403,
  );
  const ngo = await s.ok(
    'download_purpose_create',
    { name: 'ngo', label_translated: { ru: 'НКО', en: 'NGO work', kk: 'ҮЕҰ', ky: 'БЭУ' }, position: 9 },
    op.token,
  );
  t.equal(
    (await s.call('download_purpose_create', { name: 'ngo', label_translated: { en: 'x' } }, { token: op.token }))
      .status,
    409,
    'names are unique',
  );
  t.match(await s.ok('download_purpose_update', { id: 'ngo', label_translated: { en: 'Civil society' } }, op.token), {
    label_translated: { en: 'Civil society' },
  });
  await s.ok('download_purpose_delete', { id: ngo.id }, op.token);
  t.notOk(
    (await s.ok('download_purpose_list', {}, null)).some((x: any) => x.name === 'ngo'),
    'a retired purpose leaves the list',
  );
  t.ok(
    (await s.ok('download_purpose_list', { all_states: true }, op.token)).some(
      (x: any) => x.name === 'ngo' && !x.active,
    ),
    'operators still see it',
  );
  t.equal((await fetch(`${s.url}${fileUrl}?purpose=ngo`)).status, 409, 'and downloads cannot name it');

  // Statistics: operators only.
  for (const tok of [null, plain.token]) t.equal((await s.call('statistics_show', {}, { token: tok })).status, 403);
  const stats = await s.ok('statistics_show', {}, op.token);
  t.same(
    stats.most_viewed.map((x: any) => [x.name, x.views.total, x.private]),
    [
      ['hidden', 5, true],
      ['alpha', 3, false],
      ['beta', 1, false],
    ],
  );
  t.match(stats.most_downloaded[0], { name: 'alpha', downloads: { total: 3, recent: 3 } });
  t.match(stats.downloads_by_purpose, { total: 5, without_purpose: { total: 1 } });
  t.match(
    stats.downloads_by_purpose.purposes.find((x: any) => x.purpose.name === 'research'),
    { total: 2, by_channel: { resource: 2 } },
  );
  t.same(Object.keys(stats), [
    'most_viewed',
    'most_downloaded',
    'downloads_by_purpose',
    'surveys',
    'comments',
    'requests',
    'feedback',
  ]);
  t.type(stats.requests, 'object', 'the requests section (src/requests/stats.ts) is wired in');
  t.same(Object.keys(await s.ok('statistics_show', { sections: ['comments'] }, op.token)), ['comments']);
  t.equal((await s.call('statistics_show', { sections: ['nope'] }, { token: op.token })).status, 409);

  // Fifteen days later: alpha's views leave the 14-day window, totals stay; beta gets a new view.
  clock.advance(15 * 86400_000);
  await view(s, '/dataset/beta', 'ua-9');
  t.same((await s.ok('package_show', { id: 'alpha', include_tracking: true }, null)).tracking_summary, {
    total: 3,
    recent: 0,
  });
  t.same((await s.ok('package_show', { id: 'beta', include_tracking: true }, null)).tracking_summary, {
    total: 2,
    recent: 1,
  });
  t.same(
    (await s.ok('package_search', { sort: 'views_recent desc' }, null)).results.map((r: any) => r.name),
    ['beta', 'alpha'],
  );
  t.same(
    (await s.ok('package_search', { sort: 'views_total desc' }, null)).results.map((r: any) => r.name),
    ['alpha', 'beta'],
  );
});
