// CKAN 2.11 update semantics (ckan-action-api.md §4.7): which keys an update keeps when they are not
// sent, for datasets, resources, organizations, groups and users; user_show's apikey key; and the
// resource actions and package_autocomplete, called end to end.
import t from 'tap';
import { startServer } from '../helpers/server.ts';
import { makeOrg, makeStructure, passport } from '../helpers/fixtures.ts';

t.test('update semantics', async (t) => {
  // CKAN's own rules: organization editors create datasets (the operator workflow reserves that).
  const s = await startServer(t, { config: { operatorWorkflow: false } });
  await makeStructure(s, '4');
  await makeOrg(s, 'sem-org', { code: '001', structure: '4' });
  const editor = await s.user('sem-editor');
  await s.ok('organization_member_create', { id: 'sem-org', username: editor.name, role: 'editor' });

  t.test('package_update keeps owner_org, private, state, type and name when not sent', async (t) => {
    const p = await s.ok(
      'package_create',
      passport('sem-ds', 'sem-org', { private: true, state: 'draft', url: 'http://example.org', version: '1' }),
      editor.token,
    );
    const u = await s.ok('package_update', { id: p.id, title: 'New title' }, editor.token);
    t.equal(u.owner_org, p.owner_org, 'owner kept (no "An organization must be provided")');
    t.equal(u.private, true, 'private kept');
    t.equal(u.state, 'draft', 'state kept');
    t.equal(u.name, 'sem-ds', 'name kept');
    t.equal(u.type, 'dataset');
    t.equal(u.title, 'New title');
    t.equal(u.url, null, 'url cleared');
    t.equal(u.version, null, 'version cleared');
    t.equal(u.notes, null, 'notes cleared');
    t.equal(u.license_id, null, 'license cleared');
    t.same(u.resources, [], 'resources not sent: removed');
    const moved = await s.call('package_update', { id: p.id, owner_org: '' }, { token: editor.token });
    t.equal(moved.status, 409, 'an empty owner_org is still refused');
    t.ok(moved.body.error.owner_org);
  });

  t.test('resource_update keeps name, format, hash, size, last_modified, url_type; clears the rest', async (t) => {
    const p = await s.ok(
      'package_create',
      passport('sem-res', 'sem-org', {
        resources: [
          {
            url: 'http://example.org/a.csv',
            name: 'A',
            format: 'CSV',
            description: 'desc',
            hash: 'abc',
            size: 10,
            mimetype: 'text/csv',
            last_modified: '2024-01-02T03:04:05',
            extra_key: 'x',
          },
        ],
      }),
    );
    const rid = p.resources[0].id;
    const u = await s.ok('resource_update', { id: rid, url: 'http://example.org/b.json' });
    t.equal(u.name, 'A', 'name kept');
    t.equal(u.format, 'CSV', 'format kept (not re-guessed from the URL)');
    t.equal(u.hash, 'abc', 'hash kept');
    t.equal(u.size, 10, 'size kept');
    t.equal(u.last_modified, '2024-01-02T03:04:05', 'last_modified kept');
    t.equal(u.url, 'http://example.org/b.json');
    t.equal(u.description, '', 'description cleared');
    t.equal(u.mimetype, null, 'mimetype cleared');
    t.notOk('extra_key' in u, 'custom keys replaced as a whole');
    t.equal(u.package_id, p.id);
    const again = await s.ok('resource_update', {
      id: rid,
      url: 'http://example.org/b.json',
      name: 'B',
      format: 'JSON',
    });
    t.equal(again.name, 'B', 'a sent name replaces');
    t.equal(again.format, 'JSON');
    const shown = await s.ok('package_show', { id: p.id });
    t.equal(shown.resources[0].name, 'B', 'the dataset shows the update');
  });

  t.test('resource_patch merges, resource_delete removes; package_id never moves a resource', async (t) => {
    const p = await s.ok('package_create', passport('sem-rp', 'sem-org'));
    const other = await s.ok('package_create', passport('sem-other', 'sem-org'));
    const rid = p.resources[0].id;
    const patched = await s.ok(
      'resource_patch',
      { id: rid, description: 'patched', package_id: other.id },
      editor.token,
    );
    t.equal(patched.description, 'patched');
    t.equal(patched.name, 'data', 'the rest is kept');
    t.equal(patched.package_id, p.id, 'still in its own dataset');
    t.equal((await s.ok('package_show', { id: other.id })).num_resources, 1, 'the other dataset is untouched');
    t.equal(await s.ok('resource_delete', { id: rid }, editor.token), null);
    t.equal((await s.ok('package_show', { id: p.id })).num_resources, 0);
    const gone = await s.call('resource_show', { id: rid });
    t.equal(gone.status, 404);
    t.equal((await s.call('resource_delete', { id: rid })).status, 404, 'deleting twice: 404');
    t.equal((await s.call('resource_update', { id: 'not-a-uuid', url: 'x' })).status, 404);
  });

  t.test('organization_update and group_update keep every field that is not sent', async (t) => {
    const o = await makeOrg(s, 'sem-keep', {
      title: 'Kept',
      description: 'Kept description',
      image_url: 'http://example.org/i.png',
      email: 'o@example.org',
    });
    const u = await s.ok('organization_update', { id: o.id, extras: [{ key: 'k', value: 'v' }] });
    t.equal(u.title, 'Kept');
    t.equal(u.description, 'Kept description');
    t.equal(u.image_url, 'http://example.org/i.png');
    t.equal(u.email, 'o@example.org');
    t.same(
      u.extras.map((e: any) => e.key),
      ['k'],
    );
    const g = await s.ok('group_create', { name: 'sem-group', title: 'Sphere', description: 'About' });
    const gu = await s.ok('group_update', { id: g.id, name: 'sem-group' });
    t.equal(gu.title, 'Sphere');
    t.equal(gu.description, 'About');
  });

  t.test('user_update changes only what is sent; user_show has apikey (null) for oneself and sysadmins', async (t) => {
    const u = await s.user('sem-user');
    await s.ok('user_update', { id: u.id, fullname: 'Full Name', about: 'me' }, u.token);
    const after = await s.ok('user_update', { id: u.id, about: 'changed' }, u.token);
    t.equal(after.fullname, 'Full Name', 'fullname kept');
    const self = await s.ok('user_show', { id: u.id }, u.token);
    t.ok('apikey' in self, 'apikey key for oneself');
    t.equal(self.apikey, null);
    t.ok('apikey' in (await s.ok('user_show', { id: u.id })), 'and for a sysadmin');
    t.notOk('apikey' in (await s.ok('user_show', { id: u.id }, editor.token)), 'not for another user');
    t.notOk('apikey' in (await s.ok('user_show', { id: u.id }, null)), 'not for anonymous');
  });

  t.test('package_autocomplete', async (t) => {
    await s.ok(
      'package_create',
      passport('auto-water', 'sem-org', { title_translated: { uz: "Suv ta'minoti", ru: 'Водоснабжение' } }),
    );
    await s.ok(
      'package_create',
      passport('auto-hidden', 'sem-org', { private: true, title_translated: { uz: 'Suv yashirin' } }),
    );
    const byName = await s.ok('package_autocomplete', { q: 'auto-wat' }, null);
    t.same(byName, [
      { name: 'auto-water', title: "Suv ta'minoti", match_field: 'name', match_displayed: 'auto-water' },
    ]);
    const byTitle = await s.ok('package_autocomplete', { q: 'водо' }, null);
    t.equal(byTitle[0].name, 'auto-water');
    t.equal(byTitle[0].match_field, 'title');
    t.equal(byTitle[0].match_displayed, 'Водоснабжение (auto-water)');
    t.same(
      await s.ok('package_autocomplete', { q: 'yashirin' }, null),
      [],
      'a private dataset is not offered to anonymous',
    );
    t.same(
      (await s.ok('package_autocomplete', { q: 'yashirin' }, editor.token)).map((r: any) => r.name),
      ['auto-hidden'],
      'but to a member',
    );
    t.equal((await s.call('package_autocomplete', {}, { token: null })).status, 409, 'q is required');
  });
});
