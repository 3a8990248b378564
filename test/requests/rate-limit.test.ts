// Anonymous writes (requests, feedback, votes) are limited per e-mail address, case-insensitively,
// within a window, with a CKAN-shaped 429 "Rate Limit Error" and nothing stored.
import t from 'tap';
import { portal } from './setup.ts';

t.test('anonymous writes are limited per e-mail address', async (t) => {
  const p = await portal(t, { env: { PASPORT_CITIZEN_EMAIL_LIMIT: '3', PASPORT_CITIZEN_EMAIL_WINDOW_MINUTES: '60' } });
  const { s } = p;
  const r = await s.ok('request_create', { title: 'One', email: 'busy@example.net' }, null);
  await s.ok('request_publish_for_voting', { id: r.id }, p.olga.token);
  await s.ok('feedback_create', { message: 'Two', email: 'busy@example.net' }, null);
  await s.ok('request_vote', { id: r.id, email: 'Busy@Example.net' }, null);
  const db = s.pasport.services.db;
  const count = async () =>
    Number(
      (
        await db
          .selectFrom('data_request')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const before = await count();
  for (const [action, input] of [
    ['request_create', { title: 'Four', email: 'BUSY@example.net' }],
    ['feedback_create', { message: 'Four', email: 'busy@example.net' }],
  ] as const) {
    const res = await s.call(action, input, { token: null });
    t.equal(res.status, 429, `${action}: 429 past the limit`);
    t.match(res.body, {
      success: false,
      error: { __type: 'Rate Limit Error', message: /at most 3 .* per e-mail address in 60 minutes/ },
    });
  }
  t.equal(await count(), before, 'nothing stored');
  t.equal(
    (await s.call('request_create', { title: 'Other', email: 'calm@example.net' }, { token: null })).status,
    200,
    'another address is not limited',
  );
  t.equal(
    (await s.call('request_create', { title: 'Signed in' }, { token: p.vic.token })).status,
    200,
    'signed-in users are not limited by address',
  );
  p.clock.advance(61 * 60000);
  t.equal(
    (await s.call('request_create', { title: 'Later', email: 'busy@example.net' }, { token: null })).status,
    200,
    'after the window',
  );
});
