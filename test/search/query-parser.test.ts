// The Solr subset parser and date math, as units: every query form clients send, and the errors.
import t, { type Test } from 'tap';
import { parseQuery } from '../../src/search/query/parser.ts';
import { resolveDate } from '../../src/search/query/date-math.ts';
import { SearchError, SearchQueryError } from '../../src/errors.ts';

const now = new Date('2024-06-15T12:34:56.789Z');
const p = (s: string) => JSON.parse(JSON.stringify(parseQuery(s, now)));
const term = (name: string, value: string) => ({ type: 'term', field: { name }, value });

t.test('empty and match-all', async (t) => {
  for (const q of ['', '  ', '*:*', '""', "''", '*']) t.same(p(q), { type: 'all' }, JSON.stringify(q));
});

t.test('free text and phrases', async (t) => {
  t.same(p('water quality'), {
    type: 'and',
    items: [
      { type: 'text', field: null, value: 'water', phrase: false },
      { type: 'text', field: null, value: 'quality', phrase: false },
    ],
  });
  t.same(p('"air quality"'), { type: 'text', field: null, value: 'air quality', phrase: true });
  t.match(p('title:budget'), { type: 'text', field: 'title', value: 'budget' });
});

t.test('fielded terms, quotes, prefixes, exists', async (t) => {
  t.match(p('tags:economy'), term('tags', 'economy'));
  t.match(p('+owner_org:"abc def"'), term('owner_org', 'abc def'));
  t.match(p('res_format:CS*'), { type: 'term', field: { name: 'res_format' }, value: 'CS', prefix: true });
  t.match(p('tags:*'), { type: 'exists', field: { name: 'tags' } });
  t.match(p('type:dataset'), term('dataset_type', 'dataset'));
  t.match(p('extras_theme:finance'), {
    type: 'term',
    field: { name: 'extras_theme', extraKey: 'theme' },
    value: 'finance',
  });
  t.match(p('ai_ready:TRUE'), term('ai_ready', 'true'));
});

t.test('boolean structure and precedence', async (t) => {
  // the harvester: (a OR b) AND NOT g AND range
  const h = p('organization:org1 OR organization:org2 -groups:g1 metadata_modified:[2024-05-01T09:00:00.123456Z TO *]');
  t.equal(h.type, 'and');
  t.match(h.items[0], { type: 'or', items: [term('organization', 'org1'), term('organization', 'org2')] });
  t.match(h.items[1], { type: 'not', item: term('groups', 'g1') });
  t.match(h.items[2], {
    type: 'range',
    field: { name: 'metadata_modified' },
    lo: '2024-05-01T09:00:00.123456',
    hi: null,
    loIncl: true,
  });
  t.match(p('a AND b OR c'), { type: 'or', items: [{ type: 'and' }, { type: 'text', value: 'c' }] });
  t.match(p('NOT tags:x'), { type: 'not', item: term('tags', 'x') });
  t.match(p('tags:a NOT tags:b'), { type: 'and', items: [term('tags', 'a'), { type: 'not' }] });
  t.match(p('(tags:a OR tags:b) AND -res_format:PDF'), { type: 'and', items: [{ type: 'or' }, { type: 'not' }] });
  t.match(p('tags:(a OR b)'), { type: 'or', items: [term('tags', 'a'), term('tags', 'b')] });
  t.match(p('tags:a && !tags:b || tags:c'), { type: 'or' });
});

t.test('ranges and date math', async (t) => {
  for (const frac of ['', '.1', '.12', '.123', '.1234', '.12345', '.123456']) {
    const r = p(`metadata_modified:[2024-05-01T09:00:00${frac}Z TO *]`);
    t.equal(r.lo, `2024-05-01T09:00:00.${frac.slice(1).padEnd(6, '0')}`, `fraction ${frac}`);
  }
  t.match(p('metadata_modified:[2024-01-01T00:00:00Z TO NOW]'), { hi: '2024-06-15T12:34:56.789000', hiIncl: true });
  t.match(p('metadata_created:{NOW-1DAY TO NOW/DAY}'), {
    lo: '2024-06-14T12:34:56.789000',
    hi: '2024-06-15T00:00:00.000000',
    loIncl: false,
    hiIncl: false,
  });
  t.match(p('metadata_modified:[* TO *]'), { type: 'exists' });
  t.match(p('name:[a TO m]'), { type: 'range', lo: 'a', hi: 'm' });
  t.equal(resolveDate('NOW-1MONTH/DAY', now), '2024-05-15T00:00:00.000000');
  t.equal(resolveDate('2024-05-01T09:00:00+02:00', now), '2024-05-01T07:00:00.000000');
  t.equal(resolveDate('NOW+2HOURS', now), '2024-06-15T14:34:56.789000');
  t.equal(resolveDate('yesterday', now), null);
});

function throwsA(t: Test, fn: () => unknown, cls: new (...a: any[]) => Error, msg: string) {
  try {
    fn();
    t.fail(`${msg}: no error`);
  } catch (e) {
    t.ok(e instanceof cls, `${msg}: ${(e as Error).message}`);
  }
}

t.test('errors: a bad query is a Search Query Error, local params a Search Error', async (t) => {
  for (const bad of [
    '(tags:a',
    'tags:a)',
    'tags:a OR',
    'AND tags:a',
    '"open',
    'metadata_modified:[2024 TO',
    'metadata_modified:[junk TO *]',
    'ai_ready:maybe',
    'title:[a TO b]',
  ]) {
    throwsA(t, () => parseQuery(bad, now), SearchQueryError, bad);
  }
  throwsA(t, () => parseQuery('{!lucene}tags:a', now), SearchError, 'local params');
  throwsA(t, () => parseQuery('tags:a {!func}x', now), SearchError, 'local params later');
});
