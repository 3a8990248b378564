// Dataset requests end to end over HTTP: request → voting → forward → accept (the passport linked) and
// → refuse, with every notice each party receives, read in the inbox and on a real SMTP server.
import t from 'tap';
import { portal, type Portal } from './setup.ts';
import { passport } from '../helpers/fixtures.ts';

async function confirmLink(p: Portal, address: string): Promise<string> {
  const mails = await p.mailsTo(address);
  const m = mails.find((x) => /Confirm|Подтвердите/.test(x.subject));
  const link = m?.text.match(/http:\/\/\S+\/requests\/vote\/confirm\?token=\S+/)?.[0];
  if (!link) throw new Error(`no confirmation link for ${address}: ${JSON.stringify(mails)}`);
  return link;
}

t.test('request → voting → forward → accept, and → refuse', async (t) => {
  const p = await portal(t);
  const { s } = p;

  // A signed-in requester and an anonymous one (Kazakh texts for her mail).
  const r1 = await s.ok(
    'request_create',
    {
      title: 'Bus stops of Tashkent',
      description: 'All stops with coordinates',
      intended_use: 'a route app',
      organization: 'stat',
    },
    p.rita.token,
  );
  t.match(r1, {
    status: 'new',
    votes: 0,
    organization: { name: 'stat' },
    history: [{ from_status: null, to_status: 'new' }],
  });
  t.match(r1.requester, { user_id: p.rita.id, email: null }, 'the requester sees her own request with its contact');
  p.clock.advance(60000);
  const anon = await s.call(
    'request_create',
    { title: 'School meals budget', name: 'Anna K', email: 'Anna@Example.net', language: 'kk' },
    { token: null },
  );
  t.equal(anon.status, 200);
  const r2 = anon.body.result;
  t.notOk('requester' in r2, 'an anonymous caller is shown no contact details, not even her own');
  t.equal(
    (await s.call('request_create', { title: 'x' }, { token: null })).body.error.email[0],
    'Missing value',
    'anonymous requesters give an e-mail address',
  );
  t.equal((await s.call('request_create', { title: 'x', email: 'not-an-address' }, { token: null })).status, 409);

  t.same(
    (await p.inbox(p.olga)).map((n) => n.kind),
    ['request_new', 'request_new'],
    'operators hear of each new request',
  );
  t.match(await p.inbox(p.rita), [
    { kind: 'request_status', subject: 'Ваш запрос «Bus stops of Tashkent»: зарегистрирован' },
  ]);
  t.match(
    await p.mailsTo('anna@example.net'),
    [{ subject: '«School meals budget» сұранысыңыз: тіркелді' }],
    'the anonymous requester is mailed, in Kazakh',
  );
  t.match(
    await p.mailsTo('rita@example.org'),
    [{ subject: 'Ваш запрос «Bus stops of Tashkent»: зарегистрирован' }],
    'and the signed-in one too',
  );

  // Before publication: operators and the requester only.
  t.equal((await s.call('request_show', { id: r1.id }, { token: null })).status, 403);
  t.equal((await s.call('request_show', { id: r1.id }, { token: p.vic.token })).status, 403);
  t.equal((await s.ok('request_list', {}, p.vic.token)).count, 0);
  t.equal((await s.ok('request_list', {}, p.olga.token)).count, 2);
  t.equal(
    (await s.call('request_publish_for_voting', { id: r1.id }, { token: p.eddie.token })).status,
    403,
    'only operators publish',
  );
  t.equal(
    (await s.call('request_vote', { id: r1.id }, { token: p.vic.token })).status,
    403,
    'an unpublished request is not open to votes',
  );

  p.clock.advance(60000);
  await s.ok('request_publish_for_voting', { id: r1.id }, p.olga.token);
  await s.ok('request_publish_for_voting', { id: r2.id }, p.olga.token);
  t.match((await p.inbox(p.rita)).at(-1), { kind: 'request_status', subject: /опубликован для голосования/ });
  t.match((await p.mailsTo('anna@example.net')).at(-1), { subject: /дауыс беруге жарияланды/ });

  // Votes: one per signed-in user, one per confirmed address.
  t.match(await s.ok('request_vote', { id: r1.id }, p.vic.token), { votes: 1, voted: true });
  const again = await s.call('request_vote', { id: r1.id }, { token: p.vic.token });
  t.equal(again.status, 409, 'one vote per user');
  t.match(again.body.error, { id: [/already voted/] }, 'and says why');
  t.equal((await s.ok('request_show', { id: r1.id }, p.vic.token)).votes, 1, 'the refused vote was not counted');
  for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid'])
    t.equal((await s.call('request_vote', { id }, { token: p.vic.token })).status, 404, `an unknown request (${id})`);
  t.match(await s.ok('request_vote', { id: r1.id, email: 'voter@example.net', language: 'en' }, null), {
    votes: 1,
    voted: false,
    confirmation_sent: true,
  });
  t.equal((await s.ok('request_show', { id: r1.id }, null)).votes, 1, 'an unconfirmed vote does not count');
  const link = await confirmLink(p, 'voter@example.net');
  const page = await fetch(link);
  t.equal(page.status, 200);
  t.match(await page.text(), /Votes: 2/);
  t.equal((await fetch(link)).status, 200, 'confirming twice is harmless');
  t.equal((await s.ok('request_show', { id: r1.id }, null)).votes, 2);
  t.equal(
    (await s.call('request_vote', { id: r1.id, email: 'voter@example.net' }, { token: null })).status,
    409,
    'one vote per address',
  );
  t.equal(
    (await s.call('request_forward', { id: r2.id, organization: 'stat' }, { token: p.olga.token })).body.error.votes[0],
    'The request has 0 vote(s); 2 are needed to forward it',
  );

  // Forward: the legal clock starts (30 calendar days to publish, 5 working days to refuse).
  t.equal((await s.call('request_forward', { id: r1.id, organization: 'stat' }, { token: p.eddie.token })).status, 403);
  p.clock.advance(60000);
  const fwd = await s.ok('request_forward', { id: r1.id, organization: 'stat' }, p.olga.token);
  t.match(fwd, {
    status: 'forwarded',
    refuse_due: '2025-10-13',
    publish_due: '2025-11-05',
    organization: { name: 'stat' },
  });
  for (const u of [p.eddie, p.ada]) {
    t.match((await p.inbox(u)).at(-1), {
      kind: 'request_forwarded',
      subject: 'Запрос на данные для Статистика: «Bus stops of Tashkent»',
      due_date: '2025-10-13',
    });
  }
  t.match((await p.inbox(p.vic)).at(-1), {
    kind: 'request_status',
    subject: 'Your dataset request "Bus stops of Tashkent" is sent to the data provider',
  });
  t.match((await p.mailsTo('voter@example.net')).at(-1), {
    subject: 'Your dataset request "Bus stops of Tashkent" is sent to the data provider',
    text: /Expected by 2025-11-05/,
  });
  t.match((await p.mailsTo('eddie@example.org')).at(-1), {
    subject: /Статистика: «Bus stops of Tashkent»/,
    text: /до 2025-11-05[\s\S]*до 2025-10-13/,
  });
  t.equal(
    (await s.call('request_vote', { id: r1.id }, { token: p.rita.token })).status,
    409,
    'votes close once forwarded',
  );

  // Accept: only the organization (or an operator), only a public dataset of that organization.
  const foreign = await s.ok('package_create', passport('foreign-ds', 'other'));
  const hidden = await s.ok('package_create', { ...passport('stops-draft', 'stat'), private: true });
  const ds = await s.ok('package_create', passport('bus-stops', 'stat'));
  t.equal(
    (await s.call('request_accept', { id: r1.id, package: ds.id }, { token: p.vic.token })).status,
    403,
    'not a member',
  );
  t.equal(
    (await s.call('request_accept', { id: r1.id, package: foreign.id }, { token: p.eddie.token })).status,
    409,
    "another organization's dataset",
  );
  t.equal(
    (await s.call('request_accept', { id: r1.id, package: hidden.id }, { token: p.eddie.token })).status,
    409,
    'a private dataset is no publication',
  );
  p.clock.advance(3 * 86400000);
  const done = await s.ok('request_accept', { id: r1.id, package: 'bus-stops' }, p.eddie.token);
  t.match(done, {
    status: 'accepted',
    answered_in_time: true,
    package: { id: ds.id, name: 'bus-stops' },
    answered_at: /^2025-10-09T05:0/,
  });
  t.same(
    done.history.map((h: any) => h.to_status),
    ['new', 'voting', 'forwarded', 'accepted'],
    'the status history',
  );
  t.match((await p.inbox(p.rita)).at(-1), {
    kind: 'request_status',
    subject: /выполнен: данные опубликованы/,
    body: /\/dataset\/bus-stops/,
  });
  t.match((await p.mailsTo('voter@example.net')).at(-1), { subject: /fulfilled/, text: /\/dataset\/bus-stops/ });
  t.match((await p.mailsTo('vic@example.org')).at(-1), { subject: /fulfilled/ });
  t.same(
    (await p.mailsTo('rita@example.org')).map((m) => m.subject),
    [
      'Ваш запрос «Bus stops of Tashkent»: зарегистрирован',
      'Ваш запрос «Bus stops of Tashkent»: опубликован для голосования',
      'Ваш запрос «Bus stops of Tashkent»: направлен поставщику данных',
      'Ваш запрос «Bus stops of Tashkent»: выполнен: данные опубликованы',
    ],
    'the requester is told of every status, by e-mail too',
  );

  // Refuse: the anonymous requester and the voters are told with the reason.
  await s.ok('request_vote', { id: r2.id }, p.vic.token);
  await s.ok('request_vote', { id: r2.id }, p.rita.token);
  p.clock.advance(60000);
  await s.ok('request_forward', { id: r2.id, organization: 'stat' }, p.olga.token);
  t.equal(
    (await s.call('request_refuse', { id: r2.id, reason: 'x' }, { token: (await s.user('stranger')).token })).status,
    403,
  );
  t.equal((await s.call('request_refuse', { id: r2.id }, { token: p.ada.token })).status, 409, 'a reason is required');
  p.clock.advance(60000);
  const refused = await s.ok('request_refuse', { id: r2.id, reason: 'The data is a state secret' }, p.ada.token);
  t.match(refused, { status: 'refused', reason: 'The data is a state secret', answered_in_time: true });
  t.match(
    (await p.mailsTo('anna@example.net')).map((m) => m.subject),
    ['«School meals budget» сұранысыңыз: тіркелді', /дауыс беруге/, /деректер иесіне/, /қабылданбады/],
  );
  t.match((await p.mailsTo('anna@example.net')).at(-1), { text: /Себебі: The data is a state secret/ });
  t.match((await p.inbox(p.vic)).at(-1), { subject: /is refused/, body: /Reason: The data is a state secret/ });
  t.equal(
    (await s.call('request_accept', { id: r2.id, package: ds.id }, { token: p.ada.token })).status,
    409,
    'a refused request stays refused',
  );

  // Lists: filters, sorts, paging; the public sees published requests only.
  const r3 = await s.ok('request_create', { title: 'Unreviewed' }, p.rita.token);
  const pub = await s.ok('request_list', {}, null);
  t.same(
    pub.results.map((r: any) => r.title),
    ['School meals budget', 'Bus stops of Tashkent'],
    'votes desc (2 each), then newest',
  );
  t.equal(pub.count, 2);
  t.same(
    (await s.ok('request_list', { status: 'refused' }, null)).results.map((r: any) => r.id),
    [r2.id],
  );
  t.same(
    (await s.ok('request_list', { sort: 'created desc', limit: 1, offset: 1 }, p.olga.token)).results.map(
      (r: any) => r.id,
    ),
    [r2.id],
  );
  t.equal((await s.ok('request_list', { organization: 'other' }, null)).count, 0);
  t.equal((await s.ok('request_list', { status: ['new'] }, p.olga.token)).results[0].id, r3.id);
  t.equal((await s.call('request_list', { status: 'bogus' }, { token: null })).status, 409);
  p.clock.advance(60000);
  await s.ok('request_close', { id: r3.id, reason: 'duplicate' }, p.olga.token);
  t.match((await p.inbox(p.rita)).at(-1), { subject: /закрыт/, body: /Причина: duplicate/ });
  t.match(await s.ok('citizen_counters_show', {}, null), { requests: { registered: 3, answered: 2, in_progress: 0 } });

  // Totals come from a count kept per filter combination (migrations/0023): after every kind of change
  // above, each total is the number of requests the same filters list.
  for (const [filters, token] of [
    [{}, null],
    [{}, p.olga.token],
    [{ status: 'refused' }, null],
    [{ status: ['new', 'closed'] }, p.olga.token],
    [{ status: ['voting', 'accepted', 'refused'] }, null],
    [{ organization: p.org.name }, null],
    [{ organization: p.org.name, status: 'closed' }, p.olga.token],
  ] as const) {
    const r = await s.ok('request_list', { ...filters, limit: 100 }, token);
    t.equal(r.count, r.results.length, `total of ${JSON.stringify(filters)} for ${token ? 'an operator' : 'anyone'}`);
  }
  t.equal((await s.ok('request_list', { limit: 100 }, p.olga.token)).count, 3, 'every request, for an operator');
});
