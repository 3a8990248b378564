// structure_* over HTTP: the dictionary of organizational structures (the S of passport codes).
import t from 'tap';
import { startServer } from '../helpers/server.ts';

t.test('structures', async (t) => {
  const s = await startServer(t);
  const op = await s.user('oper', { operator: true });
  const plain = await s.user('plain');

  await t.test('create: operators and sysadmins only, validation', async (t) => {
    t.equal((await s.call('structure_create', { code: '1' }, { token: null })).status, 403);
    t.equal((await s.call('structure_create', { code: '1' }, { token: plain.token })).status, 403);
    const one = await s.ok(
      'structure_create',
      { code: '1', name_translated: { uz: 'Vazirliklar', ru: 'Министерства' } },
      op.token,
    );
    t.same(Object.keys(one).sort(), ['code', 'id', 'name_translated']);
    t.match(one, { code: '1', name_translated: { uz: 'Vazirliklar', ru: 'Министерства' } });
    t.equal((await s.ok('structure_create', { code: 10 })).code, '10', 'a number is taken as its digits');
    const dup = await s.call('structure_create', { code: '1' }, { token: op.token });
    t.equal(dup.status, 409);
    t.same(dup.body.error.code, ['Structure code already exists']);
    const bad = await s.call('structure_create', { code: 'A-1', name_translated: { xx: 'no' } }, { token: op.token });
    t.same(bad.body.error.code, ['Must be 1 to 3 digits']);
    t.match(bad.body.error.name_translated, [/Unknown language "xx"/]);
    t.same((await s.call('structure_create', {}, { token: op.token })).body.error.code, ['Missing value']);
    await s.ok('structure_create', { code: '2' }, op.token);
  });

  await t.test('list and show (anyone, GET)', async (t) => {
    const list = await s.call('structure_list', {}, { get: true, token: null });
    t.same(
      list.body.result.map((x: any) => x.code),
      ['1', '2', '10'],
    );
    const one = list.body.result[0];
    t.same((await s.call('structure_show', { id: one.id }, { get: true, token: null })).body.result, one);
    t.same(await s.ok('structure_show', { id: '1' }), one, 'by code');
    t.equal((await s.call('structure_show', { id: '99' }, { get: true })).status, 404);
    t.equal((await s.call('structure_show', {}, { get: true })).status, 409);
  });

  await t.test('update', async (t) => {
    t.equal(
      (await s.call('structure_update', { id: '1', name_translated: { en: 'x' } }, { token: plain.token })).status,
      403,
    );
    const up = await s.ok('structure_update', { id: '1', name_translated: { en: 'Ministries' } }, op.token);
    t.same(up.name_translated, { en: 'Ministries' });
    t.equal(up.code, '1');
    t.same((await s.call('structure_update', { id: '1', code: '2' }, { token: op.token })).body.error.code, [
      'Structure code already exists',
    ]);
    // Organizations follow a code change.
    await s.ok('organization_create', { name: 'in-ten', code: '005', structure: '10' }, op.token);
    const moved = await s.ok('structure_update', { id: '10', code: '7' }, op.token);
    t.equal(moved.code, '7');
    t.equal((await s.ok('organization_show', { id: 'in-ten' })).structure, '7');
    const ds = await s.ok('package_create', { name: 'in-seven', owner_org: 'in-ten' }, op.token);
    t.equal(ds.passport_code, '7-005-0001');
  });

  await t.test('delete: refused while an organization uses it; soft; re-creating revives', async (t) => {
    t.equal((await s.call('structure_delete', { id: '2' }, { token: plain.token })).status, 403);
    const used = await s.call('structure_delete', { id: '7' }, { token: op.token });
    t.equal(used.status, 409);
    t.equal(used.body.error.__type, 'Validation Error');
    t.match(used.body.error.message, /cannot be deleted while 1 organization/);
    const two = await s.ok('structure_show', { id: '2' });
    t.equal(await s.ok('structure_delete', { id: '2' }, op.token), null);
    t.same(
      (await s.ok('structure_list', {})).map((x: any) => x.code),
      ['1', '7'],
    );
    t.equal((await s.call('structure_show', { id: '2' }, { get: true })).status, 404);
    const org = await s.call('organization_create', { name: 'in-two', structure: '2' }, { token: op.token });
    t.same(org.body.error.structure, ['Structure does not exist']);
    const revived = await s.ok('structure_create', { code: '2', name_translated: { ru: 'Хокимияты' } }, op.token);
    t.equal(revived.id, two.id);
    t.same(revived.name_translated, { ru: 'Хокимияты' });
    // Once its organizations are deleted, a structure may go.
    await s.ok('package_delete', { id: 'in-seven', reason: 'test' });
    await s.ok('organization_delete', { id: 'in-ten' }, op.token);
    t.equal(await s.ok('structure_delete', { id: '7' }, op.token), null);
  });
});
