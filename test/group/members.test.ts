// Memberships over HTTP: member_create/member_delete, organization_member_*, who may change them,
// and organization_list_for_user with its permissions.
import t from 'tap';
import { startServer } from '../helpers/server.ts';

t.test('memberships', async (t) => {
  // Capacities as CKAN has them (editors create datasets): the operator workflow is tested in test/package/operator-workflow.test.ts.
  const s = await startServer(t, { env: { PASPORT_OPERATOR_WORKFLOW: 'false' } });
  const op = await s.user('oper', { operator: true });
  const boss = await s.user('boss');
  const ed = await s.user('ed');
  const mem = await s.user('mem');
  const plain = await s.user('plain');
  const org = await s.ok('organization_create', { name: 'org-a', title: 'A org' }, op.token);
  await s.ok('organization_create', { name: 'org-b', title: 'B org' }, op.token);

  await t.test('member_create: result, update-if-exists, errors', async (t) => {
    const m = await s.ok(
      'member_create',
      { id: 'org-a', object: 'boss', object_type: 'user', capacity: 'admin' },
      op.token,
    );
    t.same(Object.keys(m).sort(), ['capacity', 'group_id', 'id', 'state', 'table_id', 'table_name']);
    t.match(m, { table_name: 'user', table_id: boss.id, group_id: org.id, capacity: 'admin', state: 'active' });
    const again = await s.ok(
      'member_create',
      { id: org.id, object: ed.id, object_type: 'user', capacity: 'member' },
      boss.token,
    );
    const up = await s.ok(
      'member_create',
      { id: org.id, object: 'ed', object_type: 'user', capacity: 'editor' },
      boss.token,
    );
    t.equal(up.id, again.id, 'the same membership, updated');
    t.equal(up.capacity, 'editor');
    await s.ok('organization_member_create', { id: 'org-a', username: 'mem', role: 'member' }, boss.token);

    const unknown = await s.call('member_create', {
      id: 'nope',
      object: 'ed',
      object_type: 'user',
      capacity: 'member',
    });
    t.equal(unknown.status, 404);
    t.same(unknown.body.error, { __type: 'Not Found Error', message: 'Not found: Group was not found.' });
    const noUser = await s.call('member_create', {
      id: 'org-a',
      object: 'ghost',
      object_type: 'user',
      capacity: 'member',
    });
    t.equal(noUser.status, 404);
    t.equal(noUser.body.error.message, 'Not found: User was not found.');
    const badCap = await s.call('member_create', { id: 'org-a', object: 'ed', object_type: 'user', capacity: 'boss' });
    t.equal(badCap.status, 409);
    t.match(badCap.body.error.capacity, [/admin, editor, member/]);
    const missing = await s.call('member_create', { id: 'org-a' });
    t.same(Object.keys(missing.body.error).sort(), ['__type', 'capacity', 'object', 'object_type']);
    const badType = await s.call('member_create', {
      id: 'org-a',
      object: 'ed',
      object_type: 'tag',
      capacity: 'member',
    });
    t.equal(badType.status, 409);
  });

  await t.test('who may manage members', async (t) => {
    const add = (token: string | null, capacity = 'member') =>
      s.call('member_create', { id: 'org-a', object: 'plain', object_type: 'user', capacity }, { token });
    t.equal((await add(null)).status, 403, 'anonymous');
    t.equal((await add(plain.token)).status, 403, 'plain user');
    t.equal((await add(mem.token)).status, 403, 'member');
    t.equal((await add(ed.token)).status, 403, 'editor');
    t.equal((await add(boss.token)).status, 200, 'admin');
    t.equal((await add(op.token, 'editor')).status, 200, 'operator');
    t.equal((await add(s.sysadmin.token, 'member')).status, 200, 'sysadmin');
    t.equal(
      (
        await s.call(
          'organization_member_create',
          { id: 'org-b', username: 'plain', role: 'member' },
          { token: boss.token },
        )
      ).status,
      403,
      'admin of another org',
    );
    t.equal(
      (
        await s.call(
          'organization_member_create',
          { id: 'org-a', username: 'plain', role: 'member' },
          { token: ed.token },
        )
      ).status,
      403,
      'editor',
    );
    t.equal(
      (await s.call('organization_member_delete', { id: 'org-a', username: 'plain' }, { token: mem.token })).status,
      403,
      'member',
    );
    t.equal(
      (await s.call('member_delete', { id: 'org-a', object: 'plain', object_type: 'user' }, { token: null })).status,
      403,
      'anonymous',
    );
  });

  await t.test('an admin cannot demote or remove themselves', async (t) => {
    const demote = await s.call(
      'member_create',
      { id: 'org-a', object: 'boss', object_type: 'user', capacity: 'editor' },
      { token: boss.token },
    );
    t.equal(demote.status, 403);
    t.equal(demote.body.error.__type, 'Authorization Error');
    t.equal(
      (
        await s.call(
          'organization_member_create',
          { id: 'org-a', username: 'boss', role: 'member' },
          { token: boss.token },
        )
      ).status,
      403,
    );
    t.equal(
      (await s.call('organization_member_delete', { id: 'org-a', username: 'boss' }, { token: boss.token })).status,
      403,
    );
    t.equal(
      (await s.call('member_delete', { id: 'org-a', object: boss.id, object_type: 'user' }, { token: boss.token }))
        .status,
      403,
    );
    t.equal(
      (
        await s.call(
          'organization_patch',
          { id: 'org-a', users: [{ name: 'ed', capacity: 'admin' }] },
          { token: boss.token },
        )
      ).status,
      403,
      'nor through users',
    );
    t.equal(
      (await s.ok('member_create', { id: 'org-a', object: 'boss', object_type: 'user', capacity: 'admin' }, boss.token))
        .capacity,
      'admin',
      'staying admin is fine',
    );
    const caps = (await s.ok('organization_show', { id: 'org-a' })).users.map((u: any) => [u.name, u.capacity]);
    t.same(caps, [
      ['boss', 'admin'],
      ['ed', 'editor'],
      ['mem', 'member'],
      ['oper', 'admin'],
      ['plain', 'member'],
    ]);
  });

  await t.test('organization_list_for_user', async (t) => {
    const names = (list: any[]) => list.map((o) => o.name);
    t.same(await s.ok('organization_list_for_user', {}, null), [], 'anonymous');
    t.same(await s.ok('organization_list_for_user', {}, plain.token), [], 'plain member: manage_group by default');
    t.same(names(await s.ok('organization_list_for_user', { permission: 'read' }, plain.token)), ['org-a']);
    t.same(names(await s.ok('organization_list_for_user', {}, boss.token)), ['org-a']);
    const bossOrgs = await s.ok('organization_list_for_user', {}, boss.token);
    t.match(bossOrgs[0], {
      id: org.id,
      name: 'org-a',
      title: 'A org',
      display_name: 'A org',
      type: 'organization',
      state: 'active',
      is_organization: true,
      approval_status: 'approved',
      capacity: 'admin',
    });
    t.notOk('package_count' in bossOrgs[0]);
    t.same(await s.ok('organization_list_for_user', {}, ed.token), [], 'editor: no manage_group');
    t.same(names(await s.ok('organization_list_for_user', { permission: 'create_dataset' }, ed.token)), ['org-a']);
    t.same(
      await s.ok('organization_list_for_user', { permission: 'create_dataset' }, mem.token),
      [],
      'member cannot create datasets',
    );
    t.same(
      (await s.ok('organization_list_for_user', { permission: 'read' }, mem.token)).map((o: any) => o.capacity),
      ['member'],
    );
    const sys = await s.ok('organization_list_for_user', {});
    t.same(names(sys), ['org-a', 'org-b'], 'sysadmin: every org');
    t.ok(sys.every((o: any) => o.capacity === 'admin'));
    t.same(names(await s.ok('organization_list_for_user', {}, op.token)), ['org-a', 'org-b'], 'operator: every org');
    t.same(
      names(await s.ok('organization_list_for_user', { id: 'ed', permission: 'read' })),
      ['org-a'],
      'another user by name',
    );
    const get = await s.call(
      'organization_list_for_user',
      { permission: 'read', include_dataset_count: 'true' },
      { get: true, token: mem.token },
    );
    t.equal(get.body.result[0].package_count, 0);
    t.same(await s.ok('organization_list_for_user', { permission: 'fly' }, boss.token), []);
    // Deactivated organizations take no new datasets, so they are not offered for create_dataset.
    await s.ok('organization_patch', { id: 'org-a', active: false }, op.token);
    t.same(await s.ok('organization_list_for_user', { permission: 'create_dataset' }, ed.token), []);
    t.same(names(await s.ok('organization_list_for_user', { permission: 'read' }, ed.token)), ['org-a']);
    await s.ok('organization_patch', { id: 'org-a', active: true }, op.token);
  });

  await t.test('removing members', async (t) => {
    t.equal(await s.ok('organization_member_delete', { id: 'org-a', username: 'plain' }, boss.token), null);
    t.same(await s.ok('organization_list_for_user', { permission: 'read' }, plain.token), []);
    t.equal(await s.ok('member_delete', { id: 'org-a', object: 'mem', object_type: 'user' }, boss.token), null);
    t.equal(
      await s.ok('member_delete', { id: 'org-a', object: 'mem', object_type: 'user' }, boss.token),
      null,
      'not a member: nothing to do',
    );
    const back = await s.ok('organization_member_create', { id: 'org-a', username: 'mem', role: 'editor' }, boss.token);
    t.equal(back.state, 'active');
    t.equal(
      (await s.call('organization_member_delete', { id: 'nope', username: 'mem' }, { token: op.token })).status,
      404,
    );
    t.equal((await s.call('organization_member_delete', { id: 'org-a' }, { token: op.token })).status, 409);
  });

  await t.test('members of an org edit its datasets by capacity', async (t) => {
    t.equal(
      (await s.call('package_create', { name: 'by-editor', owner_org: 'org-a' }, { token: ed.token })).status,
      200,
    );
    await s.ok('organization_member_create', { id: 'org-a', username: 'mem', role: 'member' }, boss.token);
    t.equal(
      (await s.call('package_create', { name: 'by-member', owner_org: 'org-a' }, { token: mem.token })).status,
      403,
    );
    // users in organization_update replaces the member list
    const replaced = await s.ok(
      'organization_update',
      {
        id: 'org-a',
        title: 'A org',
        users: [
          { name: 'boss', capacity: 'admin' },
          { name: 'ed', capacity: 'member' },
        ],
      },
      boss.token,
    );
    t.same(
      replaced.users.map((u: any) => [u.name, u.capacity]),
      [
        ['boss', 'admin'],
        ['ed', 'member'],
      ],
    );
    t.equal(
      (await s.call('package_create', { name: 'by-ex-editor', owner_org: 'org-a' }, { token: ed.token })).status,
      403,
    );
  });
});
