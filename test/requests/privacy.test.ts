// Citizens' names, e-mail addresses and IP addresses never reach a public surface (the Action API
// for anonymous and ordinary callers, search, DCAT, SPARQL); an operator erases them on demand while
// every counter stays. (The per-address limit: rate-limit.test.ts.)
import t from 'tap';
import { portal } from './setup.ts';
import { passport } from '../helpers/fixtures.ts';

const SECRETS = [
  'secret.person@example.net',
  'Secret Person',
  'fb.person@example.net',
  'Feedback Person',
  'voter.person@example.net',
];
const KEYS = ['requester', 'requester_email', 'requester_name', 'requester_ip', '"ip"', '"email"'];

t.test('personal data is absent from public surfaces and erasable', async (t) => {
  const p = await portal(t);
  const { s } = p;
  const ds = await s.ok('package_create', passport('city-budget', 'stat'));
  const r = await s.ok(
    'request_create',
    { title: 'City budget', name: 'Secret Person', email: 'secret.person@example.net', organization: 'stat' },
    null,
  );
  await s.ok('request_publish_for_voting', { id: r.id }, p.olga.token);
  await s.ok('request_vote', { id: r.id }, p.vic.token);
  await s.ok('request_vote', { id: r.id, email: 'voter.person@example.net' }, null);
  await s.ok('request_vote', { id: r.id }, p.rita.token);
  await s.ok('request_forward', { id: r.id, organization: 'stat' }, p.olga.token);
  await s.ok('request_accept', { id: r.id, package: ds.id }, p.eddie.token);
  const f = await s.ok(
    'feedback_create',
    { message: 'Where is 2024?', name: 'Feedback Person', email: 'fb.person@example.net', package: ds.id },
    null,
  );
  await s.settle();

  const surfaces: [string, string][] = [];
  for (const token of [null, p.vic.token, p.eddie.token]) {
    surfaces.push([
      `request_show as ${token ? 'a user' : 'anonymous'}`,
      JSON.stringify((await s.call('request_show', { id: r.id }, { token })).body),
    ]);
    surfaces.push(['request_list', JSON.stringify((await s.call('request_list', {}, { token })).body)]);
  }
  surfaces.push([
    'citizen_counters_show',
    JSON.stringify((await s.call('citizen_counters_show', {}, { token: null })).body),
  ]);
  surfaces.push(['package_show', JSON.stringify((await s.call('package_show', { id: ds.id }, { token: null })).body)]);
  surfaces.push([
    'package_search',
    JSON.stringify((await s.call('package_search', { q: 'person', rows: 100 }, { token: null })).body),
  ]);
  surfaces.push([
    'package_search all',
    JSON.stringify((await s.call('package_search', { rows: 100 }, { token: null })).body),
  ]);
  surfaces.push([
    'DCAT catalog',
    await (await fetch(`${s.url}/catalog`, { headers: { Accept: 'text/turtle' } })).text(),
  ]);
  surfaces.push([
    'DCAT dataset',
    await (await fetch(`${s.url}/dataset/${ds.name}`, { headers: { Accept: 'text/turtle' } })).text(),
  ]);
  const q =
    'SELECT ?s ?o WHERE { ?s ?p ?o FILTER(CONTAINS(LCASE(STR(?o)), "example.net") || CONTAINS(LCASE(STR(?o)), "secret person") || CONTAINS(LCASE(STR(?o)), "feedback person")) }';
  const sparql = await fetch(`${s.url}/sparql?query=${encodeURIComponent(q)}`, {
    headers: { Accept: 'application/sparql-results+json' },
  });
  t.equal(sparql.status, 200);
  const sparqlBody = await sparql.text();
  t.same(JSON.parse(sparqlBody).results.bindings, [], 'SPARQL finds no citizen');
  surfaces.push(['SPARQL', sparqlBody]);
  for (const [name, text] of surfaces) {
    for (const secret of SECRETS) t.notOk(text.toLowerCase().includes(secret.toLowerCase()), `${name}: no "${secret}"`);
    if (name.startsWith('request_')) for (const k of KEYS) t.notOk(text.includes(k), `${name}: no ${k}`);
  }
  t.ok(
    surfaces.find(([n]) => n === 'request_show as anonymous')![1].includes('City budget'),
    'the request itself is public',
  );

  // Operators see the contact; the requester too. After erasure nobody does, and counters stay.
  const before = await s.ok('citizen_counters_show', {}, null);
  t.match((await s.ok('request_show', { id: r.id }, p.olga.token)).requester, {
    name: 'Secret Person',
    email: 'secret.person@example.net',
    ip: /\d/,
  });
  t.match((await s.ok('feedback_show', { id: f.id }, p.olga.token)).sender, {
    name: 'Feedback Person',
    email: 'fb.person@example.net',
    ip: /\d/,
  });
  t.equal((await s.call('request_personal_data_erase', { id: r.id }, { token: p.eddie.token })).status, 403);
  await s.ok('request_personal_data_erase', { id: r.id }, p.olga.token);
  await s.ok('feedback_personal_data_erase', { id: f.id }, p.olga.token);
  t.match(await s.ok('request_show', { id: r.id }, p.olga.token), {
    votes: 2,
    status: 'accepted',
    requester: { name: null, email: null, ip: null, erased_at: /^2025/ },
  });
  t.match((await s.ok('feedback_show', { id: f.id }, p.olga.token)).sender, { name: null, email: null, ip: null });
  t.same(await s.ok('citizen_counters_show', {}, null), before, 'counters unchanged');
  const db = s.pasport.services.db;
  const left = await db
    .selectFrom('citizen_mail')
    .select('to_email')
    .where((eb) => eb.or([eb('request_id', '=', r.id), eb('feedback_id', '=', f.id)]))
    .execute();
  t.ok(left.length > 0 && left.every((m) => m.to_email === null), 'no address left in the mail log');
  t.equal(
    (await db.selectFrom('data_request_vote').select('id').where('email', 'is not', null).execute()).length,
    0,
    'nor among the votes',
  );
});
