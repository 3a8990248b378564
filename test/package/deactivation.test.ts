// Deactivation end to end over HTTP: an operator deactivates a dataset with a reason, it vanishes from
// every public surface, its authors are told why (inbox and e-mail), they report the fix, the operators
// are told, an operator activates it, and every step is kept with who, when and why.
import t from 'tap';
import { startServer, type TestServer } from '../helpers/server.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { makeOrg, makeStructure, passport } from '../helpers/fixtures.ts';
import { ManualClock } from '../../src/clock.ts';
import type { Scheduler } from '../../src/scheduler/service.ts';

async function get(s: TestServer, path: string, headers: Record<string, string> = {}) {
  const r = await fetch(`${s.url}${path}`, { headers });
  return { status: r.status, text: await r.text() };
}

/** Everything an anonymous visitor can learn about the dataset, surface by surface. */
async function publicView(s: TestServer, pkg: { id: string; name: string }, rid: string, orgName: string) {
  await s.settle();
  const anon = { token: null };
  const search = await s.call(
    'package_search',
    { q: '', 'facet.field': '["organization","tags"]', rows: 100 },
    { ...anon, get: true },
  );
  const sparql = await fetch(`${s.url}/sparql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/sparql-query', Accept: 'application/sparql-results+json' },
    body: `SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(CONTAINS(STR(?s), "${pkg.id}")) }`,
  });
  const catalog = await get(s, '/catalog.nt');
  const exported = await get(s, '/catalog/export.nt');
  return {
    package_show: (await s.call('package_show', { id: pkg.name }, { ...anon, get: true })).status,
    package_list: ((await s.call('package_list', {}, { ...anon, get: true })).body.result as string[]).includes(
      pkg.name,
    ),
    search: search.body.result.results.some((r: any) => r.id === pkg.id),
    search_count: search.body.result.count,
    facet_org: search.body.result.search_facets.organization.items.find((i: any) => i.name === orgName)?.count ?? 0,
    facet_tag: search.body.result.search_facets.tags.items.find((i: any) => i.name === 'economy')?.count ?? 0,
    autocomplete: (await s.call('package_autocomplete', { q: pkg.name.slice(0, 5) }, { ...anon, get: true })).body
      .result.length,
    org_count: (await s.call('organization_show', { id: orgName }, { ...anon, get: true })).body.result.package_count,
    tag_list: ((await s.call('tag_list', {}, { ...anon, get: true })).body.result as string[]).includes('economy'),
    dcat_dataset: (await get(s, `/dataset/${pkg.name}.ttl`)).status,
    dcat_catalog: catalog.text.includes(pkg.id),
    dcat_export: exported.text.includes(pkg.id),
    sparql: Number(((await sparql.json()) as any).results.bindings[0].n.value) > 0,
    datastore_search: (await s.call('datastore_search', { resource_id: rid }, { ...anon, get: true })).status,
    datastore_sql: (await s.call('datastore_search_sql', { sql: `SELECT * FROM "${rid}"` }, anon)).status,
    dump: (await get(s, `/datastore/dump/${rid}?format=csv`)).status,
  };
}

const VISIBLE = {
  package_show: 200,
  package_list: true,
  search: true,
  search_count: 1,
  facet_org: 1,
  facet_tag: 1,
  autocomplete: 1,
  org_count: 1,
  tag_list: true,
  dcat_dataset: 200,
  dcat_catalog: true,
  dcat_export: true,
  sparql: true,
  datastore_search: 200,
  datastore_sql: 200,
  dump: 200,
};
const HIDDEN = {
  package_show: 403,
  package_list: false,
  search: false,
  search_count: 0,
  facet_org: 0,
  facet_tag: 0,
  autocomplete: 0,
  org_count: 0,
  tag_list: false,
  dcat_dataset: 403,
  dcat_catalog: false,
  dcat_export: false,
  sparql: false,
  datastore_search: 403,
  datastore_sql: 403,
  dump: 403,
};

t.test('deactivate, fix, activate', async (t) => {
  const clock = new ManualClock('2025-06-02T04:00:00Z'); // Monday 09:00 in Tashkent
  const mail = await startSmtp(t);
  const s = await startServer(t, {
    clock,
    env: { SMTP_URL: mail.url },
    config: { scheduler: { enabled: true, intervalMs: 0 } },
  });
  const scheduler = s.pasport.services.extensions.scheduler as Scheduler;
  await makeStructure(s, '2');
  const org = await makeOrg(s, 'health', { code: '001', structure: '2' });
  const op = await s.user('operator1', { operator: true });
  const op2 = await s.user('operator2', { operator: true });
  const editor = await s.user('editor');
  const admin = await s.user('orgadmin');
  const reader = await s.user('reader');
  const outsider = await s.user('outsider');
  for (const [u, capacity] of [
    [editor, 'editor'],
    [admin, 'admin'],
    [reader, 'member'],
  ] as const) {
    await s.ok('member_create', { id: org.id, object: u.name, object_type: 'user', capacity });
  }
  await s.ok('notification_preferences_update', { language: 'en' }, editor.token);
  await s.ok('notification_preferences_update', { language: 'ru' }, op.token);
  const pkg = await s.ok('package_create', passport('clinics', 'health'));
  const rid = (
    await s.ok('datastore_create', {
      resource: { package_id: pkg.id, name: 'table' },
      fields: [{ id: 'a', type: 'text' }],
      records: [{ a: 'x' }],
    })
  ).resource_id;

  t.same(await publicView(s, pkg, rid, 'health'), VISIBLE, 'public before');

  // Who may deactivate, and with what.
  t.equal(
    (await s.call('package_deactivate', { id: pkg.id, reason: 'x' }, { token: editor.token })).status,
    403,
    'not an author',
  );
  t.equal((await s.call('package_deactivate', { id: pkg.id, reason: 'x' }, { token: null })).status, 403);
  t.match(await s.call('package_deactivate', { id: pkg.id, reason: '  ' }, { token: op.token }), {
    status: 409,
    body: { error: { reason: ['Missing value'] } },
  });
  t.match(await s.call('package_deactivate', { id: pkg.id }, { token: op.token }), {
    status: 409,
    body: { error: { reason: ['Missing value'] } },
  });
  t.equal((await s.call('package_deactivate', { id: 'no-such', reason: 'x' }, { token: op.token })).status, 404);
  t.match(await s.call('package_fix_submitted', { id: pkg.id, message: 'done' }, { token: editor.token }), {
    status: 409,
    body: { error: { state: [/not deactivated/] } },
  });

  const reason = 'The resource link returns 404';
  const off = await s.ok('package_deactivate', { id: pkg.name, reason }, op.token);
  t.match(off, {
    id: pkg.id,
    state: 'deactivated',
    change: {
      action: 'deactivate',
      from_state: 'active',
      to_state: 'deactivated',
      reason,
      user_id: op.id,
      created: '2025-06-02T04:00:00',
    },
  });
  t.match(
    await s.call('package_deactivate', { id: pkg.id, reason }, { token: op.token }),
    { status: 409 },
    'not twice',
  );

  t.same(await publicView(s, pkg, rid, 'health'), HIDDEN, 'hidden from the public on every surface');
  t.equal(
    (await s.call('package_show', { id: pkg.id }, { token: outsider.token })).status,
    403,
    'and from signed-in outsiders',
  );
  t.equal(
    (await s.call('package_search', { q: 'clinics', include_private: true }, { token: outsider.token })).body.result
      .count,
    0,
  );
  // Its organization still sees it (as it sees a private dataset) and may fix it.
  t.match(await s.ok('package_show', { id: pkg.id }, reader.token), { state: 'deactivated' });
  t.equal((await s.ok('package_search', { q: 'clinics', include_private: true }, editor.token)).count, 1);
  t.equal((await s.ok('package_search', { q: 'clinics' }, editor.token)).count, 0, 'like private: only when asked for');
  t.equal((await s.ok('package_search', { q: 'clinics', include_private: true }, op.token)).count, 1);
  const edited = await s.ok(
    'package_patch',
    { id: pkg.id, notes_translated: { uz: 'Tuzatildi', ru: 'Исправлено', en: 'Fixed' } },
    editor.token,
  );
  t.equal(edited.state, 'deactivated', "an author's edit does not reactivate it");
  t.equal(
    (await s.ok('package_update', { ...edited, state: 'active' }, editor.token)).state,
    'deactivated',
    'nor does sending state=active',
  );
  t.equal((await s.call('datastore_search', { resource_id: rid }, { token: editor.token, get: true })).status, 200);

  // The authors (editors and admins, not plain members) are told why, by when to report the fix.
  const edInbox = await s.ok('notification_list', {}, editor.token);
  t.match(edInbox, {
    count: 1,
    unread: 1,
    results: [
      {
        kind: 'package_deactivated',
        subject: 'Deactivated: "clinics en"',
        dataset: { id: pkg.id, passport_code: pkg.passport_code },
        due_date: '2025-06-05',
      },
    ],
  });
  t.match(edInbox.results[0].body, reason);
  t.match(edInbox.results[0].expected, /package_fix_submitted by 2025-06-05/);
  t.match((await s.ok('notification_list', {}, admin.token)).results, [
    { kind: 'package_deactivated', language: 'uz', subject: 'Faolsizlantirildi: “clinics uz”' },
  ]);
  for (const u of [reader, outsider, op, op2])
    t.equal((await s.ok('notification_list', {}, u.token)).count, 0, `${u.name} is not told`);
  await scheduler.runDue();
  // The sysadmin who created the organization is its admin (as in CKAN), so an author too.
  t.same(mail.messages.map((m) => m.to[0]).sort(), ['admin@example.org', 'editor@example.org', 'orgadmin@example.org']);
  t.match(mail.messages.find((m) => m.to[0] === 'editor@example.org')!.text, reason);

  // The author reports the fix: every operator is told, the authors are not.
  clock.advance(2 * 86400000);
  t.match(await s.call('package_fix_submitted', { id: pkg.id, message: '' }, { token: editor.token }), {
    status: 409,
    body: { error: { message: ['Missing value'] } },
  });
  t.equal((await s.call('package_fix_submitted', { id: pkg.id, message: 'x' }, { token: outsider.token })).status, 403);
  t.equal(
    (await s.call('package_fix_submitted', { id: pkg.id, message: 'x' }, { token: reader.token })).status,
    403,
    'members cannot edit',
  );
  const fix = await s.ok('package_fix_submitted', { id: pkg.id, message: 'The link is corrected' }, editor.token);
  t.match(fix, {
    state: 'deactivated',
    change: { action: 'fix_submitted', reason: 'The link is corrected', user_id: editor.id },
  });
  t.match((await s.ok('notification_list', {}, op.token)).results, [
    { kind: 'package_fix_submitted', language: 'ru', subject: 'Исправлено: «clinics ру»', due_date: '2025-06-05' },
  ]);
  t.match((await s.ok('notification_list', {}, op.token)).results[0].body, /The link is corrected/);
  t.match((await s.ok('notification_list', {}, op2.token)).results, [{ kind: 'package_fix_submitted' }]);
  t.equal((await s.ok('notification_list', {}, editor.token)).count, 1, 'the author gets nothing new');
  t.same(await publicView(s, pkg, rid, 'health'), HIDDEN, 'still hidden until an operator activates it');

  // An operator activates it: public again everywhere, the authors are told.
  t.equal((await s.call('package_activate', { id: pkg.id }, { token: editor.token })).status, 403);
  const on = await s.ok('package_activate', { id: pkg.id }, op2.token);
  t.match(on, {
    state: 'active',
    change: { action: 'activate', from_state: 'deactivated', to_state: 'active', user_id: op2.id },
  });
  t.match(await s.call('package_activate', { id: pkg.id }, { token: op.token }), { status: 409 });
  t.same(await publicView(s, pkg, rid, 'health'), VISIBLE, 'public again');
  t.match((await s.ok('notification_list', {}, editor.token)).results[0], {
    kind: 'package_activated',
    subject: 'Activated: "clinics en"',
  });
  t.match((await s.ok('notification_list', {}, admin.token)).results[0], { kind: 'package_activated' });
  t.equal((await s.ok('notification_list', {}, reader.token)).count, 0);
  await scheduler.runDue();
  t.same(mail.messages.map((m) => `${m.to[0]} ${m.subject}`).sort(), [
    'admin@example.org Faollashtirildi: “clinics uz”',
    'admin@example.org Faolsizlantirildi: “clinics uz”',
    'editor@example.org Activated: "clinics en"',
    'editor@example.org Deactivated: "clinics en"',
    'operator1@example.org Исправлено: «clinics ру»',
    'operator2@example.org Tuzatildi: “clinics uz”',
    'orgadmin@example.org Faollashtirildi: “clinics uz”',
    'orgadmin@example.org Faolsizlantirildi: “clinics uz”',
  ]);

  // Every change, with who, when and why.
  const history = await s.ok('package_status_list', { id: pkg.name }, editor.token);
  t.match(history, [
    {
      action: 'deactivate',
      from_state: 'active',
      to_state: 'deactivated',
      reason,
      user_name: 'operator1',
      created: '2025-06-02T04:00:00',
    },
    { action: 'fix_submitted', reason: 'The link is corrected', user_name: 'editor', created: '2025-06-04T04:00:00' },
    {
      action: 'activate',
      from_state: 'deactivated',
      to_state: 'active',
      user_name: 'operator2',
      created: '2025-06-04T04:00:00',
    },
  ]);
  t.equal(history.length, 3);
  t.equal(
    (await s.call('package_status_list', { id: pkg.name }, { token: null, get: true })).status,
    403,
    'not public',
  );
  t.equal((await s.call('package_status_list', { id: pkg.name }, { token: outsider.token, get: true })).status, 403);

  // A deleted dataset cannot be deactivated.
  await s.ok('package_delete', { id: pkg.id, reason: 'duplicate' });
  t.match(await s.call('package_deactivate', { id: pkg.id, reason }, { token: op.token }), {
    status: 409,
    body: { error: { state: [/Only an active dataset/] } },
  });
});
