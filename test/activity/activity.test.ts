// CKAN's activity stream over HTTP: datasets, organizations, users, the site's recent changes and
// activity_show, written in the write's transaction; private activities only for those with rights.
import t from 'tap';
import { ManualClock } from '../../src/clock.ts';
import { startServer } from '../helpers/server.ts';
import { makeOrg, makeStructure, passport } from '../helpers/fixtures.ts';

t.test('activity stream', async (t) => {
  const clock = new ManualClock('2026-03-02T08:00:00Z');
  const s = await startServer(t, { clock, env: { PASPORT_SPARQL: 'false' } });
  await makeStructure(s, '1');
  const org = await makeOrg(s, 'stat', { code: '001', structure: '1' });
  await makeOrg(s, 'health', { code: '002', structure: '1' });
  const op = await s.user('op', { operator: true });
  const author = await s.user('author');
  const outsider = await s.user('outsider');
  await s.ok('member_create', { id: org.id, object: author.name, object_type: 'user', capacity: 'editor' });

  const pub = await s.ok('package_create', passport('pub', 'stat'), op.token);
  clock.set('2026-03-02T09:00:00Z');
  const secret = await s.ok('package_create', { ...passport('secret', 'stat'), private: true }, op.token);
  clock.set('2026-03-03T09:00:00Z');
  await s.ok('package_patch', { id: 'pub', title: 'Renamed' }, author.token);
  clock.set('2026-03-04T09:00:00Z');
  await s.ok('resource_create', { package_id: 'secret', url: 'http://example.org/s.csv' }, author.token);

  t.test('package_activity_list', async (t) => {
    const list = await s.ok('package_activity_list', { id: 'pub' }, null);
    t.same(
      list.map((a: any) => a.activity_type),
      ['changed package', 'new package'],
      'newest first; one activity per action',
    );
    t.same(Object.keys(list[0]).sort(), [
      'activity_type',
      'data',
      'id',
      'object_id',
      'permission_labels',
      'timestamp',
      'user_id',
    ]);
    t.match(list[0], {
      object_id: pub.id,
      user_id: author.id,
      timestamp: '2026-03-03T09:00:00',
      permission_labels: ['public'],
    });
    t.same(list[0].data, { package: { title: 'Renamed' } }, 'a list carries only the title');
    t.equal(list[1].user_id, op.id);
    const full = await s.ok('package_activity_list', { id: 'pub', include_data: true }, null);
    t.equal(full[1].data.package.title, 'pub uz', 'the dataset as it was after that change');
    t.equal(full[1].data.package.num_resources, 1, 'the state at the end of the action, resources included');

    const denied = await s.call('package_activity_list', { id: 'secret' }, { token: null });
    t.equal(denied.status, 403, "a private dataset's stream is not public");
    t.equal((await s.call('package_activity_list', { id: 'secret' }, { token: outsider.token })).status, 403);
    const forMember = await s.ok('package_activity_list', { id: 'secret' }, author.token);
    t.same(
      forMember.map((a: any) => a.activity_type),
      ['changed package', 'new package'],
      'a resource change is a changed package',
    );
    t.same(forMember[1].permission_labels, [`creator-${op.id}`, `member-${org.id}`]);
    t.equal((await s.call('package_activity_list', { id: 'nope' })).status, 404);
    t.equal((await s.call('package_activity_list', {})).status, 409);
  });

  t.test('filters and paging', async (t) => {
    const changed = await s.ok('package_activity_list', { id: 'pub', activity_types: ['changed package'] });
    t.equal(changed.length, 1);
    const notNew = await s.ok('package_activity_list', { id: 'pub', exclude_activity_types: ['new package'] });
    t.same(
      notNew.map((a: any) => a.activity_type),
      ['changed package'],
    );
    const page = await s.ok('recently_changed_packages_activity_list', { limit: 1, offset: 1 });
    t.equal(page.length, 1);
    const before = await s.ok('package_activity_list', {
      id: 'pub',
      before: Date.parse('2026-03-03T00:00:00Z') / 1000,
    });
    t.same(
      before.map((a: any) => a.activity_type),
      ['new package'],
      'before: seconds since the epoch',
    );
    const after = await s.ok('package_activity_list', { id: 'pub', after: '2026-03-02T12:00:00' });
    t.same(
      after.map((a: any) => a.activity_type),
      ['changed package'],
      'after: an ISO timestamp',
    );
    const bad = await s.call('package_activity_list', { id: 'pub', after: 'yesterday' });
    t.equal(bad.status, 409);
    const tooMany = await s.ok('recently_changed_packages_activity_list', { limit: 1000 });
    t.ok(tooMany.length <= 100);
  });

  t.test('recently changed, organization and user streams hide private activity', async (t) => {
    const anon = await s.ok('recently_changed_packages_activity_list', {}, null);
    t.ok(
      anon.every((a: any) => a.object_id !== secret.id),
      'anonymous: no private dataset',
    );
    t.equal(anon.length, 2);
    const member = await s.ok('recently_changed_packages_activity_list', {}, author.token);
    t.equal(member.length, 4);
    const opView = await s.ok('recently_changed_packages_activity_list', {}, op.token);
    t.equal(opView.length, 4, 'operators see all');

    const orgAnon = await s.ok('organization_activity_list', { id: 'stat' }, null);
    t.same(
      orgAnon.map((a: any) => a.activity_type),
      ['changed package', 'new package', 'new organization'],
    );
    t.equal(orgAnon[2].object_id, org.id);
    t.same(orgAnon[2].data, { group: { title: 'STAT' } });
    const orgMember = await s.ok('organization_activity_list', { id: org.id }, author.token);
    t.equal(orgMember.length, 5);
    t.same(await s.ok('organization_activity_list', { id: 'health' }, null), [
      { ...(await s.ok('organization_activity_list', { id: 'health' }, null))[0], activity_type: 'new organization' },
    ]);
    t.equal((await s.call('organization_activity_list', { id: 'nope' })).status, 404);

    const byAuthorAnon = await s.ok('user_activity_list', { id: 'author' }, null);
    t.same(
      byAuthorAnon.map((a: any) => a.object_id),
      [pub.id],
      'anonymous sees only the public change the author made',
    );
    const byAuthorSelf = await s.ok('user_activity_list', { id: author.id }, author.token);
    t.same(
      byAuthorSelf.map((a: any) => a.object_id),
      [secret.id, pub.id],
    );
    t.equal((await s.call('user_activity_list', { id: 'nobody' })).status, 404);
  });

  t.test('users, organizations and deletion', async (t) => {
    clock.set('2026-03-05T09:00:00Z');
    const u = await s.ok('user_create', {
      name: 'newbie',
      email: 'newbie@example.org',
      password: 'correct horse battery',
      fullname: 'Ali Valiyev',
    });
    const mine = await s.ok('user_activity_list', { id: 'newbie' });
    t.match(mine[0], { activity_type: 'new user', object_id: u.id, permission_labels: [`creator-${u.id}`] });
    t.notOk(
      JSON.stringify((await s.ok('activity_show', { id: mine[0].id })).data).includes('Ali Valiyev'),
      'no personal names in the stream',
    );
    t.equal(
      (await s.call('activity_show', { id: mine[0].id }, { token: null })).status,
      403,
      'a user record is not public',
    );
    await s.ok('organization_patch', { id: 'health', description: 'Ministry of health' }, op.token);
    const orgList = await s.ok('organization_activity_list', { id: 'health' }, null);
    t.same(
      orgList.map((a: any) => [a.activity_type, a.user_id]),
      [
        ['changed organization', op.id],
        ['new organization', s.sysadmin.id],
      ],
    );

    clock.set('2026-03-06T09:00:00Z');
    await s.ok('package_delete', { id: 'pub', reason: 'duplicate' }, op.token);
    const afterDelete = await s.ok('package_activity_list', { id: 'pub' }, op.token);
    t.equal(afterDelete[0].activity_type, 'deleted package');
    t.notOk(afterDelete[0].permission_labels.includes('public'), "a deleted dataset's activity is not public");
    const shown = await s.ok('activity_show', { id: afterDelete[0].id }, op.token);
    t.equal(shown.data.package.state, 'deleted');
    t.equal(shown.data.package.deleted_reason, 'duplicate');
    const anonShow = await s.call('activity_show', { id: afterDelete[0].id }, { token: null });
    t.equal(anonShow.status, 403);
    const publicOld = await s.ok('activity_show', { id: afterDelete[1].id }, null);
    t.equal(publicOld.data.package.title, 'Renamed', 'older public activity stays readable');
    t.equal((await s.call('activity_show', { id: '00000000-0000-4000-8000-000000000000' })).status, 404);
  });

  t.test("written in the write's transaction: a refused write leaves no activity", async (t) => {
    const before = (await s.ok('recently_changed_packages_activity_list', { limit: 100 }, op.token)).length;
    const r = await s.call(
      'package_create',
      { ...passport('bad', 'stat'), resources: [{ url: 'http://x', created: 'not a date' }] },
      { token: op.token },
    );
    t.equal(r.status, 409);
    t.equal((await s.ok('recently_changed_packages_activity_list', { limit: 100 }, op.token)).length, before);
  });
});
