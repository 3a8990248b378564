// organization_* over HTTP: create/show/list/update/patch/delete, Pasport's dictionary fields,
// translations, the passport-code link and who may do what.
import t from 'tap';
import { startServer } from '../helpers/server.ts';

t.test('organizations', async (t) => {
  const s = await startServer(t);
  const op = await s.user('oper', { operator: true });
  const plain = await s.user('plain');

  await t.test('create: operator only, creator becomes admin, dict keys', async (t) => {
    const anon = await s.call('organization_create', { name: 'anon-org' }, { token: null });
    t.equal(anon.status, 403);
    t.equal(anon.body.error.__type, 'Authorization Error');
    t.equal((await s.call('organization_create', { name: 'plain-org' }, { token: plain.token })).status, 403);

    const org = await s.ok(
      'organization_create',
      {
        name: 'min-fin',
        title: 'Ministry of Finance',
        description: 'Money',
        email: 'info@minfin.uz',
        phone: '+998 71 000',
        website: 'https://minfin.uz',
        extras: [{ key: 'region', value: 'Tashkent' }],
      },
      op.token,
    );
    t.match(org, {
      name: 'min-fin',
      title: 'Ministry of Finance',
      display_name: 'Ministry of Finance',
      description: 'Money',
      type: 'organization',
      is_organization: true,
      state: 'active',
      approval_status: 'approved',
      package_count: 0,
      num_followers: 0,
      extras: [{ key: 'region', value: 'Tashkent' }],
      groups: [],
      tags: [],
      image_url: '',
      image_display_url: '',
      email: 'info@minfin.uz',
      phone: '+998 71 000',
      website: 'https://minfin.uz',
      active: true,
      code: null,
      structure: null,
      title_translated: { uz: 'Ministry of Finance' },
      description_translated: { uz: 'Money' },
    });
    t.match(org.id, /^[0-9a-f-]{36}$/);
    t.match(org.created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
    t.same(
      org.users.map((u: any) => [u.name, u.capacity]),
      [['oper', 'admin']],
    );
    const seen = await s.ok('organization_show', { id: org.id }, plain.token);
    t.notOk('email' in seen.users[0], 'member emails stay private');

    const bySys = await s.ok('organization_create', { name: 'by-sys', users: [{ name: 'plain', capacity: 'editor' }] });
    t.same(
      bySys.users.map((u: any) => [u.name, u.capacity]),
      [
        ['admin', 'admin'],
        ['plain', 'editor'],
      ],
    );
  });

  await t.test('create: validation', async (t) => {
    const dup = await s.call('organization_create', { name: 'min-fin' }, { token: op.token });
    t.equal(dup.status, 409);
    t.same(dup.body.error, { __type: 'Validation Error', name: ['Group name already exists in database'] });
    const none = await s.call('organization_create', {}, { token: op.token });
    t.same(none.body.error.name, ['Missing value']);
    const bad = await s.call(
      'organization_create',
      {
        name: 'A',
        code: '12',
        structure: 'nope',
        email: 'x',
        website: 'ftp://x',
        title_translated: { xx: 'y' },
        phone: 'p'.repeat(51),
      },
      { token: op.token },
    );
    t.equal(bad.status, 409);
    t.match(bad.body.error, {
      name: [
        'Must be at least 2 characters long',
        'Must be purely lowercase alphanumeric (ascii) characters and these symbols: -_',
      ],
      code: ['Must be a 3-digit code, such as 001'],
      structure: ['Structure does not exist'],
      email: ['Email x is not a valid format'],
      website: ['Must be an http(s) URL'],
      title_translated: [/Unknown language "xx"/],
      phone: [/maximum of 50/],
    });
    const id = await s.call(
      'organization_create',
      { name: 'with-id', id: '0b0f5c1e-0000-4000-8000-000000000001' },
      { token: op.token },
    );
    t.same(id.body.error.id, ['The input field id was not expected.']);
    const sysId = await s.ok('organization_create', { name: 'with-id', id: '0b0f5c1e-0000-4000-8000-000000000001' });
    t.equal(sysId.id, '0b0f5c1e-0000-4000-8000-000000000001');
  });

  await t.test('show: by id and name, GET, 404s, include flags', async (t) => {
    const org = await s.ok('organization_show', { id: 'min-fin' });
    const r = await s.call('organization_show', { id: org.id }, { get: true, token: null });
    t.equal(r.status, 200);
    t.equal(r.body.result.name, 'min-fin');
    t.ok(Array.isArray(r.body.result.users));
    t.notOk('packages' in r.body.result);
    const missing = await s.call('organization_show', { id: 'nope' }, { get: true });
    t.equal(missing.status, 404);
    t.equal(missing.body.error.__type, 'Not Found Error');
    const noId = await s.call('organization_show', {}, { get: true });
    t.equal(noId.status, 409);
    t.same(noId.body.error.id, ['Missing value']);
    const lean = await s.ok('organization_show', {
      id: 'min-fin',
      include_users: false,
      include_extras: false,
      include_dataset_count: false,
      include_groups: false,
      include_tags: false,
      include_followers: false,
    });
    for (const k of ['users', 'extras', 'package_count', 'groups', 'tags', 'num_followers'])
      t.notOk(k in lean, `no ${k}`);
    t.equal((await s.call('group_show', { id: org.id }, { get: true })).status, 404, 'group_show on an org id');
  });

  await t.test('translations stay in sync with title/description', async (t) => {
    const o = await s.ok(
      'organization_create',
      {
        name: 'tr-org',
        title_translated: { uz: 'Vazirlik', ru: 'Министерство', en: 'Ministry' },
        description_translated: { ru: 'Описание' },
      },
      op.token,
    );
    t.equal(o.title, 'Vazirlik');
    t.same(o.title_translated, { uz: 'Vazirlik', ru: 'Министерство', en: 'Ministry' });
    t.equal(o.description, '');
    const p1 = await s.ok('organization_patch', { id: 'tr-org', title: 'Yangi' }, op.token);
    t.same(p1.title_translated, { uz: 'Yangi', ru: 'Министерство', en: 'Ministry' });
    const p2 = await s.ok(
      'organization_patch',
      { id: 'tr-org', title_translated: { uz: 'Uchinchi', ru: 'Третий' } },
      op.token,
    );
    t.equal(p2.title, 'Uchinchi');
    t.same(p2.title_translated, { uz: 'Uchinchi', ru: 'Третий' });
    const asText = await s.ok(
      'organization_patch',
      { id: 'tr-org', description_translated: JSON.stringify({ uz: 'Tavsif' }) },
      op.token,
    );
    t.equal(asText.description, 'Tavsif');
  });

  await t.test('update and patch', async (t) => {
    const before = await s.ok('organization_show', { id: 'min-fin' });
    const up = await s.ok('organization_update', { id: 'min-fin', title: 'MinFin' }, op.token);
    t.equal(up.title, 'MinFin');
    t.equal(up.description, 'Money', 'description kept through its default-language translation');
    t.equal(up.email, 'info@minfin.uz', 'Pasport fields not sent are kept');
    t.same(
      up.extras.map((e: any) => e.key),
      ['region'],
      'extras not sent are kept',
    );
    t.same(
      up.users.map((u: any) => u.name),
      before.users.map((u: any) => u.name),
      'members kept',
    );
    const patched = await s.ok('organization_patch', { id: before.id, phone: null, image_url: 'logo.png' }, op.token);
    t.equal(patched.phone, null);
    t.equal(patched.title, 'MinFin');
    t.equal(patched.image_display_url, `${s.config.siteUrl}/uploads/group/logo.png`);
    const missing = await s.call('organization_update', { id: 'nope', title: 'x' }, { token: op.token });
    t.equal(missing.status, 404);
    t.equal(missing.body.error.message, 'Not found: Group was not found.');
    t.equal((await s.call('organization_update', { title: 'x' }, { token: op.token })).status, 409);
    const clash = await s.call('organization_patch', { id: 'min-fin', name: 'tr-org' }, { token: op.token });
    t.same(clash.body.error.name, ['Group name already exists in database']);
    const renamed = await s.ok('organization_patch', { id: 'min-fin', name: 'minfin' }, op.token);
    t.equal(renamed.name, 'minfin');
    t.equal(renamed.id, before.id);
  });

  await t.test('org admins edit their org but not its code, structure or active flag', async (t) => {
    const boss = await s.user('boss');
    const ed = await s.user('ed');
    await s.ok('organization_member_create', { id: 'tr-org', username: 'boss', role: 'admin' }, op.token);
    await s.ok('organization_member_create', { id: 'tr-org', username: 'ed', role: 'editor' }, op.token);
    const own = await s.ok('organization_patch', { id: 'tr-org', description: 'Edited by admin' }, boss.token);
    t.equal(own.description, 'Edited by admin');
    t.equal(
      (await s.call('organization_patch', { id: 'tr-org', description: 'x' }, { token: ed.token })).status,
      403,
      'editor',
    );
    t.equal(
      (await s.call('organization_patch', { id: 'minfin', description: 'x' }, { token: boss.token })).status,
      403,
      'other org',
    );
    t.equal(
      (await s.call('organization_patch', { id: 'tr-org', description: 'x' }, { token: plain.token })).status,
      403,
      'plain',
    );
    t.equal(
      (await s.call('organization_patch', { id: 'tr-org', description: 'x' }, { token: null })).status,
      403,
      'anonymous',
    );
    for (const [k, v] of [
      ['active', false],
      ['code', '123'],
      ['structure', '9'],
    ] as const) {
      const r = await s.call('organization_patch', { id: 'tr-org', [k]: v }, { token: boss.token });
      t.equal(r.status, 403, `admin may not change ${k}`);
    }
    // Sending the unchanged values (a full dict back) is fine.
    const full = await s.ok('organization_show', { id: 'tr-org', include_users: false });
    t.equal(
      (await s.call('organization_update', { ...full, description: 'again' }, { token: boss.token })).status,
      200,
    );
    t.equal(
      (await s.call('organization_delete', { id: 'tr-org' }, { token: boss.token })).status,
      403,
      'admins do not delete',
    );
  });

  await t.test('list: names, all_fields, sort, q, restriction, limits', async (t) => {
    for (const [name, title] of [
      ['zeta', 'Alpha office'],
      ['alpha', 'Zulu office'],
      ['mid', 'Mike office'],
    ]) {
      await s.ok(
        'organization_create',
        { name, title, description: name === 'mid' ? 'Has the Needle inside' : '' },
        op.token,
      );
    }
    const names: string[] = await s.ok('organization_list', {});
    t.ok(
      names.indexOf('zeta') < names.indexOf('mid') && names.indexOf('mid') < names.indexOf('alpha'),
      'default sort title asc',
    );
    const byName: string[] = (await s.call('organization_list', { sort: 'name desc' }, { get: true })).body.result;
    t.same(byName, [...byName].sort().reverse());
    const bad = await s.call('organization_list', { sort: 'created' }, { get: true });
    t.equal(bad.status, 409);
    t.same(bad.body.error, { __type: 'Validation Error', message: 'Cannot sort by field `created`' });
    t.same(await s.ok('organization_list', { q: 'NEEDLE' }), ['mid']);
    t.same(await s.ok('organization_list', { q: 'office', sort: 'name' }), ['alpha', 'mid', 'zeta']);
    t.same(
      (await s.call('organization_list', { organizations: 'zeta,alpha', sort: 'name' }, { get: true })).body.result,
      ['alpha', 'zeta'],
    );
    t.same(
      (await s.call('organization_list', { organizations: ['zeta', 'mid'], sort: 'name' }, { get: true })).body.result,
      ['mid', 'zeta'],
    );
    t.same(await s.ok('organization_list', { sort: 'name', limit: 2, offset: 1 }), [...names].sort().slice(1, 3));
    const full = await s.ok('organization_list', { all_fields: true, q: 'office', sort: 'name' });
    t.equal(full.length, 3);
    t.match(full[0], {
      name: 'alpha',
      title: 'Zulu office',
      display_name: 'Zulu office',
      type: 'organization',
      state: 'active',
      is_organization: true,
      approval_status: 'approved',
      num_followers: 0,
      package_count: 0,
      image_display_url: '',
    });
    t.notOk('users' in full[0]);
    t.notOk('extras' in full[0]);
    const withAll = await s.ok('organization_list', {
      all_fields: true,
      q: 'office',
      include_extras: true,
      include_users: true,
      include_dataset_count: false,
      include_tags: true,
      include_groups: true,
    });
    t.ok(
      Array.isArray(withAll[0].extras) &&
        Array.isArray(withAll[0].users) &&
        Array.isArray(withAll[0].tags) &&
        Array.isArray(withAll[0].groups),
    );
    t.notOk('package_count' in withAll[0]);
    // limits are clamped, not rejected
    for (let i = 0; i < 24; i++)
      await s.ok('organization_create', { name: `bulk-${String(i).padStart(2, '0')}` }, op.token);
    const many: string[] = await s.ok('organization_list', {});
    t.ok(many.length > 25);
    const clamped = await s.call('organization_list', { all_fields: true, limit: 500 }, { get: true });
    t.equal(clamped.status, 200);
    t.equal(clamped.body.result.length, 25);
    t.equal((await s.ok('organization_list', { all_fields: true })).length, 25);
    t.equal((await s.ok('organization_list', { limit: 100000 })).length, many.length);
    t.equal((await s.call('organization_list', { limit: 'x' }, { get: true })).status, 409);
    t.notOk(many.includes('any-group'), 'groups are not organizations');
  });

  await t.test('package_count, include_datasets, private datasets for members', async (t) => {
    const ed = await s.user('counter-ed');
    const org = await s.ok(
      'organization_create',
      { name: 'counted', users: [{ name: 'counter-ed', capacity: 'editor' }] },
      op.token,
    );
    await s.ok('package_create', { name: 'pub-1', owner_org: 'counted' });
    await s.ok('package_create', { name: 'pub-2', owner_org: 'counted' });
    await s.ok('package_create', { name: 'priv-1', owner_org: 'counted', private: true });
    const del = await s.ok('package_create', { name: 'gone-1', owner_org: 'counted' });
    await s.ok('package_delete', { id: del.id, reason: 'test' });
    t.equal((await s.ok('organization_show', { id: org.id }, null)).package_count, 2, 'anonymous: public only');
    t.equal((await s.ok('organization_show', { id: org.id }, plain.token)).package_count, 2, 'non-member: public only');
    t.equal((await s.ok('organization_show', { id: org.id }, ed.token)).package_count, 3, 'member: private too');
    t.equal((await s.ok('organization_show', { id: org.id })).package_count, 3, 'sysadmin: private too');
    const listed = await s.ok('organization_list', { all_fields: true, organizations: 'counted' }, ed.token);
    t.equal(listed[0].package_count, 2, 'lists count public datasets only');
    const sorted: string[] = await s.ok('organization_list', { sort: 'package_count desc' });
    t.equal(sorted[0], 'counted');
    const withDs = await s.ok('organization_show', { id: org.id, include_datasets: true }, null);
    t.same(withDs.packages.map((p: any) => p.name).sort(), ['pub-1', 'pub-2']);
    t.equal(withDs.packages[0].organization.name, 'counted');
    const asMember = await s.ok('organization_show', { id: org.id, include_datasets: true }, ed.token);
    t.same(asMember.packages.map((p: any) => p.name).sort(), ['priv-1', 'pub-1', 'pub-2']);
    for (let i = 0; i < 11; i++) await s.ok('package_create', { name: `more-${i}`, owner_org: 'counted' });
    const first = await s.ok('organization_show', { id: org.id, include_datasets: true });
    t.equal(first.package_count, 14, 'the count at once, as the write returned');
    t.equal(first.packages.length, 10, 'first 10 only');
  });

  await t.test('delete: soft, refused while datasets remain, leaves lists', async (t) => {
    const withData = await s.call('organization_delete', { id: 'counted' }, { token: op.token });
    t.equal(withData.status, 409);
    t.match(withData.body.error.message, /still has datasets/);
    const doomed = await s.ok(
      'organization_create',
      { name: 'doomed', users: [{ name: 'plain', capacity: 'member' }] },
      op.token,
    );
    t.equal((await s.call('organization_delete', { id: 'doomed' }, { token: plain.token })).status, 403);
    t.equal((await s.call('organization_delete', { id: 'doomed' }, { token: null })).status, 403);
    t.equal((await s.call('organization_delete', { id: 'nope' }, { token: op.token })).status, 404);
    t.equal(
      (await s.call('group_delete', { id: 'doomed' }, { token: op.token })).status,
      404,
      'group_delete on an org',
    );
    t.equal(await s.ok('organization_delete', { id: 'doomed' }, op.token), null);
    t.notOk((await s.ok('organization_list', {})).includes('doomed'));
    t.notOk(
      (await s.ok('organization_list_for_user', { permission: 'read' }, plain.token)).some(
        (o: any) => o.name === 'doomed',
      ),
    );
    const shown = await s.ok('organization_show', { id: doomed.id });
    t.equal(shown.state, 'deleted', 'sysadmins still see it');
    t.equal(
      (await s.call('organization_show', { id: doomed.id }, { get: true, token: null })).status,
      403,
      'anonymous do not',
    );
    t.equal(
      (await s.call('organization_create', { name: 'doomed' }, { token: op.token })).status,
      409,
      'the name stays taken',
    );
    const pk = await s.call('package_create', { name: 'into-doomed', owner_org: 'doomed' });
    t.same(pk.body.error.owner_org, ['Organization does not exist']);
  });

  await t.test('the active flag: inactive organizations receive no new datasets', async (t) => {
    const org = await s.ok('organization_create', { name: 'retiring' }, op.token);
    const kept = await s.ok('package_create', { name: 'kept-ds', owner_org: 'retiring' });
    const off = await s.ok('organization_patch', { id: org.id, active: false }, op.token);
    t.equal(off.active, false);
    t.equal(off.state, 'active', 'still listed');
    t.ok((await s.ok('organization_list', {})).includes('retiring'));
    const refused = await s.call('package_create', { name: 'new-ds', owner_org: 'retiring' });
    t.equal(refused.status, 409);
    t.same(refused.body.error.owner_org, ['Organization is not active']);
    const moved = await s.call('package_patch', { id: 'pub-1', owner_org: 'retiring' });
    t.same(moved.body.error.owner_org, ['Organization is not active']);
    t.equal((await s.ok('package_patch', { id: kept.id, title: 'Still editable' })).title, 'Still editable');
    const back = await s.ok('organization_patch', { id: org.id, active: 'true' }, op.token);
    t.equal(back.active, true);
    t.equal((await s.call('package_create', { name: 'new-ds', owner_org: 'retiring' })).status, 200);
  });
});

t.test('passport codes come from the structure and organization codes', async (t) => {
  const s = await startServer(t);
  const op = await s.user('oper', { operator: true });
  await s.ok('structure_create', { code: '2' }, op.token);
  const org = await s.ok('organization_create', { name: 'coded', code: '001', structure: '2' }, op.token);
  t.equal(org.code, '001');
  t.equal(org.structure, '2');
  const a = await s.ok('package_create', { name: 'first-ds', owner_org: 'coded' }, op.token);
  const b = await s.ok('package_create', { name: 'second-ds', owner_org: 'coded' }, op.token);
  t.equal(a.passport_code, '2-001-0001');
  t.equal(b.passport_code, '2-001-0002');
  t.match(a.organization, { name: 'coded', code: '001', structure: '2' });

  const dup = await s.call(
    'organization_create',
    { name: 'coded-again', code: '001', structure: '2' },
    { token: op.token },
  );
  t.equal(dup.status, 409);
  t.match(dup.body.error.code, [/already used in structure 2/]);
  await s.ok('structure_create', { code: '3' }, op.token);
  t.equal(
    (await s.ok('organization_create', { name: 'coded-3', code: '001', structure: '3' }, op.token)).code,
    '001',
    'unique within its structure only',
  );
  const clash = await s.call('organization_patch', { id: 'coded-3', structure: '2' }, { token: op.token });
  t.equal(clash.status, 409);
  const byStructureId = await s.ok('structure_show', { id: '3' });
  t.equal(
    (await s.ok('organization_patch', { id: 'coded-3', code: '002', structure: byStructureId.id }, op.token)).structure,
    '3',
  );
});
