// Many dataset writes in one transaction (a harvest batch): each dataset gets one activity holding it as
// it stands at the commit, the outbox keeps every change in the order recorded, search finds the
// datasets as soon as the transaction returns, and `returnIdOnly` (CKAN's context flag) answers with ids.
// A failing write in the batch leaves nothing behind: no dataset, no activity, no outbox entry.
import t from 'tap';
import { startServer } from '../helpers/server.ts';
import { makeOrg } from '../helpers/fixtures.ts';
import { siteUser } from '../../src/external/site-user.ts';
import { lastOutboxId } from '../helpers/settle.ts';

t.test('a transaction of dataset writes', async (t) => {
  const s = await startServer(t, { env: { PASPORT_SPARQL: 'false', PASPORT_REQUIRED_LANGUAGES: 'none' } });
  await makeOrg(s, 'origin');
  const { runner, services } = s.pasport;
  const db = services.db;
  const user = await siteUser(services);
  const before = await lastOutboxId(services);

  const ids = await runner.transaction(user, async (ctx) => {
    const out: string[] = [];
    for (let i = 0; i < 3; i++)
      out.push(
        await ctx.call<string>(
          'package_create',
          { name: `batch-${i}`, title: `Batch ${i}`, owner_org: 'origin', resources: [{ url: `http://x.test/${i}` }] },
          { returnIdOnly: true },
        ),
      );
    // Changed after its creation in the same transaction: still one activity, "new", holding the change.
    await ctx.call('package_patch', { id: 'batch-1', title: 'Batch one, retitled' });
    // The flag held for its call only: a later call answers with the whole dict.
    const full = await ctx.call<{ id: string; name: string }>('package_show', { id: 'batch-2' });
    t.equal(full.name, 'batch-2', 'a call without the flag answers with the dict');
    return out;
  });
  t.equal(ids.length, 3);
  t.ok(
    ids.every((id) => typeof id === 'string' && /^[0-9a-f-]{36}$/.test(id)),
    'returnIdOnly answers with the id',
  );

  const acts = await db
    .selectFrom('activity')
    .select(['object_id', 'activity_type', 'data'])
    .where('object_id', 'in', ids)
    .execute();
  t.equal(acts.length, 3, 'one activity per dataset');
  t.ok(
    acts.every((a) => a.activity_type === 'new package'),
    'created then changed in one transaction is "new package"',
  );
  const one = acts.find((a) => a.object_id === ids[1])!;
  t.equal(
    (one.data as { package: { title: string } }).package.title,
    'Batch one, retitled',
    'the activity holds the dataset as it stood at the commit',
  );
  t.equal(
    (acts.find((a) => a.object_id === ids[0])!.data as { package: { resources: unknown[] } }).package.resources.length,
    1,
    'with its resources',
  );

  const entries = await db
    .selectFrom('outbox')
    .select(['id', 'topic', 'entity_id', 'search_indexed'])
    .where('id', '>', before)
    .orderBy('id')
    .execute();
  t.same(
    entries.filter((e) => e.topic === 'package').map((e) => e.entity_id),
    [ids[0], ids[1], ids[2], ids[1]],
    'every change in the outbox, in the order recorded',
  );
  t.ok(
    entries.every((e) => e.search_indexed),
    'marked as indexed in the transaction',
  );

  const found = await s.ok('package_search', { q: 'name:batch-*', rows: 10 });
  t.equal(found.count, 3, 'search finds the batch as soon as it returns');
  t.ok(
    found.results.some((r: { title: string }) => r.title === 'Batch one, retitled'),
    'with the last change',
  );

  // One bad record fails the whole transaction: nothing of it remains.
  const max = await lastOutboxId(services);
  const err = await runner
    .transaction(user, async (ctx) => {
      await ctx.call('package_create', { name: 'kept-not', owner_org: 'origin' }, { returnIdOnly: true });
      await ctx.call('package_create', { name: 'Bad Name!', owner_org: 'origin' }, { returnIdOnly: true });
    })
    .catch((e: Error) => e);
  t.ok(err instanceof Error, 'the transaction fails');
  t.equal(
    (await db.selectFrom('package').select('id').where('name', '=', 'kept-not').execute()).length,
    0,
    'no dataset of it',
  );
  t.equal(
    (await db.selectFrom('outbox').select('id').where('id', '>', max).execute()).length,
    0,
    'no outbox entry of it',
  );
  t.equal(
    (await db.selectFrom('activity').select('id').where('activity_type', '=', 'new package').execute()).length,
    3,
    'no activity of it',
  );
});

t.test('a sysadmin-chosen id and a name are checked together', async (t) => {
  const s = await startServer(t, { env: { PASPORT_SPARQL: 'false', PASPORT_REQUIRED_LANGUAGES: 'none' } });
  await makeOrg(s, 'origin');
  const id = '0b9f6a52-8a0e-4c3e-9a55-0d6a0c1e2f31';
  await s.ok('package_create', { id, name: 'first', owner_org: 'origin' });
  const both = await s.call('package_create', { id, name: 'first', owner_org: 'origin' });
  t.equal(both.status, 409);
  t.same(
    both.body.error,
    { __type: 'Validation Error', name: ['That URL is already in use.'], id: ['Dataset id already exists'] },
    'both clashes reported',
  );
  const idOnly = await s.call('package_create', { id: id.toUpperCase(), name: 'second', owner_org: 'origin' });
  t.same(idOnly.body.error?.id, ['Dataset id already exists'], 'the id compared in lower case');
  const fine = await s.ok('package_create', {
    id: '1c9f6a52-8a0e-4c3e-9a55-0d6a0c1e2f31',
    name: 'second',
    owner_org: 'origin',
  });
  t.equal(fine.id, '1c9f6a52-8a0e-4c3e-9a55-0d6a0c1e2f31', 'a free id is taken');
  const op = await s.user('op', { operator: true });
  const refused = await s.call(
    'package_create',
    { id: '2c9f6a52-8a0e-4c3e-9a55-0d6a0c1e2f31', name: 'third', owner_org: 'origin' },
    { token: op.token },
  );
  t.same(refused.body.error?.id, ['The input field id was not expected.'], 'only a sysadmin chooses an id');
});
