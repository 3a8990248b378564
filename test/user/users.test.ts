import crypto from 'node:crypto';
import t from 'tap';
import { startServer } from '../helpers/server.ts';

const md5 = (s: string) => crypto.createHash('md5').update(s).digest('hex');

const USER_KEYS = [
  'id',
  'name',
  'fullname',
  'display_name',
  'about',
  'created',
  'last_active',
  'state',
  'sysadmin',
  'operator',
  'image_url',
  'image_display_url',
  'email_hash',
  'number_created_packages',
  'activity_streams_email_notifications',
];

t.test('user actions', async (t) => {
  const s = await startServer(t, {
    config: { createUnownedDataset: true },
    env: { PASPORT_OPERATOR_WORKFLOW: 'false' },
  }); // users who create their own datasets: CKAN's rules
  const op = await s.user('oper', { operator: true });
  const alice = await s.user('alice');
  const bob = await s.user('bob');

  await t.test('user_create: operators and sysadmins only', async (t) => {
    let r = await s.call('user_create', { name: 'carol', email: 'carol@example.org' }, { token: null });
    t.equal(r.status, 403);
    t.equal(r.body.error.__type, 'Authorization Error');
    r = await s.call('user_create', { name: 'carol', email: 'carol@example.org' }, { token: alice.token });
    t.equal(r.status, 403);
    const carol = await s.ok(
      'user_create',
      { name: 'carol', email: 'carol@example.org', fullname: 'Carol C' },
      op.token,
    );
    t.equal(carol.name, 'carol');
    t.equal(carol.display_name, 'Carol C');
    t.equal(carol.email, 'carol@example.org');
    t.equal(carol.sysadmin, false);
    t.equal(carol.operator, false);
    t.equal(carol.state, 'active');
    t.notOk('password' in carol);
    // Only sysadmins hand out roles.
    r = await s.call('user_create', { name: 'dave', email: 'dave@example.org', sysadmin: true }, { token: op.token });
    t.equal(r.status, 403);
    r = await s.call('user_create', { name: 'dave', email: 'dave@example.org', operator: true }, { token: op.token });
    t.equal(r.status, 403);
    const dave = await s.ok('user_create', { name: 'dave', email: 'dave@example.org', operator: true });
    t.equal(dave.operator, true);
  });

  await t.test('user_create: validation', async (t) => {
    let r = await s.call('user_create', { name: 'carol', email: 'c2@example.org' });
    t.equal(r.status, 409);
    t.same(r.body.error.name, ['That login name is not available.']);
    r = await s.call('user_create', { name: 'Bad Name!', email: 'x@example.org' });
    t.equal(r.status, 409);
    t.match(r.body.error.name, [/lowercase alphanumeric/]);
    r = await s.call('user_create', { name: 'x', email: 'x@example.org' });
    t.match(r.body.error.name, ['Must be at least 2 characters long']);
    r = await s.call('user_create', { name: 'edit', email: 'x@example.org' });
    t.match(r.body.error.name, ['That name cannot be used']);
    r = await s.call('user_create', { name: 'erin', email: 'not-an-email' });
    t.equal(r.status, 409);
    t.same(r.body.error.email, ['Email not-an-email is not a valid format']);
    r = await s.call('user_create', { name: 'erin' });
    t.equal(r.status, 409);
    t.same(r.body.error.email, ['Missing value']);
    r = await s.call('user_create', {});
    t.same(r.body.error.name, ['Missing value']);
  });

  await t.test('user_show', async (t) => {
    const anon = await s.call('user_show', { id: 'alice' }, { token: null, get: true });
    t.equal(anon.status, 200);
    const u = anon.body.result;
    for (const k of USER_KEYS) t.ok(k in u, `has ${k}`);
    t.equal(u.id, alice.id);
    t.equal(u.email_hash, md5('alice@example.org'));
    t.notOk('email' in u, 'no email for anonymous');
    t.notOk('oidc_sub' in u);
    t.notOk('email' in (await s.ok('user_show', { id: 'alice' }, bob.token)), 'no email for another user');
    t.notOk('email' in (await s.ok('user_show', { id: 'alice' }, op.token)), 'no email for an operator');
    t.equal((await s.ok('user_show', { id: 'alice' }, alice.token)).email, 'alice@example.org', 'self sees email');
    t.equal((await s.ok('user_show', { id: alice.id })).email, 'alice@example.org', 'sysadmin sees email, by id');
    t.equal((await s.ok('user_show', {}, alice.token)).name, 'alice', 'defaults to the caller');

    let r = await s.call('user_show', {}, { token: null, get: true });
    t.equal(r.status, 404);
    t.same(r.body.error, { __type: 'Not Found Error', message: 'Not found' });
    r = await s.call('user_show', { id: 'nobody' }, { get: true });
    t.equal(r.status, 404);
    t.equal(r.body.error.message, 'Not found');
    r = await s.call('user_show', { id: crypto.randomUUID() }, { get: true });
    t.equal(r.status, 404);
  });

  await t.test('user_show include_datasets is visibility-filtered', async (t) => {
    await s.ok('package_create', { name: 'alice-public', title: 'Public' }, alice.token);
    await s.ok('package_create', { name: 'alice-draft', title: 'Draft', state: 'draft' }, alice.token);
    const del = await s.ok('package_create', { name: 'alice-deleted', title: 'Deleted' }, alice.token);
    await s.ok('package_delete', { id: del.id, reason: 'test' }, alice.token);
    // A private dataset in an organization alice belongs to.
    const db = s.pasport.services.db;
    const orgId = crypto.randomUUID();
    await db
      .insertInto('group')
      .values({ id: orgId, name: 'org-a', title: 'Org A', type: 'organization', is_organization: true } as never)
      .execute();
    await db
      .insertInto('member')
      .values({ id: crypto.randomUUID(), group_id: orgId, table_name: 'user', table_id: alice.id, capacity: 'editor' })
      .execute();
    await s.ok(
      'package_create',
      { name: 'alice-private', title: 'Private', owner_org: 'org-a', private: true },
      alice.token,
    );

    const names = (u: any) => u.datasets.map((d: any) => d.name).sort();
    const anon = await s.call('user_show', { id: 'alice', include_datasets: 'true' }, { token: null, get: true });
    t.same(names(anon.body.result), ['alice-public']);
    t.equal(anon.body.result.number_created_packages, 1);
    t.equal(anon.body.result.datasets[0].title, 'Public', 'full package dicts');
    t.same(names(await s.ok('user_show', { id: 'alice', include_datasets: true }, bob.token)), ['alice-public']);
    const self = await s.ok('user_show', { id: 'alice', include_datasets: true }, alice.token);
    t.same(names(self), ['alice-draft', 'alice-private', 'alice-public']);
    t.same(names(await s.ok('user_show', { id: 'alice', include_datasets: true })), ['alice-private', 'alice-public']);
    t.notOk('datasets' in (await s.ok('user_show', { id: 'alice' })));

    for (let i = 0; i < 52; i++) await s.ok('package_create', { name: `bulk-${i}`, title: `Bulk ${i}` }, bob.token);
    const many = await s.ok('user_show', { id: 'bob', include_datasets: true }, null);
    t.equal(many.datasets.length, 50, 'at most 50');
    t.equal(many.number_created_packages, 52);
  });

  await t.test('user_list', async (t) => {
    const all = await s.ok('user_list', {}, null);
    const names = all.map((u: any) => u.name);
    t.ok(names.includes('alice') && names.includes('carol') && names.includes('admin'));
    t.ok(
      all.every((u: any) => !('email' in u)),
      'no emails for anonymous',
    );
    t.ok(
      (await s.ok('user_list', {})).every((u: any) => 'email' in u),
      'sysadmin sees emails',
    );
    // display_name order: the full name when there is one, else the login name.
    await s.ok('user_update', { id: 'dave', fullname: 'Aaron D' });
    t.equal((await s.ok('user_list', {}, null))[0].name, 'dave');
    const plain = await s.ok('user_list', { all_fields: false, order_by: 'name' }, null);
    t.same(plain, [...plain].sort());
    t.ok(plain.every((n: unknown) => typeof n === 'string'));
    t.same(await s.ok('user_list', { q: 'ali', all_fields: false }, null), ['alice']);
    t.same(await s.ok('user_list', { q: 'carol c', all_fields: false }, null), ['carol'], 'matches full names');
    t.same(
      await s.ok('user_list', { q: 'example.org', all_fields: false }, null),
      [],
      'anonymous cannot search by email',
    );
    t.ok((await s.ok('user_list', { q: 'example.org', all_fields: false })).length >= 4, 'sysadmins can');
    t.same(await s.ok('user_list', { q: '%', all_fields: false }, null), [], 'LIKE wildcards are literal');
    const page = await s.ok('user_list', { all_fields: false, order_by: 'name', limit: 2, offset: 1 }, null);
    t.same(page, plain.slice(1, 3));
    const created = await s.ok('user_list', { order_by: 'number_created_packages', all_fields: false, limit: 1 }, null);
    t.same(created, ['bob']);
    const r = await s.call('user_list', { order_by: 'password' });
    t.equal(r.status, 409);
  });

  await t.test('user_update', async (t) => {
    let r = await s.call('user_update', { id: 'alice', fullname: 'Alice A' }, { token: null });
    t.equal(r.status, 403);
    r = await s.call('user_update', { id: 'alice', fullname: 'Bob was here' }, { token: bob.token });
    t.equal(r.status, 403);
    const me = await s.ok('user_update', { id: 'alice', fullname: 'Alice A', about: 'hi' }, alice.token);
    t.equal(me.fullname, 'Alice A');
    t.equal(me.about, 'hi');
    t.equal(me.email, 'alice@example.org', 'untouched keys stay');
    r = await s.call('user_update', { id: 'alice', sysadmin: true }, { token: alice.token });
    t.equal(r.status, 403, 'no self-promotion');
    r = await s.call('user_update', { id: 'alice', operator: true }, { token: alice.token });
    t.equal(r.status, 403);
    r = await s.call('user_update', { id: 'alice', operator: true }, { token: op.token });
    t.equal(r.status, 403, 'operators cannot grant roles either');
    r = await s.call('user_update', { id: 'alice', email: 'nope' }, { token: alice.token });
    t.equal(r.status, 409);
    t.same(r.body.error.email, ['Email nope is not a valid format']);
    r = await s.call('user_update', { id: 'alice', name: 'bob' }, { token: alice.token });
    t.equal(r.status, 409);
    t.same(r.body.error.name, ['That login name is not available.']);
    r = await s.call('user_update', { id: 'ghost', fullname: 'x' });
    t.equal(r.status, 404);
    r = await s.call('user_update', {});
    t.equal(r.status, 409);

    // A sysadmin grants a role; the user's existing token carries it at once (token cache cleared).
    const promoted = await s.ok('user_update', { id: 'alice', operator: true });
    t.equal(promoted.operator, true);
    t.equal(
      (await s.call('user_create', { name: 'frank', email: 'f@example.org' }, { token: alice.token })).status,
      200,
      'new role works with the old token',
    );
    await s.ok('user_update', { id: 'alice', operator: false });
    t.equal(
      (await s.call('user_create', { name: 'gina', email: 'g@example.org' }, { token: alice.token })).status,
      403,
      'removed role stops at once',
    );

    // A deleted user's tokens run as anonymous.
    await s.ok('user_update', { id: 'bob', state: 'deleted' });
    r = await s.call('user_show', {}, { token: bob.token, get: true });
    t.equal(r.status, 404, 'deleted user is anonymous');
    t.notOk((await s.ok('user_list', { all_fields: false }, null)).includes('bob'));
  });
});
