// Surveys over HTTP on PostgreSQL: operators define them, anyone answers, every answer is kept without
// anything identifying the person, and the results count every option.
import t from 'tap';
import { startServer } from '../helpers/server.ts';
import { ManualClock } from '../../src/clock.ts';
import { SURVEY } from './fixture.ts';

t.test('survey definitions, answers and results', async (t) => {
  const clock = new ManualClock('2025-05-12T05:00:00Z');
  const s = await startServer(t, { clock });
  const op = await s.user('op', { operator: true });
  const plain = await s.user('plain');

  t.equal((await s.call('survey_create', SURVEY, { token: plain.token })).status, 403, 'operators define surveys');
  const bad = await s.call(
    'survey_create',
    { ...SURVEY, questions: [{ id: 'q', type: 'single', text_translated: { en: 'x' }, options: [] }] },
    { token: op.token },
  );
  t.equal(bad.status, 409);
  t.match(bad.body.error.questions, [/2 to 50 options/]);
  const survey = await s.ok('survey_create', SURVEY, op.token);
  t.match(survey, {
    name: 'findability',
    active: true,
    questions: [{ id: 'found', required: true }, { id: 'used' }, { id: 'comment', type: 'text' }],
  });
  t.match(await s.ok('survey_list', {}, null), [{ name: 'findability' }]);
  t.match(await s.ok('survey_show', { id: 'findability' }, null), {
    questions: [{ options: [{ label_translated: { ru: 'Да' } }] }],
  });
  t.equal(
    (await s.call('survey_show', { id: 'findability', include_results: true }, { token: plain.token })).status,
    403,
    "results are the operators'",
  );

  const answers = [
    { found: 'yes', used: ['search', 'facets'], comment: 'Great portal' },
    { found: 'yes', used: ['api'] },
    { found: 'no', used: 'search', comment: 'Could not find budgets' },
  ];
  for (const [i, a] of answers.entries()) {
    clock.advance(1000);
    const r = await s.ok('survey_submit', { id: survey.id, answers: a, language: 'en' }, i === 0 ? plain.token : null);
    t.match(r, { survey_id: survey.id });
  }
  for (const [answersBad, why] of [
    [{ used: ['api'] }, /required/],
    [{ found: 'maybe' }, /one of yes, partly, no/],
    [{ found: 'yes', used: ['telepathy'] }, /a list of/],
    [{ found: 'yes', extra: 1 }, /Unknown question/],
  ] as const) {
    const r = await s.call('survey_submit', { id: survey.id, answers: answersBad }, { token: null });
    t.equal(r.status, 409);
    t.match(r.body.error.answers, [why]);
  }
  const kept = await s.pasport.services.db.selectFrom('survey_response').selectAll().execute();
  t.equal(kept.length, 3, 'every answer is kept');
  t.notMatch(JSON.stringify(kept), new RegExp(plain.id), 'with nothing identifying the person');

  const shown = await s.ok('survey_show', { id: 'findability', include_results: true }, op.token);
  t.match(shown.results, {
    responses: 3,
    questions: [
      {
        id: 'found',
        answered: 3,
        options: [
          { id: 'yes', count: 2 },
          { id: 'partly', count: 0 },
          { id: 'no', count: 1 },
        ],
      },
      {
        id: 'used',
        answered: 4,
        options: [
          { id: 'search', count: 2 },
          { id: 'facets', count: 1 },
          { id: 'api', count: 1 },
        ],
      },
      { id: 'comment', answered: 2, latest: ['Could not find budgets', 'Great portal'] },
    ],
  });
  const stats = await s.ok('statistics_show', { sections: ['surveys'] }, op.token);
  t.match(stats.surveys, [{ survey: { name: 'findability' }, responses: 3 }]);

  // A closed survey takes no answers and leaves the public list.
  await s.ok('survey_update', { id: 'findability', active: false }, op.token);
  t.equal((await s.call('survey_submit', { id: survey.id, answers: { found: 'yes' } }, { token: null })).status, 404);
  t.same(await s.ok('survey_list', {}, null), []);
  t.equal((await s.ok('survey_list', { all_states: true }, op.token)).length, 1);
});
