// Requests on the embedded database (PGlite, the default): created, published, voted and listed, with
// the totals that data_request_count keeps by trigger (migrations/0023).
import t from 'tap';
import { portal } from './setup.ts';

t.test('requests on PGlite: list totals follow every change at once', async (t) => {
  const p = await portal(t, { embedded: true });
  const { s } = p;
  const made = [];
  for (const title of ['Bus stops', 'School meals', 'Air quality'])
    made.push(await s.ok('request_create', { title, organization: 'stat' }, p.rita.token));
  const total = async (filters: Record<string, unknown>, token: string | null) =>
    (await s.ok('request_list', filters, token)).count;
  t.equal(await total({}, null), 0, 'unpublished: the public sees none');
  t.equal(await total({}, p.olga.token), 3, 'the operator sees all three');
  await s.ok('request_publish_for_voting', { id: made[0].id }, p.olga.token);
  await s.ok('request_publish_for_voting', { id: made[1].id }, p.olga.token);
  t.equal(await total({}, null), 2, 'published: counted for the public at once');
  t.equal(await total({ status: 'voting', organization: 'stat' }, null), 2);
  t.match(await s.ok('request_vote', { id: made[0].id }, p.vic.token), { votes: 1 });
  t.equal(await total({ status: 'voting' }, null), 2, 'a vote moves no total');
  await s.ok('request_close', { id: made[2].id, reason: 'duplicate' }, p.olga.token);
  t.equal(await total({ status: 'new' }, p.olga.token), 0);
  t.equal(await total({ status: 'closed' }, p.olga.token), 1);
  const list = await s.ok('request_list', {}, null);
  t.same(
    list.results.map((r: any) => r.title),
    ['Bus stops', 'School meals'],
    'most votes first',
  );
});
