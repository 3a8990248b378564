// group_* over HTTP: spheres are CKAN groups with translations, an icon and an EU data theme.
import t from 'tap';
import { startServer } from '../helpers/server.ts';

t.test('groups (spheres)', async (t) => {
  const s = await startServer(t);
  const op = await s.user('oper', { operator: true });
  const plain = await s.user('plain');
  await s.ok('organization_create', { name: 'an-org' }, op.token);

  await t.test('create: operator only, sphere fields, validation', async (t) => {
    t.equal((await s.call('group_create', { name: 'health' }, { token: null })).status, 403);
    t.equal((await s.call('group_create', { name: 'health' }, { token: plain.token })).status, 403);
    const g = await s.ok(
      'group_create',
      {
        name: 'health',
        title_translated: { uz: "Sog'liqni saqlash", ru: 'Здравоохранение', en: 'Health' },
        description: 'Hospitals',
        icon_url: 'https://cdn.example.org/health.svg',
        eu_theme: 'heal',
      },
      op.token,
    );
    t.match(g, {
      name: 'health',
      title: "Sog'liqni saqlash",
      display_name: "Sog'liqni saqlash",
      description: 'Hospitals',
      type: 'group',
      is_organization: false,
      state: 'active',
      package_count: 0,
      icon_url: 'https://cdn.example.org/health.svg',
      eu_theme: 'HEAL',
      title_translated: { uz: "Sog'liqni saqlash", ru: 'Здравоохранение', en: 'Health' },
      description_translated: { uz: 'Hospitals' },
    });
    t.notOk('code' in g, 'organization fields stay on organizations');
    t.same(
      g.users.map((u: any) => [u.name, u.capacity]),
      [['oper', 'admin']],
    );
    const bad = await s.call('group_create', { name: 'economy', eu_theme: 'MONEY' }, { token: op.token });
    t.equal(bad.status, 409);
    t.match(bad.body.error.eu_theme, [/Value must be one of: AGRI, ECON/]);
    const dup = await s.call('group_create', { name: 'an-org' }, { token: op.token });
    t.same(dup.body.error, { __type: 'Validation Error', name: ['Group name already exists in database'] });
    await s.ok('group_create', { name: 'economy', title: 'Economy', eu_theme: 'ECON' }, op.token);
    await s.ok('group_create', { name: 'transport', title: 'Transport', eu_theme: 'TRAN' });
  });

  await t.test('show and the kind check, by id with GET (the harvester)', async (t) => {
    const g = await s.ok('group_show', { id: 'health' });
    const r = await s.call('group_show', { id: g.id }, { get: true, token: null });
    t.equal(r.status, 200);
    t.equal(r.body.result.name, 'health');
    const org = await s.ok('organization_show', { id: 'an-org' });
    t.equal((await s.call('group_show', { id: org.id }, { get: true })).status, 404, 'group_show on an org');
    t.equal(
      (await s.call('organization_show', { id: g.id }, { get: true })).status,
      404,
      'organization_show on a group',
    );
    t.equal((await s.call('organization_update', { id: g.id, title: 'x' }, { token: op.token })).status, 404);
  });

  await t.test('list', async (t) => {
    t.same(
      await s.ok('group_list', {}),
      ['economy', 'health', 'transport'].sort((a, b) => {
        const title: Record<string, string> = {
          economy: 'economy',
          health: "sog'liqni saqlash",
          transport: 'transport',
        };
        return title[a] < title[b] ? -1 : 1;
      }),
    );
    t.same(await s.ok('group_list', { sort: 'name' }), ['economy', 'health', 'transport']);
    t.notOk((await s.ok('group_list', {})).includes('an-org'), 'organizations are not groups');
    t.notOk((await s.ok('organization_list', {})).includes('health'), 'groups are not organizations');
    const all = await s.ok('group_list', { all_fields: true, groups: 'health' });
    t.match(all, [{ name: 'health', is_organization: false, type: 'group', eu_theme: 'HEAL', package_count: 0 }]);
    t.same(
      (await s.call('group_list', { sort: 'title sideways' }, { get: true })).body.error.__type,
      'Validation Error',
    );
  });

  await t.test('datasets in groups: sphere, member_create, counts', async (t) => {
    const pub = await s.ok('package_create', { name: 'clinics', owner_org: 'an-org', sphere: 'health' });
    t.same(
      pub.groups.map((g: any) => g.name),
      ['health'],
    );
    await s.ok('package_create', {
      name: 'secret-clinics',
      owner_org: 'an-org',
      private: true,
      groups: [{ name: 'health' }],
    });
    const other = await s.ok('package_create', { name: 'roads', owner_org: 'an-org' });
    const m = await s.ok('member_create', {
      id: 'transport',
      object: other.id,
      object_type: 'package',
      capacity: 'public',
    });
    const tr = await s.ok('group_show', { id: 'transport' });
    t.same(m, {
      id: m.id,
      table_name: 'package',
      table_id: other.id,
      group_id: tr.id,
      capacity: 'public',
      state: 'active',
    });
    t.same(
      (await s.ok('package_show', { id: 'roads' })).groups.map((g: any) => g.name),
      ['transport'],
    );
    t.equal(tr.package_count, 1);
    t.equal((await s.ok('group_show', { id: 'health' }, null)).package_count, 1, 'anonymous: public only');
    t.equal((await s.ok('group_show', { id: 'health' })).package_count, 2, 'sysadmin: private too');
    const ds = await s.ok('group_show', { id: 'health', include_datasets: true }, null);
    t.same(
      ds.packages.map((p: any) => p.name),
      ['clinics'],
    );
    t.equal(
      (await s.ok('group_list', { all_fields: true, groups: 'health' }))[0].package_count,
      1,
      'list: public only',
    );
    t.equal((await s.ok('group_list', { sort: 'package_count desc' }))[2], 'economy');
    t.equal(await s.ok('member_delete', { id: 'transport', object: 'roads', object_type: 'package' }), null);
    t.same((await s.ok('package_show', { id: 'roads' })).groups, []);
    t.equal(
      (await s.call('member_create', { id: 'an-org', object: 'roads', object_type: 'package', capacity: 'public' }))
        .status,
      409,
      'datasets join orgs through owner_org',
    );
  });

  await t.test("update, patch, rename follows through to the datasets' sphere", async (t) => {
    const up = await s.ok(
      'group_patch',
      { id: 'health', eu_theme: 'SOCI', title_translated: { uz: 'Salomatlik', en: 'Health' } },
      op.token,
    );
    t.equal(up.eu_theme, 'SOCI');
    t.equal(up.title, 'Salomatlik');
    t.equal(up.icon_url, 'https://cdn.example.org/health.svg');
    const full = await s.ok('group_update', { id: 'health', name: 'healthcare', title: 'Salomatlik' }, op.token);
    t.equal(full.name, 'healthcare');
    t.equal(full.eu_theme, 'SOCI', 'Pasport fields kept');
    const ds = await s.ok('package_show', { id: 'clinics' });
    t.equal(ds.sphere, 'healthcare');
    t.same(
      ds.groups.map((g: any) => g.name),
      ['healthcare'],
    );
    t.equal((await s.call('group_patch', { id: 'healthcare', title: 'x' }, { token: plain.token })).status, 403);
    t.equal(
      (await s.call('group_patch', { id: 'nope', title: 'x' }, { token: op.token })).body.error.message,
      'Not found: Group was not found.',
    );
  });

  await t.test('delete: soft; datasets leave the group', async (t) => {
    t.equal((await s.call('group_delete', { id: 'healthcare' }, { token: plain.token })).status, 403);
    t.equal((await s.call('organization_delete', { id: 'healthcare' }, { token: op.token })).status, 404);
    t.equal(await s.ok('group_delete', { id: 'healthcare' }, op.token), null);
    t.notOk((await s.ok('group_list', {})).includes('healthcare'));
    t.same((await s.ok('package_show', { id: 'clinics' })).groups, []);
    t.equal((await s.ok('group_show', { id: 'healthcare' }, op.token)).state, 'deleted');
    t.equal((await s.call('group_show', { id: 'healthcare' }, { get: true, token: plain.token })).status, 403);
    t.equal(
      (
        await s.call('member_create', {
          id: 'healthcare',
          object: 'clinics',
          object_type: 'package',
          capacity: 'public',
        })
      ).body.error.message,
      'Not found: Group was not found.',
    );
  });
});
