// Notices reach the inbox in the writer's transaction, in each recipient's language, and leave by
// e-mail (a real SMTP server) and signed webhooks (a loopback receiver) only when the scheduler runs;
// failed deliveries are retried with backoff and logged. The inbox actions page, filter and mark read.
import t from 'tap';
import { startServer } from '../helpers/server.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { startReceiver } from '../helpers/webhook.ts';
import { ManualClock } from '../../src/clock.ts';
import { notify, type Notice } from '../../src/notifications/notify.ts';
import type { Scheduler } from '../../src/scheduler/service.ts';

t.test('inbox, e-mail and webhook delivery', async (t) => {
  const clock = new ManualClock('2025-05-12T05:00:00Z');
  const mail = await startSmtp(t);
  const rx = await startReceiver(t);
  const s = await startServer(t, {
    clock,
    env: { SMTP_URL: mail.url, MAIL_FROM: 'Portal <portal@example.org>' },
    config: { scheduler: { enabled: true, intervalMs: 0 } },
  });
  const scheduler = s.pasport.services.extensions.scheduler as Scheduler;
  const services = s.pasport.services;

  const alice = await s.user('alice');
  const bob = await s.user('bob');
  const carol = await s.user('carol');
  t.match(await s.ok('notification_preferences_show', {}, alice.token), {
    language: 'uz',
    email: true,
    email_address: 'alice@example.org',
    webhook_url: null,
    webhook_secret_set: false,
  });
  await s.ok('notification_preferences_update', { language: 'ru' }, alice.token);
  const bobPrefs = await s.ok(
    'notification_preferences_update',
    { language: 'uz-Cyrl', email: false, webhook_url: `${rx.url}/hook` },
    bob.token,
  );
  t.match(bobPrefs, { language: 'uz-Cyrl', webhook_url: `${rx.url}/hook`, webhook_secret_set: true });
  const secret: string = bobPrefs.webhook_secret;
  t.ok(secret && secret.length >= 32, 'a generated secret is returned once');
  t.notOk('webhook_secret' in (await s.ok('notification_preferences_show', {}, bob.token)), 'and never shown again');
  await s.ok('notification_preferences_update', { muted: ['package_deactivated'] }, carol.token);

  const bad = await s.call(
    'notification_preferences_update',
    { language: 'xx', webhook_url: 'ftp://example.org/x' },
    { token: alice.token },
  );
  t.equal(bad.status, 409);
  t.match(bad.body.error, { __type: 'Validation Error', language: [/one of/], webhook_url: [/valid/] });
  t.equal((await s.call('notification_list', {}, { token: null })).status, 403, 'no anonymous inbox');

  await s.ok('structure_create', { code: '2' });
  await s.ok('organization_create', {
    name: 'stat',
    code: '001',
    structure: '2',
    title_translated: { uz: 'Statistika', ru: 'Статистика', en: 'Statistics' },
  });
  const pkg = await s.ok('package_create', {
    name: 'population',
    owner_org: 'stat',
    title_translated: { uz: 'Aholi soni', 'uz-Cyrl': 'Аҳоли сони', ru: 'Численность населения', en: 'Population' },
  });
  const dataset = {
    id: pkg.id,
    name: pkg.name,
    passport_code: pkg.passport_code,
    title: pkg.title,
    title_translated: pkg.title_translated,
  };
  const deactivated = (userIds: string[], key: string | null = null): Notice => ({
    kind: 'package_deactivated',
    userIds,
    dataset,
    params: { reason: 'broken link', by: '2025-05-15' },
    due: '2025-05-15',
    dedupeKey: key,
  });
  const write = (notices: Notice[]) => services.db.transaction().execute((trx) => notify(trx, services, notices));

  // A transaction that rolls back leaves no notice and sends nothing.
  await t.rejects(
    services.db.transaction().execute(async (trx) => {
      await notify(trx, services, [deactivated([alice.id])]);
      throw new Error('the action failed');
    }),
  );
  t.equal(await write([deactivated([alice.id, bob.id, carol.id], 'k1')]), 3);
  t.equal(
    await write([deactivated([alice.id, bob.id, carol.id], 'k1')]),
    0,
    'a dedupe key admits one notice per recipient',
  );
  t.equal(mail.messages.length + rx.received.length, 0, 'nothing is sent outside the scheduler');

  const aliceList = await s.ok('notification_list', {}, alice.token);
  t.match(aliceList, { count: 1, unread: 1, by_kind: { package_deactivated: 1 } });
  const notice = aliceList.results[0];
  t.match(notice, {
    kind: 'package_deactivated',
    read: false,
    language: 'ru',
    due_date: '2025-05-15',
    created: '2025-05-12T05:00:00',
    subject: 'Деактивирован: «Численность населения»',
    dataset: { id: pkg.id, name: 'population', passport_code: pkg.passport_code },
  });
  t.match(notice.body, /Причина: broken link/);
  t.match(notice.expected, /до 2025-05-15/);
  const bobNotice = (await s.ok('notification_list', {}, bob.token)).results[0];
  t.equal(bobNotice.subject, 'Фаолсизлантирилди: “Аҳоли сони”', 'Uzbek Cyrillic for bob');
  t.match(
    (await s.ok('notification_list', {}, carol.token)).results[0].subject,
    /^Faolsizlantirildi: “Aholi soni”/,
    'the portal language (uz) by default',
  );

  t.match(
    await scheduler.runDue(),
    { done: 2, retried: 0 },
    'one e-mail (alice) and one webhook (bob); carol muted the kind',
  );
  t.equal(mail.messages.length, 1);
  t.match(mail.messages[0], { to: ['alice@example.org'], subject: 'Деактивирован: «Численность населения»' });
  t.match(mail.messages[0].text, /Причина: broken link[\s\S]*до 2025-05-15[\s\S]*\/dataset\/population/);
  t.equal(rx.received.length, 1);
  const hook = rx.received[0];
  t.ok(rx.validSignature(hook, secret), 'the webhook is signed with the secret');
  t.notOk(rx.validSignature(hook, 'another-secret-of-some-length'), 'and not with another');
  t.match(hook.json, {
    event: 'package_deactivated',
    notification: {
      kind: 'package_deactivated',
      language: 'uz-Cyrl',
      due_date: '2025-05-15',
      data: { dataset: { name: 'population' } },
    },
  });
  t.equal(hook.headers['x-pasport-event'], 'package_deactivated');
  t.equal(hook.headers['x-pasport-timestamp'], String(Math.floor(clock.now().getTime() / 1000)));
  t.match(await scheduler.runDue(), { done: 0 }, 'each delivery once');
  t.equal((await s.ok('notification_list', {}, carol.token)).count, 1, 'a muted kind still reaches the inbox');

  // Failed deliveries are retried with backoff; the delivery log shows every attempt's outcome.
  rx.failNext(1);
  mail.refuseNext(1);
  await write([{ ...deactivated([alice.id, bob.id], 'k2'), kind: 'package_activated', due: null }]);
  t.match(await scheduler.runDue(), { retried: 2, done: 0 });
  const pending = await s.ok('notification_delivery_list', { state: 'pending' }, bob.token);
  t.match(pending, {
    count: 1,
    results: [{ channel: 'webhook', target: `${rx.url}/hook`, attempts: 1, last_status: 503, last_error: /503/ }],
  });
  t.equal((await s.ok('notification_delivery_list', {}, bob.token)).count, 2, 'bob sees his own deliveries only');
  clock.advance(60000);
  t.match(await scheduler.runDue(), { done: 2 });
  const sent = await s.ok(
    'notification_delivery_list',
    { notification_id: pending.results[0].notification_id },
    bob.token,
  );
  t.match(sent.results, [
    { state: 'sent', attempts: 2, last_status: 204, last_error: null, delivered_at: '2025-05-12T05:01:00' },
  ]);
  const attempts = rx.received.filter((r) => r.headers['x-pasport-delivery'] === pending.results[0].id);
  t.same(
    attempts.map((r) => r.status),
    [503, 204],
    'the same delivery id on the retry',
  );
  t.ok(attempts.every((r) => rx.validSignature(r, secret)));
  t.equal(mail.messages.length, 2);
  t.equal(mail.messages[1].subject, 'Активирован: «Численность населения»');
  const all = await s.ok('notification_delivery_list', { user_id: alice.id });
  t.same(
    all.results.map((d: any) => `${d.channel} ${d.state} ${d.attempts} ${d.target}`).sort(),
    ['email sent 1 alice@example.org', 'email sent 2 alice@example.org'],
    "sysadmins read anyone's log",
  );

  // Paging, filters, read state.
  for (let i = 0; i < 25; i++) {
    clock.advance(1000);
    await write([{ ...deactivated([alice.id], `p${i}`), params: { reason: `r${i}`, by: '2025-05-20' } }]);
  }
  await scheduler.runDue();
  const page1 = await s.ok('notification_list', { limit: 10 }, alice.token);
  t.match(page1, { count: 27, unread: 27 });
  t.equal(page1.results.length, 10);
  t.match(page1.results[0].body, /r24$/, 'newest first');
  const page3 = await s.ok('notification_list', { limit: 10, offset: 20 }, alice.token);
  t.equal(page3.results.length, 7);
  t.same(
    new Set(
      [
        ...page1.results,
        ...(await s.ok('notification_list', { limit: 10, offset: 10 }, alice.token)).results,
        ...page3.results,
      ].map((n: any) => n.id),
    ).size,
    27,
    'pages do not overlap',
  );
  t.equal((await s.ok('notification_list', { kind: 'package_activated' }, alice.token)).count, 1);
  t.equal((await s.call('notification_list', { kind: 'nonsense' }, { token: alice.token })).status, 409);
  t.equal((await s.ok('notification_list', { since: '2025-05-12T05:01:10' }, alice.token)).count, 16);

  const first = page1.results[0];
  t.match(await s.ok('notification_show', { id: first.id, mark_read: true }, alice.token), {
    id: first.id,
    read: true,
    read_at: clock.now().toISOString().replace('Z', ''),
  });
  t.equal(
    (await s.call('notification_show', { id: first.id }, { token: bob.token })).status,
    404,
    "another user's notice is not found",
  );
  t.match(await s.ok('notification_mark_read', { id: page1.results.slice(1, 4).map((n: any) => n.id) }, alice.token), {
    updated: 3,
    unread: 23,
  });
  t.match(
    await s.ok('notification_mark_read', { id: page1.results[1].id }, bob.token),
    { updated: 0 },
    "nobody marks another's notices",
  );
  t.equal((await s.ok('notification_list', { unread: true }, alice.token)).count, 23);
  t.match(await s.ok('notification_mark_read', { id: first.id, unread: true }, alice.token), {
    updated: 1,
    unread: 24,
  });
  t.match(await s.ok('notification_mark_read', { all: true }, alice.token), { updated: 24, unread: 0 });
  t.match(await s.ok('notification_unread_count', {}, bob.token), {
    unread: 2,
    by_kind: { package_deactivated: 1, package_activated: 1 },
  });
  t.equal((await s.call('notification_mark_read', {}, { token: alice.token })).status, 409, 'id or all is required');
});
