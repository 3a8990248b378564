// (Shared by flow.test.ts on PostgreSQL and flow-embedded.test.ts on PGlite.)
// Feedback end to end over HTTP: feedback → forward → answer; → extend; → overdue (escalated); a late
// forwarding is recorded. Every notice each party receives is read in the inbox and on the SMTP server.
import type { Test } from 'tap';
import { portal } from '../requests/setup.ts';
import { passport } from '../helpers/fixtures.ts';
import { feedbackStatistics } from '../../src/feedback/stats.ts';

export async function feedbackFlows(t: Test, embedded: boolean) {
  const p = await portal(t, { embedded });
  const { s, clock } = p;
  const ds = await s.ok('package_create', passport('tariffs', 'stat'));
  const priv = await s.ok('package_create', { ...passport('internal', 'stat'), private: true });

  // feedback → forward → answer
  const f1 = await s.ok(
    'feedback_create',
    {
      message: 'The March file is empty',
      name: 'Timur',
      email: 'timur@example.net',
      package: 'tariffs',
      language: 'uz',
    },
    null,
  );
  t.match(f1, { status: 'new', forward_due: '2025-10-07' });
  t.equal(
    (await s.call('feedback_create', { message: 'x', email: 'a@example.net', package: priv.id }, { token: null }))
      .status,
    409,
    'a private dataset is unknown to the sender',
  );
  for (const u of [p.olga, p.eddie, p.ada]) {
    t.match((await p.inbox(u)).at(-1), {
      kind: 'feedback_new',
      subject: `Новое обращение по «tariffs ру» (F-${f1.id.slice(0, 8)})`,
      body: /The March file is empty/,
      due_date: '2025-10-07',
    });
  }
  t.match((await p.mailsTo('eddie@example.org')).at(-1), { subject: /Новое обращение/ });
  t.equal(
    (await s.call('feedback_show', { id: f1.id }, { token: null })).status,
    403,
    'anonymous callers read no feedback',
  );
  t.equal((await s.call('feedback_show', { id: f1.id }, { token: p.vic.token })).status, 403);
  t.equal((await s.call('feedback_list', {}, { token: p.vic.token })).status, 403);
  t.match(await s.ok('feedback_show', { id: f1.id }, p.olga.token), {
    sender: { name: 'Timur', email: 'timur@example.net' },
  });
  const byOrg = await s.ok('feedback_show', { id: f1.id }, p.eddie.token);
  t.same(byOrg.sender, { name: 'Timur', erased_at: null }, 'the organization sees the name, not the address or IP');
  t.equal(
    (await s.call('feedback_answer', { id: f1.id, answer: 'x' }, { token: p.eddie.token })).status,
    403,
    'the organization answers once it is forwarded',
  );
  t.equal((await s.call('feedback_forward', { id: f1.id }, { token: p.eddie.token })).status, 403, 'operators forward');

  clock.advance(3600000);
  t.match(await s.ok('feedback_forward', { id: f1.id }, p.olga.token), {
    status: 'forwarded',
    forwarded_late: false,
    answer_due: '2025-10-21',
    organization: { name: 'stat' },
  });
  t.match((await p.inbox(p.eddie)).at(-1), {
    kind: 'feedback_forwarded',
    due_date: '2025-10-21',
    body: /Статистика[\s\S]*The March file is empty/,
  });
  clock.advance(2 * 86400000);
  const ans = await s.ok('feedback_answer', { id: f1.id, answer: 'Fixed: the file is re-uploaded.' }, p.eddie.token);
  t.match(ans, { status: 'answered', answer: 'Fixed: the file is re-uploaded.', answered_in_time: true });
  t.match(
    await p.mailsTo('timur@example.net'),
    [{ subject: `Murojaatingizga javob (F-${f1.id.slice(0, 8)})`, text: /Fixed: the file is re-uploaded\./ }],
    'the answer is e-mailed to the sender, in Uzbek',
  );
  t.match(await s.ok('feedback_show', { id: f1.id }, p.olga.token), {
    answer: 'Fixed: the file is re-uploaded.',
    status: 'answered',
  });

  // feedback (signed-in sender, forwarded late) → extend → overdue
  const f2 = await s.ok('feedback_create', { message: 'Please add districts', organization: 'stat' }, p.vic.token);
  t.equal(f2.forward_due, '2025-10-09');
  clock.set('2025-10-13T05:00:00Z');
  await p.scheduler.runDue();
  t.match(
    (await p.inbox(p.olga)).filter((n) => n.kind === 'feedback_overdue'),
    [{ body: /не передано поставщику в срок/ }],
    'not forwarded by the next working day: the operators are told',
  );
  t.same(
    (await p.inbox(p.eddie)).filter((n) => n.kind === 'feedback_overdue'),
    [],
    'the organization has nothing to answer yet',
  );
  const fw = await s.ok('feedback_forward', { id: f2.id }, p.olga.token);
  t.match(fw, { forwarded_late: true, answer_due: '2025-10-28' });
  t.equal(
    (await s.call('feedback_extend', { id: f2.id, reason: 'x', until: '2025-11-20' }, { token: p.ada.token })).status,
    409,
    'one month at most',
  );
  const ext = await s.ok('feedback_extend', { id: f2.id, reason: 'We need to ask the regions' }, p.ada.token);
  t.match(ext, { status: 'extended', answer_due: '2025-11-12', extended_reason: 'We need to ask the regions' });
  t.match((await p.inbox(p.vic)).at(-1), {
    kind: 'feedback_extended',
    subject: /needs more time/,
    body: /We need to ask the regions/,
    due_date: '2025-11-12',
  });
  t.match((await p.mailsTo('vic@example.org')).at(-1), { subject: /needs more time/, text: /by 2025-11-12/ });
  clock.set('2025-11-13T05:00:00Z');
  await p.scheduler.runDue();
  t.match(await s.ok('feedback_show', { id: f2.id }, p.olga.token), { overdue: true, status: 'extended' });
  for (const u of [p.eddie, p.ada, p.olga]) {
    t.match((await p.inbox(u)).filter((n) => n.kind === 'feedback_overdue').at(-1), {
      subject: /^Просрочено обращение \(F-.*\): Статистика$/,
      body: /2025-11-12: нет ответа в срок; просрочка, дней: 1/,
    });
  }
  await p.scheduler.runDue();
  t.equal((await p.inbox(p.olga)).filter((n) => n.kind === 'feedback_overdue').length, 2, 'each escalation once');
  t.match(await s.ok('feedback_answer', { id: f2.id, answer: 'Districts added.' }, p.ada.token), {
    answered_in_time: false,
  });
  t.match((await p.inbox(p.vic)).at(-1), { kind: 'feedback_answered', body: /Districts added\./ });
  t.match((await p.mailsTo('vic@example.org')).at(-1), { subject: /Answer to your message/ });

  const list = await s.ok('feedback_list', {}, p.eddie.token);
  t.equal(list.count, 2);
  t.ok(
    list.results.every((r: any) => !('email' in r.sender)),
    'no addresses for the organization',
  );
  t.equal((await s.ok('feedback_list', { status: 'answered' }, p.olga.token)).count, 2);
  t.match(await s.ok('citizen_counters_show', {}, null), { feedback: { registered: 2, answered: 2, in_progress: 0 } });
  t.match(await feedbackStatistics({ db: s.pasport.services.db } as never), {
    by_status: { answered: 2 },
    total: 2,
    forwarded_in_time: 1,
    forwarded_late: 1,
    answered_in_time: 1,
    answered_late: 1,
    by_organization: [{ name: 'stat', received: 2, in_time: 1, late: 1 }],
  });
}
