// The legal clocks of a forwarded request, driven by a ManualClock and the scheduler: 5 working days
// without an answer flag it (response) and escalate it to the organization and the operators; 30
// calendar days without publication flag it again (publish). Each notice once; a late refusal is
// recorded as answered late; the statistics count both.
import t from 'tap';
import { portal } from './setup.ts';
import { requestStatistics } from '../../src/requests/stats.ts';

t.test('overdue requests are flagged and escalated by the daily sweep', async (t) => {
  const p = await portal(t);
  const { s, clock } = p;
  const open = async (title: string) => {
    const r = await s.ok('request_create', { title, email: 'citizen@example.net' }, null);
    await s.ok('request_publish_for_voting', { id: r.id }, p.olga.token);
    await s.ok('request_vote', { id: r.id }, p.vic.token);
    await s.ok('request_vote', { id: r.id }, p.rita.token);
    return (await s.ok('request_forward', { id: r.id, organization: 'stat' }, p.olga.token)) as {
      id: string;
      refuse_due: string;
      publish_due: string;
    };
  };
  const a = await open('Air quality sensors');
  const b = await open('Hospital beds');
  t.match(a, { refuse_due: '2025-10-13', publish_due: '2025-11-05' });
  const kinds = async (u: { token: string }) => (await p.inbox(u)).filter((n) => n.kind === 'request_overdue');

  // The sweep runs daily at 08:30 Tashkent (03:30 UTC). On the due day nothing is late yet.
  clock.set('2025-10-13T04:00:00Z');
  await p.scheduler.runDue();
  t.same(await kinds(p.ada), [], 'on refuse_due itself nothing is overdue');
  t.equal((await s.ok('request_show', { id: a.id }, null)).overdue, false);

  // Tuesday 14 October: the 5 working days have passed without an answer.
  clock.set('2025-10-14T04:00:00Z');
  await p.scheduler.runDue();
  const shown = await s.ok('request_show', { id: a.id }, null);
  t.match(shown, { overdue: true, response_overdue_at: '2025-10-14T04:00:00', publish_overdue_at: null });
  for (const u of [p.eddie, p.ada, p.olga]) {
    const n = await kinds(u);
    t.equal(n.length, 2, "the organization's editors and admins and the operators: one notice per request");
    t.match(n[0], {
      subject: /^Просрочен запрос на данные: «(Air quality sensors|Hospital beds)» \(Статистика\)$/,
      body: /нет ответа в срок для отказа/,
    });
  }
  t.match((await p.mailsTo('ada@example.org')).filter((m) => /Просрочен/.test(m.subject)).length, 2, 'and by e-mail');
  t.match((await p.mailsTo('olga@example.org')).filter((m) => /Просрочен/.test(m.subject)).length, 2);
  t.equal(
    (await s.ok('request_list', { status: 'forwarded' }, null)).results.filter((r: any) => r.overdue).length,
    2,
    'the flag is public',
  );

  // A repeated sweep (next day) adds nothing; a late refusal is recorded as late.
  clock.set('2025-10-15T04:00:00Z');
  await p.scheduler.runDue();
  t.equal((await kinds(p.ada)).length, 2, 'each escalation once');
  t.match(await s.ok('request_refuse', { id: b.id, reason: 'too late to refuse' }, p.eddie.token), {
    status: 'refused',
    answered_in_time: false,
  });

  // 30 calendar days: not published by 5 November → flagged again on the 6th.
  clock.set('2025-11-05T05:00:00Z');
  await p.scheduler.runDue();
  t.equal((await s.ok('request_show', { id: a.id }, null)).publish_overdue_at, null);
  clock.set('2025-11-06T05:00:00Z');
  await p.scheduler.runDue();
  t.match(await s.ok('request_show', { id: a.id }, null), { overdue: true, publish_overdue_at: '2025-11-06T05:00:00' });
  const last = (await kinds(p.olga)).at(-1)!;
  t.match(last, { subject: /Air quality sensors/, body: /данные не опубликованы в срок/ });
  t.match(last.body, /2025-11-05; просрочка, дней: 1/);
  t.equal((await kinds(p.olga)).length, 3, 'the refused request is not escalated again');

  const ctx = { db: s.pasport.services.db } as never;
  t.match(await requestStatistics(ctx), {
    by_status: { forwarded: 1, refused: 1 },
    total: 2,
    answered_in_time: 0,
    answered_late: 1,
    overdue_open: 1,
    most_voted: [{ votes: 2 }, { votes: 2 }],
    by_organization: [{ name: 'stat', forwarded: 2, in_time: 0, late: 1 }],
  });
});
