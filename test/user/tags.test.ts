import crypto from 'node:crypto';
import t from 'tap';
import { startServer } from '../helpers/server.ts';

const tags = (...names: string[]) => names.map((name) => ({ name }));

t.test('tag_list and tag_show', async (t) => {
  const s = await startServer(t, { config: { createUnownedDataset: true } });
  const member = await s.user('member');
  const outsider = await s.user('outsider');
  const db = s.pasport.services.db;
  const orgId = crypto.randomUUID();
  await db
    .insertInto('group')
    .values({ id: orgId, name: 'org-t', title: 'Org T', type: 'organization', is_organization: true } as never)
    .execute();
  await db
    .insertInto('member')
    .values({ id: crypto.randomUUID(), group_id: orgId, table_name: 'user', table_id: member.id, capacity: 'editor' })
    .execute();

  await s.ok('package_create', { name: 'pub-1', title: 'P1', tags: tags('economy', 'Health data', 'shared') });
  await s.ok('package_create', { name: 'pub-2', title: 'P2', tags: tags('economy', 'transport') });
  await s.ok('package_create', {
    name: 'priv-1',
    title: 'Secret',
    owner_org: 'org-t',
    private: true,
    tags: tags('secret-project', 'shared'),
  });
  await s.ok('package_create', { name: 'draft-1', title: 'Draft', state: 'draft', tags: tags('draft-only') });
  const del = await s.ok('package_create', { name: 'del-1', title: 'Gone', tags: tags('deleted-only') });
  await s.ok('package_delete', { id: del.id, reason: 'test' });
  // A vocabulary tag on a public dataset, and a tag no dataset uses.
  const vocabTag = crypto.randomUUID();
  await db
    .insertInto('tag')
    .values([
      { id: vocabTag, name: 'econ', vocabulary_id: 'eu-themes' },
      { id: crypto.randomUUID(), name: 'orphan', vocabulary_id: null },
    ])
    .execute();
  const pub1 = await s.ok('package_show', { id: 'pub-1' });
  await db.insertInto('package_tag').values({ package_id: pub1.id, tag_id: vocabTag }).execute();

  const PUBLIC = ['economy', 'Health data', 'shared', 'transport'].sort();

  await t.test('only tags of active public datasets, for everyone', async (t) => {
    for (const token of [null, outsider.token, member.token, s.sysadmin.token]) {
      const r = await s.call('tag_list', {}, { token, get: true });
      t.equal(r.status, 200);
      t.same([...r.body.result].sort(), PUBLIC);
    }
  });

  await t.test('a free tag is one row, however many datasets use it', async (t) => {
    const rows = await db
      .selectFrom('tag')
      .select('id')
      .where('name', '=', 'economy')
      .where('vocabulary_id', 'is', null)
      .execute();
    t.equal(rows.length, 1);
    const pub2 = await s.ok('package_show', { id: 'pub-2' }, null);
    t.same(
      pub2.tags.map((x: any) => x.name),
      ['economy', 'transport'],
    );
  });

  await t.test('query, q, all_fields, vocabulary_id', async (t) => {
    t.same(await s.ok('tag_list', { query: 'econ' }, null), ['economy']);
    t.same(await s.ok('tag_list', { q: 'DATA' }, null), ['Health data'], 'case-insensitive substring');
    t.same(await s.ok('tag_list', { q: 'secret' }, null), [], 'no private tags through search either');
    t.same(await s.ok('tag_list', { q: '_' }, null), [], 'wildcards are literal');
    const full = await s.ok('tag_list', { all_fields: true, q: 'transport' }, null);
    t.equal(full.length, 1);
    t.same(Object.keys(full[0]).sort(), ['display_name', 'id', 'name', 'vocabulary_id']);
    t.match(full[0], { name: 'transport', display_name: 'transport', vocabulary_id: null });
    t.same(await s.ok('tag_list', { vocabulary_id: 'eu-themes' }, null), ['econ']);
    t.notOk((await s.ok('tag_list', {}, null)).includes('econ'), 'vocabulary tags are not free tags');
    const r = await s.call('tag_list', { all_fields: 'true' }, { token: null, get: true });
    t.equal(r.body.result.length, PUBLIC.length, 'GET booleans');
  });

  await t.test('the list follows dataset changes', async (t) => {
    await s.ok('package_patch', { id: 'pub-2', tags: tags('economy') });
    t.notOk((await s.ok('tag_list', {}, null)).includes('transport'));
    await s.ok('package_patch', { id: 'pub-2', tags: tags('economy', 'transport') });
  });

  await t.test('tag_show', async (t) => {
    const tag = await s.ok('tag_show', { id: 'economy' }, null);
    t.match(tag, { name: 'economy', display_name: 'economy', vocabulary_id: null });
    t.notOk('packages' in tag);
    t.equal((await s.ok('tag_show', { id: tag.id }, null)).name, 'economy', 'by id');
    const withDs = await s.ok('tag_show', { id: 'shared', include_datasets: true }, null);
    t.same(
      withDs.packages.map((p: any) => p.name),
      ['pub-1'],
      'private datasets hidden from anonymous',
    );
    t.equal(withDs.packages[0].title, 'P1');
    const asMember = await s.ok('tag_show', { id: 'shared', include_datasets: true }, member.token);
    t.same(asMember.packages.map((p: any) => p.name).sort(), ['priv-1', 'pub-1'], 'members see their private datasets');
    t.same(
      (await s.ok('tag_show', { id: 'shared', include_datasets: true }, outsider.token)).packages.map(
        (p: any) => p.name,
      ),
      ['pub-1'],
    );

    let r = await s.call('tag_show', { id: 'secret-project' }, { token: null, get: true });
    t.equal(r.status, 404, 'a private-only tag does not exist for anonymous');
    t.equal(r.body.error.__type, 'Not Found Error');
    r = await s.call('tag_show', { id: 'secret-project' }, { token: outsider.token, get: true });
    t.equal(r.status, 404);
    t.equal((await s.ok('tag_show', { id: 'secret-project' }, member.token)).name, 'secret-project');
    t.equal((await s.ok('tag_show', { id: 'secret-project' })).name, 'secret-project', 'sysadmin');
    for (const id of ['deleted-only', 'orphan', 'nope']) {
      r = await s.call('tag_show', { id }, { token: null, get: true });
      t.equal(r.status, 404, id);
      t.equal(r.body.error.message, `Not found: Could not find tag "${id}"`);
    }
    t.equal(
      (await s.call('tag_show', { id: 'econ' }, { token: null, get: true })).status,
      404,
      'vocabulary tag needs its vocabulary',
    );
    t.equal((await s.ok('tag_show', { id: 'econ', vocabulary_id: 'eu-themes' }, null)).vocabulary_id, 'eu-themes');
    r = await s.call('tag_show', {}, { get: true });
    t.equal(r.status, 409);
    t.same(r.body.error.id, ['Missing value']);
  });
});
