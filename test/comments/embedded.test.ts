// The citizens' voice on embedded PGlite: a moderated comment thread, a counted view and download with
// its purpose, the views sort, and survey results, through the same HTTP surface as on PostgreSQL.
import t from 'tap';
import { startServer } from '../helpers/server.ts';
import { makeOrg, makeStructure, passport } from '../helpers/fixtures.ts';
import { SURVEY } from '../surveys/fixture.ts';

t.test('comments, tracking and surveys on PGlite', async (t) => {
  const s = await startServer(t, { embedded: true, config: { tracking: { enabled: true, flushMs: 0 } } });
  await makeStructure(s, '7');
  await makeOrg(s, 'stat', { code: '001', structure: '7' });
  await s.ok('package_create', passport('alpha', 'stat'));
  await s.ok('package_create', passport('beta', 'stat'));
  const op = await s.user('op', { operator: true });
  const alice = await s.user('alice');

  const c = await s.ok('comment_create', { package_id: 'alpha', body: 'Root' }, alice.token);
  t.same((await s.ok('comment_list', { package_id: 'alpha' }, null)).count, 0);
  await s.ok('comment_approve', { id: c.id }, op.token);
  await s.ok('comment_create', { package_id: 'alpha', parent_id: c.id, body: 'Reply' }, op.token);
  t.match(await s.ok('comment_list', { package_id: 'alpha' }, null), {
    count: 1,
    results: [{ body: 'Root', replies: [{ body: 'Reply', author: 'op' }] }],
  });
  t.match(await s.ok('notification_list', {}, alice.token), { results: [{ kind: 'comment_approved' }] });

  const r = await fetch(`${s.url}/_tracking`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ url: '/dataset/beta', type: 'page' }),
  });
  t.equal(r.status, 204);
  t.same(
    (await s.ok('package_search', { sort: 'views_recent desc' }, null)).results.map((x: any) => x.name),
    ['beta', 'alpha'],
  );
  t.equal((await fetch(`${s.url}/catalog/export.nt?purpose=research`)).status, 200);
  const stats = await s.ok('statistics_show', {}, op.token);
  t.match(stats.downloads_by_purpose, {
    total: 1,
    purposes: [{ purpose: { name: 'research' }, total: 1, by_channel: { catalog_export: 1 } }],
  });
  t.match(stats.most_viewed, [{ name: 'beta', views: { total: 1 } }]);
  t.match(stats.comments, { approved: 2 });

  const survey = await s.ok('survey_create', SURVEY, op.token);
  await s.ok('survey_submit', { id: survey.id, answers: { found: 'partly', used: ['api'] } }, null);
  t.match((await s.ok('survey_show', { id: 'findability', include_results: true }, op.token)).results, {
    responses: 1,
    questions: [{ options: [{ count: 0 }, { id: 'partly', count: 1 }] }],
  });
});
