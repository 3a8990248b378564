// Every dictionary write records an outbox entry (the search index and SPARQL store feed on them).
import t from 'tap';
import { startServer } from '../helpers/server.ts';

t.test('dictionary writes record outbox entries', async (t) => {
  const s = await startServer(t);
  const db = s.pasport.services.db;
  const entries = async () =>
    await db.selectFrom('outbox').select(['topic', 'entity_id', 'op']).orderBy('id').execute();
  let seen = (await entries()).length;
  const fresh = async () => {
    await s.settle(); // the scorer's re-announcements of this step land in this step
    const all = await entries();
    const out = all.slice(seen);
    seen = all.length;
    // Which entities changed, each once: the quality scorer re-announces a dataset whose score it
    // recomputed in the background, a second entry for the same change.
    return [...new Set(out.map((e) => `${e.topic}:${e.op}:${e.entity_id}`))];
  };
  const st = await s.ok('structure_create', { code: '4' });
  t.same(await fresh(), [`structure:upsert:${st.id}`]);
  await s.ok('structure_update', { id: '4', name_translated: { en: 'Agencies' } });
  t.same(await fresh(), [`structure:upsert:${st.id}`]);
  const org = await s.ok('organization_create', { name: 'o1', structure: '4', code: '010' });
  t.same(await fresh(), [`organization:upsert:${org.id}`]);
  await s.ok('organization_patch', { id: 'o1', title: 'O one' });
  t.same(await fresh(), [`organization:upsert:${org.id}`]);
  const u = await s.user('someone');
  await s.ok('organization_member_create', { id: 'o1', username: u.name, role: 'editor' });
  t.same(await fresh(), [`organization:upsert:${org.id}`]);
  await s.ok('organization_member_delete', { id: 'o1', username: u.name });
  t.same(await fresh(), [`organization:upsert:${org.id}`]);
  const g = await s.ok('group_create', { name: 'g1' });
  t.same(await fresh(), [`group:upsert:${g.id}`]);
  const p = await s.ok('package_create', { name: 'p1', owner_org: 'o1' });
  await fresh();
  await s.ok('member_create', { id: 'g1', object: 'p1', object_type: 'package', capacity: 'public' });
  t.same(await fresh(), [`package:upsert:${p.id}`, `group:upsert:${g.id}`], 'the dataset changes too');
  await s.ok('group_update', { id: 'g1', title: 'G one' });
  t.same(await fresh(), [`group:upsert:${g.id}`]);
  await s.ok('group_delete', { id: 'g1' });
  t.same(await fresh(), [`package:upsert:${p.id}`, `group:delete:${g.id}`]);
  await s.ok('package_delete', { id: 'p1', reason: 'test' });
  await fresh();
  await s.ok('organization_delete', { id: 'o1' });
  t.same(await fresh(), [`organization:delete:${org.id}`]);
  await s.ok('structure_delete', { id: '4' });
  t.same(await fresh(), [`structure:delete:${st.id}`]);
  // A refused write leaves nothing behind (one transaction).
  await s.call('organization_create', { name: 'o1' });
  t.same(await fresh(), []);
});
