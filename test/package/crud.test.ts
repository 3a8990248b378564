// package_create / show / update / patch / delete / revise as ckan-action-api.md §4.6–4.7 describes them.
import t from 'tap';
import { startServer } from '../helpers/server.ts';
import { makeOrg, makeStructure, passport } from '../helpers/fixtures.ts';

t.test('datasets', async (t) => {
  // CKAN's semantics (editors create and delete); the operator workflow has test/package/operator-workflow.test.ts.
  const s = await startServer(t, { env: { PASPORT_OPERATOR_WORKFLOW: 'false' } });
  await makeStructure(s, '2');
  const org = await makeOrg(s, 'stat', { code: '001', structure: '2' });
  const other = await makeOrg(s, 'other', { code: '002', structure: '2' });
  const editor = await s.user('editor1');
  const outsider = await s.user('outsider');
  await s.ok('member_create', { id: org.id, object: editor.name, object_type: 'user', capacity: 'editor' });

  t.test('create with the passport, and show', async (t) => {
    const p = await s.ok('package_create', passport('population', 'stat'), editor.token);
    t.equal(p.passport_code, '2-001-0001');
    t.equal(p.title, 'population uz', 'title is the default-language title');
    t.equal(p.title_translated.ru, 'population ру');
    t.equal(p.notes, 'Tavsif');
    t.equal(p.owner_org, org.id);
    t.equal(p.organization.name, 'stat');
    t.equal(p.creator_user_id, editor.id);
    t.equal(p.license_title, 'Creative Commons Attribution');
    t.equal(p.isopen, true);
    t.equal(p.type, 'dataset');
    t.equal(p.state, 'active');
    t.equal(p.num_tags, 2);
    t.same(p.tags.map((x: any) => x.name).sort(), ['economy', 'статистика']);
    t.equal(p.resources[0].format, 'CSV', 'format guessed from the URL and normalised');
    t.equal(p.resources[0].position, 0);
    t.equal(p.update_frequency, 'monthly');
    t.match(p.next_update_due, /^\d{4}-\d{2}-10$/);
    t.equal(p.overdue_days, 0);
    t.match(p.metadata_created, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/);
    const shown = await s.ok('package_show', { id: 'population' }, null);
    t.same(shown, p, 'package_show returns what package_create returned');
    const byId = await s.call('package_show', { id: p.id }, { get: true, token: null });
    t.equal(byId.body.result.name, 'population');
    const second = await s.ok('package_create', passport('births', 'stat'));
    t.equal(second.passport_code, '2-001-0002', 'the sequence grows per organization');
    const inOther = await s.ok('package_create', passport('births-other', 'other'));
    t.equal(inOther.passport_code, '2-002-0001');
  });

  t.test('title and translations stay in sync', async (t) => {
    const p = await s.ok('package_create', { name: 'sync-a', owner_org: 'stat', title: 'Aholi' });
    t.same(p.title_translated, { uz: 'Aholi' });
    const q = await s.ok('package_create', {
      name: 'sync-b',
      owner_org: 'stat',
      title_translated: { ru: 'Население', uz: 'Aholi soni' },
    });
    t.equal(q.title, 'Aholi soni');
    const r = await s.ok('package_create', { name: 'sync-c', owner_org: 'stat' });
    t.equal(r.title, 'sync-c', 'an omitted title reads back as the name');
  });

  t.test('name rules and collisions', async (t) => {
    const err = async (data: Record<string, unknown>) =>
      (await s.call('package_create', { owner_org: 'stat', ...data })).body.error;
    t.same((await err({})).name, ['Missing value']);
    t.same((await err({ name: 'a' })).name, ['Must be at least 2 characters long']);
    t.same((await err({ name: 'x'.repeat(101) })).name, ['Name must be a maximum of 100 characters long']);
    t.same((await err({ name: 'Bad Name' })).name, [
      'Must be purely lowercase alphanumeric (ascii) characters and these symbols: -_',
    ]);
    t.same((await err({ name: 'new' })).name, ['That name cannot be used']);
    t.same((await err({ name: 'population' })).name, ['That URL is already in use.']);
    const r = await s.call('package_create', { name: 'population' });
    t.equal(r.status, 409);
    t.equal(r.body.error.__type, 'Validation Error');
  });

  t.test('organization rules', async (t) => {
    const err = async (data: Record<string, unknown>, tok?: string) =>
      (await s.call('package_create', data, { token: tok })).body.error;
    t.same((await err({ name: 'no-org' })).owner_org, ['An organization must be provided']);
    t.same((await err({ name: 'bad-org', owner_org: 'nope' })).owner_org, ['Organization does not exist']);
    const denied = await s.call('package_create', { name: 'not-mine', owner_org: 'other' }, { token: editor.token });
    t.equal(denied.status, 403);
    t.same(denied.body.error, {
      __type: 'Authorization Error',
      message: 'Access denied: User editor1 not authorized to add dataset to this organization',
    });
    t.same((await err({ name: 'priv-no-org', private: true })).private, [
      "Datasets with no organization can't be private.",
    ]);
    t.same(
      (await err({ name: 'has-id', owner_org: 'stat', id: '2f4c1c56-4a5e-4d6b-9a43-0a2c2f1b5a11' }, editor.token)).id,
      ['The input field id was not expected.'],
    );
    const withId = await s.ok('package_create', {
      name: 'has-id',
      owner_org: 'stat',
      id: '2f4c1c56-4a5e-4d6b-9a43-0a2c2f1b5a11',
    });
    t.equal(withId.id, '2f4c1c56-4a5e-4d6b-9a43-0a2c2f1b5a11', 'a sysadmin may choose the id');
    t.same((await err({ name: 'has-id-2', owner_org: 'stat', id: withId.id })).id, ['Dataset id already exists']);
  });

  t.test('field validation collects every error', async (t) => {
    const r = await s.call('package_create', {
      name: 'many-errors',
      owner_org: 'stat',
      author_email: 'nope',
      version: 'v'.repeat(101),
      tags: [{ name: 'ok' }, { name: 'bad!' }],
      extras: [
        { key: 'a', value: '1' },
        { key: 'a', value: '2' },
        { key: 'title', value: 'x' },
      ],
      resources: [{ url: 'http://x' }, { url: 'http://y', size: 'big' }],
      priority: 'urgent',
      update_frequency: 'monthly',
      update_schedule: { day: 40 },
    });
    t.equal(r.status, 409);
    const e = r.body.error;
    t.same(e.author_email, ['Email nope is not a valid format']);
    t.same(e.version, ['Version must be a maximum of 100 characters long']);
    t.match(e.tags[0], /Tag "bad!" can only contain alphanumeric characters/);
    t.same(e.extras, [{}, { key: ['Duplicate key "a"'] }, { key: ['There is a schema field with the same name'] }]);
    t.same(e.resources, [{}, { size: ['Invalid integer'] }]);
    t.match(e.priority[0], /Value must be one of/);
    t.match(e.update_schedule[0], /day must be an integer from 1 to 31/);
    t.equal((await s.call('package_show', { id: 'many-errors' })).status, 404, 'nothing was written');
  });

  t.test('private datasets', async (t) => {
    const p = await s.ok('package_create', { ...passport('secret', 'stat'), private: true }, editor.token);
    const anon = await s.call('package_show', { id: p.id }, { token: null });
    t.equal(anon.status, 403);
    t.same(anon.body.error, {
      __type: 'Authorization Error',
      message: `Access denied: User  not authorized to read package ${p.id}`,
    });
    t.equal((await s.call('package_show', { id: p.id }, { token: outsider.token })).status, 403);
    t.equal((await s.call('package_show', { id: p.id }, { token: editor.token })).status, 200, 'org members read it');
    t.notOk((await s.ok('package_list', {}, null)).includes('secret'), 'not listed');
    t.notOk((await s.ok('package_list', {})).includes('secret'), 'not listed even for a sysadmin');
  });

  t.test('update replaces', async (t) => {
    const p = await s.ok(
      'package_create',
      passport('replace-me', 'stat', {
        author: 'A',
        resources: [
          { url: 'http://a/1.csv', name: 'one' },
          { url: 'http://a/2.json', name: 'two' },
        ],
      }),
    );
    const keep = p.resources[1];
    const u = await s.ok('package_update', {
      id: p.id,
      owner_org: 'stat',
      resources: [{ id: keep.id, url: keep.url, name: 'two renamed' }, { url: 'http://a/3.xml' }],
    });
    t.equal(u.author, null, 'omitted core field becomes null');
    t.equal(u.title, 'replace-me', 'omitted title reads back as the name');
    t.same(u.tags, [], 'omitted tags become empty');
    t.equal(u.resources.length, 2);
    t.equal(u.resources[0].id, keep.id, 'a resource sent with its id keeps it');
    t.equal(u.resources[0].name, 'two renamed');
    t.equal(u.resources[0].position, 0);
    t.equal(u.resources[1].format, 'XML');
    t.notOk(
      u.resources.some((r: any) => r.id === p.resources[0].id),
      'a resource left out is deleted',
    );
    t.equal(u.passport_code, p.passport_code, 'the passport code never changes');
    t.ok(u.metadata_modified > p.metadata_modified, 'metadata_modified moves forward');
    t.equal(u.type, 'dataset');
    const missing = await s.call('package_update', { title: 'x' });
    t.same(missing.body.error, { __type: 'Validation Error', id: 'Missing value' });
    const unknown = await s.call('package_update', { id: 'no-such-dataset' });
    t.equal(unknown.status, 404);
    t.equal(unknown.body.error.message, 'Not found: Package was not found.');
    t.equal(
      (await s.call('package_update', { id: p.id, name: 'population' })).body.error.name[0],
      'That URL is already in use.',
    );
  });

  t.test('patch merges top-level keys', async (t) => {
    const p = await s.ok('package_create', passport('patch-me', 'stat', { author: 'A' }));
    const u = await s.ok('package_patch', { id: 'patch-me', notes: 'new notes' });
    t.equal(u.author, 'A', 'other fields kept');
    t.equal(u.notes, 'new notes');
    t.equal(u.resources.length, 1);
    t.equal(u.resources[0].id, p.resources[0].id);
    t.same(u.tags.map((x: any) => x.name).sort(), ['economy', 'статистика']);
    t.equal(u.priority, 'high', 'passport fields kept');
    const v = await s.ok('package_patch', { id: 'patch-me', tags: [{ name: 'only' }] });
    t.same(
      v.tags.map((x: any) => x.name),
      ['only'],
      'a list sent replaces the old one',
    );
    t.equal((await s.call('package_patch', { id: 'nope' })).status, 404);
  });

  t.test('delete is soft and keeps the reason', async (t) => {
    const p = await s.ok('package_create', passport('to-delete', 'stat'), editor.token);
    t.equal((await s.call('package_delete', { id: p.id }, { token: outsider.token })).status, 403);
    t.equal((await s.call('package_delete', { id: p.id }, { token: null })).status, 403);
    const r = await s.call('package_delete', { id: p.id, reason: 'duplicate of population' }, { token: editor.token });
    t.equal(r.status, 200);
    t.equal(r.body.result, null);
    t.equal((await s.call('package_show', { id: p.id }, { token: null })).status, 403, 'anonymous: 403');
    const seen = await s.ok('package_show', { id: p.id });
    t.equal(seen.state, 'deleted');
    t.equal(seen.deleted_reason, 'duplicate of population');
    t.equal(seen.deleted_by, editor.id);
    t.notOk((await s.ok('package_list')).includes('to-delete'));
    t.equal((await s.call('package_delete', { id: 'never-existed' })).status, 404);
    const again = await s.ok('package_create', passport('to-delete', 'stat'));
    t.not(again.id, p.id, 'the name of a deleted dataset may be reused');
    t.equal((await s.ok('package_show', { id: p.id })).name, p.id, 'the deleted one is renamed to its id');
    t.not(again.passport_code, p.passport_code, 'passport codes are never reused');
    // An update may take a deleted dataset's name too; keeping its own name renames nobody.
    await s.ok('package_delete', { id: again.id });
    const other = await s.ok('package_create', passport('to-rename', 'stat'));
    await s.ok('package_patch', { id: other.id, notes: 'same name' });
    t.equal(
      (await s.ok('package_show', { id: again.id })).name,
      'to-delete',
      'a patch keeping its name renames nobody',
    );
    t.equal((await s.ok('package_patch', { id: other.id, name: 'to-delete' })).name, 'to-delete');
    t.equal((await s.ok('package_show', { id: again.id })).name, again.id, 'the deleted holder is renamed to its id');
  });

  t.test('delete reason can be mandatory', async (t) => {
    const s2 = await startServer(t, {
      env: { PASPORT_DELETE_REASON_REQUIRED: 'true', PASPORT_OPERATOR_WORKFLOW: 'false' },
    });
    await makeOrg(s2, 'org-o');
    const p = await s2.ok('package_create', { name: 'x1', owner_org: 'org-o' });
    t.same((await s2.call('package_delete', { id: p.id })).body.error, {
      __type: 'Validation Error',
      reason: ['Missing value'],
    });
    t.equal((await s2.call('package_delete', { id: p.id, reason: 'obsolete' })).status, 200);
  });

  t.test('revise', async (t) => {
    const p = await s.ok(
      'package_create',
      passport('revise-me', 'stat', {
        resources: [
          { url: 'http://r/1.csv', name: 'r1' },
          { url: 'http://r/2.csv', name: 'r2' },
        ],
      }),
    );
    const bad = await s.call('package_revise', {
      match: { name: 'revise-me', title: 'wrong' },
      update: { notes: 'x' },
    });
    t.equal(bad.status, 409);
    t.same(bad.body.error.match, ['title']);
    t.same((await s.call('package_revise', { match: {}, update: {} })).body.error, {
      __type: 'Validation Error',
      match__id: 'Missing value',
    });
    const ok = await s.ok('package_revise', { match: { id: p.id, title: p.title }, update: { notes: 'revised' } });
    t.equal(ok.package.notes, 'revised');
    t.equal(ok.package.resources.length, 2);
    const flat = await s.ok('package_revise', {
      match: { id: p.id },
      [`update__resources__${p.resources[1].id.slice(0, 8)}__name`]: 'second',
      update__resources__extend: [{ url: 'http://r/3.csv', name: 'r3' }],
    });
    t.same(
      flat.package.resources.map((r: any) => r.name),
      ['r1', 'second', 'r3'],
    );
    const filtered = await s.ok('package_revise', { match: { id: p.id }, filter: ['-resources__0'] });
    t.same(
      filtered.package.resources.map((r: any) => r.name),
      ['second', 'r3'],
    );
    const inc = await s.ok('package_revise', {
      match: { id: p.id },
      update: { version: '2' },
      include: ['name', 'version'],
    });
    t.same(inc.package, { name: 'revise-me', version: '2' });
    // An id prefix made only of digits is not an index when no such index exists.
    const digits = await s.ok(
      'package_create',
      passport('revise-digits', 'stat', {
        resources: [{ id: '38541084-0000-4000-8000-000000000001', url: 'http://r/d.csv', name: 'd' }],
      }),
    );
    t.equal(digits.resources[0].id, '38541084-0000-4000-8000-000000000001');
    const byDigits = await s.ok('package_revise', {
      match: { id: digits.id },
      update__resources__38541084__name: 'renamed',
    });
    t.same(
      byDigits.package.resources.map((r: any) => r.name),
      ['renamed'],
    );
    const none = await s.call('package_revise', { match: { id: digits.id }, update__resources__99999__name: 'x' });
    t.same(none.body.error, {
      __type: 'Validation Error',
      update__resources__99999__name: ['There is no item matching "99999"'],
    });
  });
});
