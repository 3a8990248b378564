// Comments over HTTP on PostgreSQL: a comment waits for an operator, is approved or rejected, and its
// author hears of it in the inbox and by e-mail (a real SMTP server, through the scheduler); replies
// nest under their thread; anonymous writers' names and e-mails reach the moderators only; comments
// of a private or deactivated dataset are refused like the dataset.
import t from 'tap';
import { startServer } from '../helpers/server.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { makeOrg, makeStructure, passport } from '../helpers/fixtures.ts';
import { ManualClock } from '../../src/clock.ts';
import type { Scheduler } from '../../src/scheduler/service.ts';

t.test('comment -> approve / reject, notices, threads, privacy', async (t) => {
  const clock = new ManualClock('2025-05-12T05:00:00Z');
  const mail = await startSmtp(t);
  const s = await startServer(t, {
    clock,
    env: { SMTP_URL: mail.url, MAIL_FROM: 'Portal <portal@example.org>' },
    config: { scheduler: { enabled: true, intervalMs: 0 }, comments: { anonymous: true } },
  });
  const scheduler = s.pasport.services.extensions.scheduler as Scheduler;
  await makeStructure(s, '7');
  await makeOrg(s, 'stat', { code: '001', structure: '7' });
  const ds = await s.ok('package_create', passport('population', 'stat'));
  const priv = await s.ok('package_create', passport('secret-ds', 'stat', { private: true }));
  const op = await s.user('op', { operator: true });
  const alice = await s.user('alice');
  const bob = await s.user('bob');
  await s.ok('notification_preferences_update', { language: 'en' }, alice.token);

  // Alice comments: pending, visible to her with its status, not to the public.
  const c1 = await s.ok('comment_create', { package_id: 'population', body: 'Please add 2024 data' }, alice.token);
  t.match(c1, { status: 'pending', author: 'alice', anonymous: false, package_id: ds.id });
  const publicBefore = await s.ok('comment_list', { package_id: 'population' }, null);
  t.same(publicBefore, { count: 0, results: [], own: [] }, 'a pending comment is not public');
  const aliceView = await s.ok('comment_list', { package_id: 'population' }, alice.token);
  t.match(aliceView.own, [{ id: c1.id, status: 'pending' }], 'the author sees her pending comment and its status');
  t.equal(
    (await s.call('comment_show', { id: c1.id }, { token: bob.token })).status,
    404,
    'others cannot see a pending comment',
  );

  // The moderation queue is the operators'.
  t.equal((await s.call('comment_list', { status: 'pending' }, { token: alice.token })).status, 403);
  const queue = await s.ok('comment_list', { status: 'pending' }, op.token);
  t.match(queue, { count: 1, results: [{ id: c1.id, status: 'pending', package: { name: 'population' } }] });
  t.equal(
    (await s.call('comment_approve', { id: c1.id }, { token: alice.token })).status,
    403,
    'authors do not approve',
  );
  t.equal(
    (await s.call('comment_reject', { id: c1.id }, { token: op.token })).status,
    409,
    'a rejection needs a reason',
  );

  const approved = await s.ok('comment_approve', { id: c1.id }, op.token);
  t.match(approved, { status: 'approved', moderated_by: op.id });
  const inbox = await s.ok('notification_list', {}, alice.token);
  t.match(inbox.results, [{ kind: 'comment_approved', subject: `Your comment on "population en" is published` }]);
  t.equal(mail.messages.length, 0, 'nothing is mailed outside the scheduler');
  await scheduler.runDue();
  t.equal(mail.messages.length, 1);
  t.match(mail.messages[0], { to: ['alice@example.org'], subject: 'Your comment on "population en" is published' });

  // Threads: Bob replies, the operator replies to Bob (published at once), a second thread.
  const r1 = await s.ok('comment_create', { package_id: ds.id, parent_id: c1.id, body: 'Agreed' }, bob.token);
  await s.ok('comment_approve', { id: r1.id }, op.token);
  const r2 = await s.ok(
    'comment_create',
    { package_id: ds.id, parent_id: r1.id, body: 'It is planned for June' },
    op.token,
  );
  t.equal(r2.status, 'approved', "an operator's comment is published at once");
  clock.advance(60_000);
  const c2 = await s.ok('comment_create', { package_id: ds.id, body: 'Spam spam' }, bob.token);
  t.equal(
    (await s.call('comment_create', { package_id: ds.id, parent_id: c2.id, body: 'x' }, { token: alice.token })).status,
    409,
    'no reply to an unpublished comment',
  );
  const rejected = await s.ok('comment_reject', { id: c2.id, reason: 'advertising' }, op.token);
  t.match(rejected, { status: 'rejected', reason: 'advertising' });
  const bobInbox = await s.ok('notification_list', {}, bob.token);
  t.match(bobInbox.results.map((n: any) => n.kind).sort(), ['comment_approved', 'comment_rejected']);
  t.match(bobInbox.results.find((n: any) => n.kind === 'comment_rejected').body, /advertising/);
  await scheduler.runDue();
  t.equal(mail.messages.length, 3, 'bob is mailed twice (approved, rejected)');
  t.ok(mail.messages.some((m) => m.to[0] === 'bob@example.org' && /advertising/.test(m.text)));
  t.match(
    await s.ok('comment_show', { id: c2.id }, bob.token),
    { status: 'rejected', reason: 'advertising' },
    'bob sees why',
  );

  const list = await s.ok('comment_list', { package_id: 'population' }, null);
  t.equal(list.count, 1);
  t.match(list.results, [
    {
      id: c1.id,
      body: 'Please add 2024 data',
      replies: [{ id: r1.id, author: 'bob', replies: [{ id: r2.id, author: 'op', replies: [] }] }],
    },
  ]);

  // Paging over threads.
  for (let i = 0; i < 3; i++) {
    clock.advance(1000);
    await s.ok('comment_create', { package_id: ds.id, body: `thread ${i}` }, op.token);
  }
  const page = await s.ok('comment_list', { package_id: 'population', limit: 2, offset: 1 }, null);
  t.equal(page.count, 4);
  t.same(
    page.results.map((c: any) => c.body),
    ['thread 0', 'thread 1'],
  );

  // Anonymous comment: name and e-mail kept for the moderators only.
  const anonBad = await s.call('comment_create', { package_id: ds.id, body: 'hi' }, { token: null });
  t.equal(anonBad.status, 409, 'anonymous comments need a name and an e-mail');
  const anon = await s.ok(
    'comment_create',
    {
      package_id: ds.id,
      body: 'From a citizen',
      author_name: 'Zarina Secretova',
      author_email: 'zarina@secret.example',
    },
    null,
  );
  t.match(anon, { status: 'pending', anonymous: true, author: null });
  const anonQueue = await s.ok('comment_list', { status: 'pending' }, op.token);
  t.match(
    anonQueue.results.find((c: any) => c.id === anon.id),
    { author_name: 'Zarina Secretova', author_email: 'zarina@secret.example' },
  );
  const mailed = mail.messages.length;
  await s.ok('comment_approve', { id: anon.id }, op.token);
  await scheduler.runDue();
  t.match(
    mail.messages.slice(mailed),
    [{ to: ['zarina@secret.example'], subject: /population/ }],
    'the anonymous writer is told by e-mail, at the address given with the comment',
  );
  const surfaces = [
    await s.call('comment_list', { package_id: ds.id }, { token: null }),
    await s.call('comment_list', { package_id: ds.id }, { token: alice.token }),
    await s.call('comment_show', { id: anon.id }, { token: null }),
    await s.call('comment_show', { id: anon.id }, { token: bob.token }),
    await s.call('package_show', { id: ds.id }, { token: null }),
    await s.call('package_search', { q: 'Zarina' }, { token: null }),
  ];
  t.ok(JSON.stringify(surfaces[0].body).includes('From a citizen'), 'the anonymous comment is published');
  for (const r of surfaces) {
    t.equal(r.status, 200);
    t.notMatch(
      JSON.stringify(r.body),
      /Zarina|secret\.example/,
      'no name or e-mail of an anonymous writer in public answers',
    );
  }
  const ttl = await (await fetch(`${s.url}/dataset/population`, { headers: { Accept: 'text/turtle' } })).text();
  t.notMatch(ttl, /Zarina|secret\.example/, 'nor in the DCAT document');

  // Anonymous comments can be switched off.
  s.config.comments.anonymous = false;
  t.equal(
    (
      await s.call(
        'comment_create',
        { package_id: ds.id, body: 'x', author_name: 'A', author_email: 'a@b.cd' },
        { token: null },
      )
    ).status,
    403,
  );
  s.config.comments.anonymous = true;

  // Private and deactivated datasets: their comments are refused like the dataset.
  const pc = await s.ok('comment_create', { package_id: priv.id, body: 'internal note' }, op.token);
  for (const tok of [null, alice.token]) {
    t.equal((await s.call('comment_list', { package_id: priv.id }, { token: tok })).status, 403);
    t.equal((await s.call('comment_show', { id: pc.id }, { token: tok })).status, 404);
    t.equal(
      (
        await s.call(
          'comment_create',
          { package_id: priv.id, body: 'x', author_name: 'A', author_email: 'a@b.cd' },
          { token: tok },
        )
      ).status,
      403,
    );
  }
  await s.ok('package_deactivate', { id: ds.id, reason: 'broken' });
  t.equal(
    (await s.call('comment_list', { package_id: ds.id }, { token: null })).status,
    403,
    "a deactivated dataset's comments are hidden",
  );
  t.equal((await s.call('comment_show', { id: c1.id }, { token: bob.token })).status, 404);
  t.equal((await s.ok('comment_list', { package_id: ds.id }, op.token)).count, 5, 'operators still read them');
  await s.ok('package_activate', { id: ds.id });

  // Deleting: the author or an operator; the thread's replies go with it.
  t.equal((await s.call('comment_delete', { id: c1.id }, { token: bob.token })).status, 403, 'not the author');
  t.equal((await s.call('comment_delete', { id: c1.id }, { token: null })).status, 403);
  await s.ok('comment_delete', { id: c1.id }, alice.token);
  const after = await s.ok('comment_list', { package_id: ds.id }, null);
  t.equal(after.count, 4);
  t.notOk(JSON.stringify(after).includes('Agreed'), 'replies leave with their thread');
  await s.ok('comment_delete', { id: anon.id }, op.token);
  const erased = await s.pasport.services.db
    .selectFrom('comment')
    .selectAll()
    .where('id', '=', anon.id)
    .executeTakeFirstOrThrow();
  t.match(
    erased,
    { status: 'deleted', body: '', author_name: null, author_email: null },
    'a deleted comment keeps no personal data',
  );
  t.equal((await s.call('comment_show', { id: c1.id }, { token: alice.token })).status, 404);

  // A chain of replies written within one clock tick: each reply shares its parent's timestamp, and
  // random ids order some children before their parents; every level is still shown.
  const other = await s.ok('package_create', passport('chain-ds', 'stat'));
  let parent = await s.ok('comment_create', { package_id: other.id, body: 'level 0' }, op.token);
  for (let i = 1; i <= 12; i++)
    parent = await s.ok('comment_create', { package_id: other.id, parent_id: parent.id, body: `level ${i}` }, op.token);
  let node = (await s.ok('comment_list', { package_id: other.id }, null)).results[0];
  let depth = 0;
  while (node.replies.length) {
    node = node.replies[0];
    depth++;
  }
  t.equal(depth, 12, 'twelve nested replies of one instant, all shown');
});
