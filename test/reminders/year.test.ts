// A year of update control over a seeded catalogue, with two app instances on one PostgreSQL database
// (one of them restarted mid-year) running the scheduler every morning: every reminder, overdue notice
// and escalation arrives exactly once, on the day hand-computed from the Uzbek 2026 calendar, in the
// inbox, in a real SMTP server's mailbox and as webhook deliveries with valid signatures.
import t from 'tap';
import { startServer, type TestServer } from '../helpers/server.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { startReceiver } from '../helpers/webhook.ts';
import { makeStructure } from '../helpers/fixtures.ts';
import { ManualClock } from '../../src/clock.ts';
import { loadConfig } from '../../src/config.ts';
import { buildApp, type Pasport } from '../../src/app.ts';
import type { Scheduler } from '../../src/scheduler/service.ts';

const DAY = 86400000;
// Uzbekistan's days off on weekdays in 2026 (src/calendar/holidays.json), written out to count digests.
const HOLIDAYS_2026 = [
  '2026-01-01',
  '2026-03-09',
  '2026-03-20',
  '2026-03-23',
  '2026-05-11',
  '2026-05-27',
  '2026-09-01',
  '2026-10-01',
  '2026-12-08',
];

function workingDaysFrom(from: string, to: string): number {
  let n = 0;
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY) {
    const d = new Date(t);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6 && !HOLIDAYS_2026.includes(d.toISOString().slice(0, 10))) n++;
  }
  return n;
}

function passport(name: string, extra: Record<string, unknown>) {
  return {
    name,
    owner_org: 'stat',
    provision: 'automatic',
    resources: [{ url: `http://example.org/${name}.csv` }],
    title_translated: { uz: `${name} uz`, 'uz-Cyrl': `${name} ўз`, ru: `${name} ру`, en: `${name} en` },
    notes_translated: { uz: 'Tavsif' },
    ...extra,
  };
}

// Updates each passport's system reports (package_data_updated), at noon Tashkent time of these days.
const UPDATES: Record<string, string[]> = {
  // Monthly on the 10th, always updated on the 3rd: never reminded, never late.
  p1: ['01-03', '02-03', '03-03', '04-03', '05-03', '06-03', '07-03', '08-03', '09-03', '10-03', '11-03', '12-03'],
  // Monthly on the 10th, never updated: the first deadline (10 January is a Saturday: Monday 12) stays due.
  p2: [],
  // Quarterly on 20 March/June/September/December: March's moves to Tuesday 24 (20, 21, 23 are days
  // off); updated late on 30 March (which meets June's deadline too), then never again.
  p3: ['03-30', '06-15'],
  // Annual on 30 June, updated early in May.
  p4: ['05-20'],
  // Monthly on the 25th, updated the day after each reminder in January and February, then never.
  p5: ['01-23', '02-24'],
};

// [kind, passport, deadline, day the notice is written]
const EXPECTED: [string, string, string, string][] = [
  ['update_reminder', 'p2', '2026-01-12', '2026-01-08'],
  ['update_overdue', 'p2', '2026-01-12', '2026-01-13'],
  ['update_escalation', 'p2', '2026-01-12', '2026-01-15'],
  ['update_reminder', 'p5', '2026-01-26', '2026-01-22'],
  ['update_reminder', 'p5', '2026-02-25', '2026-02-23'],
  ['update_reminder', 'p3', '2026-03-24', '2026-03-18'],
  ['update_reminder', 'p5', '2026-03-25', '2026-03-19'],
  ['update_overdue', 'p3', '2026-03-24', '2026-03-25'],
  ['update_overdue', 'p5', '2026-03-25', '2026-03-26'],
  ['update_escalation', 'p3', '2026-03-24', '2026-03-27'],
  ['update_escalation', 'p5', '2026-03-25', '2026-03-30'],
  ['update_reminder', 'p3', '2026-09-21', '2026-09-17'],
  ['update_overdue', 'p3', '2026-09-21', '2026-09-22'],
  ['update_escalation', 'p3', '2026-09-21', '2026-09-24'],
];

async function secondInstance(s: TestServer, clock: ManualClock): Promise<Pasport> {
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: s.config.databaseUrl!,
    SMTP_URL: s.config.mail.smtpUrl!,
    PASPORT_SPARQL: 'false',
    PASPORT_REMINDER_DAYS: '2',
    PASPORT_ESCALATION_DAYS: '3',
    PASPORT_SCHEDULER_INTERVAL: '0',
    LOG_LEVEL: 'warn',
  } as NodeJS.ProcessEnv);
  return buildApp(config, { clock, logger: false });
}

t.test('a year of reminders, overdue notices and escalations, each once', async (t) => {
  const clock = new ManualClock('2025-12-31T12:00:00Z');
  const mail = await startSmtp(t);
  const rx = await startReceiver(t);
  const s = await startServer(t, {
    clock,
    env: {
      SMTP_URL: mail.url,
      PASPORT_SPARQL: 'false',
      PASPORT_REMINDER_DAYS: '2',
      PASPORT_ESCALATION_DAYS: '3',
      PASPORT_SCHEDULER_INTERVAL: '0',
    },
  });
  let b = await secondInstance(s, clock);
  t.teardown(() => b.close());

  await makeStructure(s, '2');
  await s.ok('organization_create', { name: 'stat', title: 'STAT', code: '001', structure: '2' });
  await s.ok('organization_member_delete', { id: 'stat', username: 'admin' });
  const editor = await s.user('editor');
  const orgAdmin = await s.user('orgadmin');
  const op = await s.user('operator', { operator: true });
  await s.ok('member_create', { id: 'stat', object: 'editor', object_type: 'user', capacity: 'editor' });
  await s.ok('member_create', { id: 'stat', object: 'orgadmin', object_type: 'user', capacity: 'admin' });
  await s.ok('notification_preferences_update', { language: 'en' }, editor.token);
  const admHook = (
    await s.ok(
      'notification_preferences_update',
      { language: 'ru', email: false, webhook_url: `${rx.url}/orgadmin` },
      orgAdmin.token,
    )
  ).webhook_secret;
  const opHook = (
    await s.ok('notification_preferences_update', { language: 'uz-Cyrl', webhook_url: `${rx.url}/operator` }, op.token)
  ).webhook_secret;

  const ids: Record<string, string> = {};
  ids.p1 = (
    await s.ok('package_create', passport('p1', { update_frequency: 'monthly', update_schedule: { day: 10 } }))
  ).id;
  ids.p2 = (
    await s.ok('package_create', passport('p2', { update_frequency: 'monthly', update_schedule: { day: 10 } }))
  ).id;
  ids.p3 = (
    await s.ok(
      'package_create',
      passport('p3', { update_frequency: 'quarterly', update_schedule: { month: 3, day: 20 } }),
    )
  ).id;
  ids.p4 = (
    await s.ok('package_create', passport('p4', { update_frequency: 'annual', update_schedule: { month: 6, day: 30 } }))
  ).id;
  ids.p5 = (
    await s.ok('package_create', passport('p5', { update_frequency: 'monthly', update_schedule: { day: 25 } }))
  ).id;
  const nameOf = new Map(Object.entries(ids).map(([k, v]) => [v, k]));

  const runBoth = async () => {
    const [x, y] = await Promise.all([
      (s.pasport.services.extensions.scheduler as Scheduler).runDue(),
      (b.services.extensions.scheduler as Scheduler).runDue(),
    ]);
    return { done: x.done + y.done, lost: x.lost + y.lost, failed: x.failed + y.failed };
  };
  let jobsA = 0;
  let failed = 0;
  for (let t0 = Date.parse('2026-01-01T00:00:00Z'); t0 < Date.parse('2027-01-01T00:00:00Z'); t0 += DAY) {
    const day = new Date(t0).toISOString().slice(0, 10);
    if (day === '2026-07-01') {
      // A restart mid-year: the second instance goes away and a fresh one takes its place.
      await b.close();
      b = await secondInstance(s, clock);
    }
    clock.set(`${day}T03:00:30Z`); // 08:00:30 in Tashkent, just after the sweep's slot
    const r = await runBoth();
    jobsA += r.done;
    failed += r.failed;
    clock.set(`${day}T07:00:00Z`);
    for (const [p, days] of Object.entries(UPDATES)) {
      if (days.includes(day.slice(5)))
        await s.ok('package_data_updated', { id: ids[p], note: `data of ${day}` }, editor.token);
    }
  }
  t.equal(failed, 0, 'no job failed');
  t.ok(jobsA > 365, `${jobsA} jobs ran`);

  // The inbox: each notice once, on its day, to the right people.
  const inbox = async (token: string) => {
    const out: any[] = [];
    for (let offset = 0; ; offset += 100) {
      const page = await s.ok('notification_list', { limit: 100, offset }, token);
      out.push(...page.results);
      if (out.length >= page.count) return out;
    }
  };
  const keyOf = (n: any) => [n.kind, nameOf.get(n.dataset?.id), n.data.deadline, n.created.slice(0, 10)].join(' ');
  const expectFor = (kinds: string[]) =>
    EXPECTED.filter(([k]) => kinds.includes(k))
      .map((e) => e.join(' '))
      .sort();
  const edNotices = await inbox(editor.token);
  t.same(
    edNotices.map(keyOf).sort(),
    expectFor(['update_reminder', 'update_overdue']),
    'the editor: reminders and overdue notices',
  );
  const admNotices = await inbox(orgAdmin.token);
  t.same(
    admNotices.map(keyOf).sort(),
    expectFor(['update_reminder', 'update_overdue', 'update_escalation']),
    "the organization's admin: those and the escalations",
  );
  const opNotices = await inbox(op.token);
  const digests = opNotices.filter((n) => n.kind === 'operator_digest');
  t.same(
    opNotices
      .filter((n) => n.kind !== 'operator_digest')
      .map(keyOf)
      .sort(),
    expectFor(['update_escalation']),
    'the operator: escalations',
  );
  const digestDays = digests.map((n) => n.created.slice(0, 10));
  t.equal(new Set(digestDays).size, digests.length, 'one digest a day');
  t.equal(digests.length, workingDaysFrom('2026-01-13', '2026-12-31'), 'on every working day with an overdue dataset');
  t.notOk(
    digestDays.includes('2026-01-12') || digestDays.includes('2026-03-21') || digestDays.includes('2026-03-23'),
    'none before the first overdue day nor on days off',
  );

  // What the notices say.
  const reminder = edNotices.find((n) => keyOf(n) === 'update_reminder p2 2026-01-12 2026-01-08');
  t.match(reminder, { subject: 'Reminder: update "p2 en" by 2026-01-12', due_date: '2026-01-12', language: 'en' });
  t.match(reminder.body, /\(2-001-0002\) must be updated by 2026-01-12: 2 working day\(s\) left/);
  const overdue = admNotices.find((n) => keyOf(n) === 'update_overdue p3 2026-03-24 2026-03-25');
  t.match(overdue, { subject: 'Просрочено: «p3 ру», срок 2026-03-24', due_date: '2026-03-26' });
  t.match(overdue.expected, /не позднее 2026-03-26/);
  const escalation = opNotices.find((n) => keyOf(n) === 'update_escalation p5 2026-03-25 2026-03-30');
  t.match(escalation.subject, /^Эскалация: “p5 ўз” \(STAT\), кечиккан иш кунлари: 3$/);
  t.equal(escalation.due_date, '2026-03-31', 'the operator is expected to act by the next working day');
  const lastDigest = digests.find((n) => n.created.startsWith('2026-12-31'));
  t.match(lastDigest.body, /2-001-0002 p2 ўз \(STAT\): 2026-01-12 \(\+353\)/);
  t.match(lastDigest.body, /2-001-0003 p3 ўз \(STAT\): 2026-09-21 \(\+101\)/);

  // The mailbox: the editor's notices and the operator's, each once (the org admin chose webhooks only).
  const mailsTo = (addr: string) => mail.messages.filter((m) => m.to.includes(addr));
  t.equal(mailsTo('editor@example.org').length, edNotices.length, "every one of the editor's notices by e-mail");
  t.equal(mailsTo('operator@example.org').length, opNotices.length);
  t.equal(mailsTo('orgadmin@example.org').length, 0);
  t.equal(new Set(mail.messages.map((m) => m.messageId)).size, mail.messages.length, 'no mail twice');
  t.same(new Set(mailsTo('editor@example.org').map((m) => m.subject)), new Set(edNotices.map((n) => n.subject)));

  // The webhooks: one valid signed delivery per notice.
  for (const [path, secret, notices] of [
    ['/orgadmin', admHook, admNotices],
    ['/operator', opHook, opNotices],
  ] as const) {
    const got = rx.received.filter((r) => r.path === path);
    t.equal(got.length, notices.length, `${path}: one delivery per notice`);
    t.ok(
      got.every((r) => rx.validSignature(r, secret)),
      `${path}: every signature valid`,
    );
    t.same(
      new Set(got.map((r) => r.json.notification.id)),
      new Set(notices.map((n) => n.id)),
      `${path}: each notice delivered`,
    );
  }
});
