// Using a token records when it (and its user) were last seen, without slowing the request.
import t from 'tap';
import { startServer } from '../helpers/server.ts';

t.test('last_access and last_active', async (t) => {
  const s = await startServer(t);
  const u = await s.user('reader');
  const before = (await s.ok('api_token_list', { user: 'reader' }))[0];
  t.equal(before.last_access, null, 'a fresh token was never used');
  await s.ok('status_show', {}, u.token);
  let after: any;
  for (let i = 0; i < 50 && !after?.last_access; i++) {
    await new Promise((r) => setTimeout(r, 20));
    after = (await s.ok('api_token_list', { user: 'reader' })).find((x: any) => x.id === before.id);
  }
  t.match(after.last_access, /^\d{4}-\d{2}-\d{2}T/);
  t.match((await s.ok('user_show', { id: 'reader' })).last_active, /^\d{4}-\d{2}-\d{2}T/);
});
