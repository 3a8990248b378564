// No request, however malformed, gets a 500 or a stack trace: every action is fed junk, as anonymous
// and as a sysadmin, and must answer with one of CKAN's client-error envelopes.
import t from 'tap';
import { loadActions } from '../../src/actions/registry.ts';
import { startServer } from '../helpers/server.ts';

const junk: unknown[] = [
  {},
  { id: { $ne: null } },
  {
    id: ['a', 'b'],
    name: 12,
    q: { x: 1 },
    limit: 'many',
    rows: -5,
    offset: [],
    resources: 'nope',
    tags: 7,
    extras: { k: 'v' },
  },
  {
    id: "x' OR 1=1 --",
    name: '../../etc/passwd',
    fq: '((((',
    sort: 'id sideways',
    'facet.field': '[unclosed',
    records: 'x',
  },
  {
    id: '00000000-0000-0000-0000-000000000000',
    resource_id: 'nope',
    filters: '{',
    fields: 5,
    sql: 'DROP TABLE package',
  },
  {
    match: 'not json',
    update: [1],
    filter: { a: 1 },
    update__resources__zz__name: 'x',
    object: null,
    object_type: 'alien',
    capacity: 'god',
  },
  {
    name: 'x'.repeat(10000),
    title_translated: 'not an object',
    update_schedule: [1, 2],
    owner_org: {},
    private: 'maybe',
  },
];

t.test('every action answers junk with a client error', async (t) => {
  const s = await startServer(t);
  const actions = await loadActions();
  const allowed = new Set([200, 400, 403, 404, 409]);
  for (const name of actions.keys()) {
    for (const token of [null, s.sysadmin.token]) {
      for (const body of junk) {
        const r = await s.call(name, body as Record<string, unknown>, { token });
        if (!allowed.has(r.status))
          t.fail(`${name} ${JSON.stringify(body).slice(0, 80)} -> ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
        const text = JSON.stringify(r.body);
        if (/\n\s+at |node_modules|\.ts:\d+/.test(text)) t.fail(`${name}: a stack trace leaked`);
      }
    }
  }
  t.pass(`${actions.size} actions x ${junk.length} bodies x 2 callers`);
});
