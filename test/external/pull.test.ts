// External provision, pulled: a provider's system (a static file server on loopback) serves the data of
// a passport in each format; the scheduler pulls it, validates it against the descriptor and replaces
// the DataStore table in one transaction, records a data update with source "external"; a bad record
// loads nothing and tells the organization's authors; external_source_test reports without loading.
import t from 'tap';
import { startServer } from '../helpers/server.ts';
import { makeOrg } from '../helpers/fixtures.ts';
import { staticServer } from '../helpers/static-server.ts';
import { ManualClock } from '../../src/clock.ts';
import { csvTemplate, writeXml, xlsxTemplate } from '../../src/descriptor/index.ts';
import { pharmacies, pharmacyRows } from '../descriptor/fixtures.ts';

const rows = pharmacyRows.map((r, i) => ({ ...r, id: String(100 + i) }));
const more = [...rows, { ...rows[0], id: '300', name: 'Третья' }];
const bad = [...rows, { ...rows[0], id: '301', geoposition: 'north of here' }];

t.test('external sources pulled on the scheduler', async (t) => {
  const clock = new ManualClock('2026-03-02T04:00:00Z');
  const s = await startServer(t, {
    clock,
    env: { PASPORT_LANGUAGES: 'kk,ru,en,uz,uz-Cyrl', PASPORT_SECRET_KEY: 'test-key-1' },
  });
  const provider = await staticServer(t, {
    '/kz.json': { body: JSON.stringify({ meta: pharmacies, data: rows }), type: 'application/json' },
    '/plain.json': { body: JSON.stringify({ result: { records: more } }), type: 'application/json' },
    '/data.csv': { body: csvTemplate(pharmacies, 'ru', rows), type: 'text/csv' },
    '/data.xlsx': {
      body: await xlsxTemplate(pharmacies, 'ru', more),
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    },
    '/data.xml': { body: writeXml(pharmacies, rows), type: 'application/xml' },
    '/bad.json': { body: JSON.stringify(bad), type: 'application/json' },
    '/secret.json': { body: JSON.stringify(rows), type: 'application/json', needs: { 'x-api-token': 's3cret' } },
  });
  const org = await makeOrg(s, 'provider-org');
  const author = await s.user('author');
  await s.ok('organization_member_create', { id: org.id, username: author.name, role: 'editor' });
  const pkg = await s.ok('package_create', {
    name: 'pharmacies',
    title: 'Pharmacies',
    owner_org: org.id,
    provision: 'external',
    external_api: 'http://example.org/api',
    update_frequency: 'daily',
    resources: [{ url: 'http://example.org/api', name: 'api' }],
  });
  const rid = pkg.resources[0].id;
  await s.ok('descriptor_update', { resource_id: rid, descriptor: pharmacies }, author.token);
  const sched = s.pasport.services.extensions.scheduler as { runDue(): Promise<unknown> };
  const db = s.pasport.services.db;
  const count = async () => (await s.ok('datastore_search', { resource_id: rid, limit: 0 }, null)).total;
  const pull = async () => {
    clock.advance(5 * 60000);
    await sched.runDue();
  };

  t.test('settings are checked and the secret never returned', async (t) => {
    const manual = await s.ok('package_create', {
      name: 'manual-one',
      owner_org: org.id,
      resources: [{ url: 'http://example.org/x' }],
    });
    const r = await s.call(
      'external_source_update',
      { id: manual.id, url: `${provider.url}/kz.json`, format: 'kz-json' },
      { token: author.token },
    );
    t.equal(r.status, 409, 'a manual passport has no external source');
    t.equal(
      (
        await s.call(
          'external_source_update',
          { id: pkg.id, url: `${provider.url}/kz.json`, format: 'kz-json' },
          { token: null },
        )
      ).status,
      403,
    );
    const stranger = await s.user('stranger');
    t.equal(
      (
        await s.call(
          'external_source_update',
          { id: pkg.id, url: `${provider.url}/kz.json`, format: 'kz-json' },
          { token: stranger.token },
        )
      ).status,
      403,
    );
    const noSecret = await s.call(
      'external_source_update',
      { id: pkg.id, url: `${provider.url}/secret.json`, format: 'json', auth_type: 'header' },
      { token: author.token },
    );
    t.equal(noSecret.status, 409, 'header auth needs a secret');
    const set = await s.ok(
      'external_source_update',
      {
        id: pkg.id,
        url: `${provider.url}/secret.json`,
        format: 'json',
        auth_type: 'header',
        auth_header: 'X-Api-Token',
        secret: 's3cret',
      },
      author.token,
    );
    t.equal(set.secret_set, true);
    t.notOk(JSON.stringify(set).includes('s3cret'), 'the secret is not in the answer');
    const stored = await db
      .selectFrom('external_source')
      .select('secret')
      .where('package_id', '=', pkg.id)
      .executeTakeFirstOrThrow();
    t.notOk(stored.secret!.includes('s3cret'), 'stored sealed');
    t.equal(set.schedule_hours, 6, 'from the daily update frequency');
    t.notOk(JSON.stringify(await s.ok('external_source_show', { id: pkg.id }, author.token)).includes('s3cret'));
    const tested = await s.ok('external_source_test', { id: pkg.id }, author.token);
    t.match(tested, { status: 'ok', dry_run: true, records: 2, action: 'replace', error_count: 0 });
    t.equal(provider.log.at(-1)!.headers['x-api-token'], 's3cret', 'the token reached the provider');
    t.equal(await count().catch(() => 0), 0, 'a test loads nothing');
    const wrong = await s.ok('external_source_test', { id: pkg.id, secret: 'wrong' }, author.token);
    t.match(wrong, { status: 'error', errors: [/HTTP 401/] });
  });

  for (const [path, format, n, extra] of [
    ['/kz.json', 'kz-json', 2, {}],
    ['/plain.json', 'json', 3, { records_path: 'result.records' }],
    ['/data.csv', 'csv', 2, {}],
    ['/data.xlsx', 'xlsx', 3, {}],
    ['/data.xml', 'xml', 2, {}],
  ] as const) {
    t.test(`pulls ${format}`, async (t) => {
      await s.ok(
        'external_source_update',
        { id: pkg.id, url: provider.url + path, format, auth_type: 'none', secret: null, records_path: null, ...extra },
        author.token,
      );
      const before = await db
        .selectFrom('data_update')
        .select('id')
        .where('package_id', '=', pkg.id)
        .where('source', '=', 'external')
        .execute();
      await pull();
      const src = await s.ok('external_source_show', { id: pkg.id }, author.token);
      t.match(src, { last_status: 'ok', last_records: n }, JSON.stringify(src.last_errors));
      t.equal(await count(), n, 'the table holds exactly the pulled records');
      const after = await db
        .selectFrom('data_update')
        .select(['id', 'resource_id'])
        .where('package_id', '=', pkg.id)
        .where('source', '=', 'external')
        .execute();
      t.equal(after.length, before.length + 1, 'one data update recorded, source external');
      t.equal(after.at(-1)!.resource_id, rid);
    });
  }

  t.test('a bad record rejects the whole load and notifies the authors', async (t) => {
    t.equal(await count(), 2);
    await s.ok('external_source_update', { id: pkg.id, url: `${provider.url}/bad.json`, format: 'json' }, author.token);
    await pull();
    const src = await s.ok('external_source_show', { id: pkg.id }, author.token);
    t.equal(src.last_status, 'invalid');
    t.match(src.last_errors[0], /record 2: geoposition/);
    t.equal(await count(), 2, 'nothing written: the previous data stays');
    const inbox = await s.ok('notification_list', {}, author.token);
    const notice = inbox.results.find((n: any) => n.kind === 'external_pull_failed');
    t.ok(notice, 'the author is told');
    t.match(notice.body, /record 2: geoposition/, 'with the first errors');
    const test = await s.ok('external_source_test', { id: pkg.id }, author.token);
    t.match(test, { status: 'invalid', error_count: 1, records: 0 });
  });

  t.test('a stalled provider is timed out', async (t) => {
    provider.routes['/stall'] = { stall: true };
    const r = await s.ok(
      'external_source_test',
      { id: pkg.id, url: `${provider.url}/stall`, timeout_ms: 200 },
      author.token,
    );
    t.match(r, { status: 'error', errors: [/timed out/] });
  });
});
