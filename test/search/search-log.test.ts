// The search log: every typed query (non-empty q) is logged without personal data; operators read it
// with search_log_list and search_log_stats; nobody else may.
import t from 'tap';
import { startServer } from '../helpers/server.ts';
import { dataset, org, search } from './fixtures.ts';
import { flushSearchLog } from '../../src/search/search-log.ts';

t.test('search log', async (t) => {
  const s = await startServer(t);
  const o = await org(s, 'org1');
  await dataset(s, { name: 'water', owner_org: o.id, title: 'Water quality' });
  await dataset(s, { name: 'air', owner_org: o.id, title: 'Air quality' });
  const operator = await s.user('op', { operator: true });
  const plain = await s.user('plain');

  for (const q of ['quality', 'Quality ', 'quality', 'water', 'nothing-like-this', 'NOTHING-like-this'])
    await search(s, { q, lang: 'en', fq: 'organization:org1' }, plain.token);
  await search(s, {}, null); // no q: not logged
  await search(s, { q: '*:*' }, null); // match-all: not logged
  await search(s, { q: 'air', fq: 'res_format:CSV' }, null);
  await flushSearchLog();

  const list = await s.ok('search_log_list', {}, operator.token);
  t.equal(list.count, 7);
  const last = list.results[0];
  t.equal(last.q, 'air');
  t.same(last.filters, { fq: ['res_format:CSV'], sort: null });
  t.equal(last.lang, 'uz');
  t.equal(last.result_count, 0);
  t.ok(last.duration_ms >= 0);
  t.same(
    Object.keys(last).sort(),
    ['created', 'duration_ms', 'filters', 'id', 'lang', 'q', 'result_count'],
    'no user, no address',
  );
  const rows = await s.pasport.services.db.selectFrom('search_log').selectAll().execute();
  t.notOk(
    JSON.stringify(rows).includes(plain.id) || JSON.stringify(rows).includes('plain'),
    'nothing identifies the caller',
  );
  t.equal((await s.ok('search_log_list', { zero_results: true }, operator.token)).count, 3);
  t.equal((await s.ok('search_log_list', { q: 'WAT' }, operator.token)).count, 1);
  t.equal((await s.ok('search_log_list', { since: '2999-01-01' })).count, 0, 'sysadmin too');
  t.equal((await s.ok('search_log_list', { limit: 2 }, operator.token)).results.length, 2);

  const stats = await s.ok('search_log_stats', {}, operator.token);
  t.equal(stats.searches, 7);
  t.equal(stats.distinct_queries, 4);
  t.equal(stats.zero_result_searches, 3);
  t.same(stats.top_queries[0], { q: 'quality', count: 3, avg_results: 2, last_seen: stats.top_queries[0].last_seen });
  t.same(
    stats.zero_result_queries.map((z: any) => [z.q, z.count]),
    [
      ['nothing-like-this', 2],
      ['air', 1],
    ],
  );

  for (const [who, token] of [
    ['anonymous', null],
    ['plain user', plain.token],
  ] as const) {
    for (const action of ['search_log_list', 'search_log_stats']) {
      const r = await s.call(action, {}, { token });
      t.equal(r.status, 403, `${who}: ${action}`);
      t.equal(r.body.error.__type, 'Authorization Error');
    }
  }
  const bad = await s.call('search_log_list', { since: 'yesterday' }, { token: operator.token });
  t.equal(bad.status, 409);
});
