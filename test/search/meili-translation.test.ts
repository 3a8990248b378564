// The Meilisearch adapter's pure parts, always run: query translation to filter expressions, the
// declared index settings, and the document shape.
import t from 'tap';
import { parseQuery } from '../../src/search/query/parser.ts';
import { and } from '../../src/search/query/ast.ts';
import { meiliFilter, meiliSort, textOf, visibilityFilter } from '../../src/search/engines/meili-filter.ts';
import { indexSettings, meiliDoc, isoToMicros } from '../../src/search/engines/meili-settings.ts';
import { SearchQueryError } from '../../src/errors.ts';
import type { Visibility } from '../../src/search/engine.ts';

const now = new Date('2024-06-15T12:00:00Z');
const anon: Visibility = {
  anonymous: true,
  privileged: false,
  labels: [],
  draftLabels: [],
  includePrivate: false,
  includeDrafts: false,
  includeDeleted: false,
};
const f = (q: string) => meiliFilter(parseQuery(q, now), anon, '2024-06-15');
const PUB = 'state = "active" AND private = false';

t.test('filters', async (t) => {
  t.equal(f(''), PUB);
  t.equal(f('tags:economy'), `(${PUB}) AND (tags = "economy")`);
  t.equal(
    f('organization:a OR organization:b -groups:g'),
    `(${PUB}) AND (((organization = "a") OR (organization = "b")) AND (NOT (groups = "g")))`,
  );
  t.equal(f('res_format:"CSV \\"x\\""'), `(${PUB}) AND (res_format = "CSV \\"x\\"")`);
  t.equal(
    f('metadata_modified:[2024-05-01T09:00:00.123456Z TO *]'),
    `(${PUB}) AND (metadata_modified_ts >= ${isoToMicros('2024-05-01T09:00:00.123456')})`,
  );
  t.equal(isoToMicros('2024-05-01T09:00:00.123456') % 1000000, 123456, 'microseconds survive');
  t.equal(
    f('metadata_created:{NOW-1DAY TO NOW}'),
    `(${PUB}) AND (metadata_created_ts > ${isoToMicros('2024-06-14T12:00:00.000000')} AND metadata_created_ts < ${isoToMicros('2024-06-15T12:00:00.000000')})`,
  );
  t.equal(f('ai_ready:true'), `(${PUB}) AND (ai_ready = true)`);
  t.equal(
    f('overdue:true'),
    `(${PUB}) AND (next_update_due_day < ${Math.floor(Date.parse('2024-06-15T00:00:00Z') / 86400000)})`,
  );
  t.equal(f('tags:*'), `(${PUB}) AND (tags IS NOT EMPTY)`);
  t.equal(f('license_id:*'), `(${PUB}) AND (license_id EXISTS)`);
  t.equal(f('extras_theme:finance'), `(${PUB}) AND (extras_theme = "finance")`);
  t.equal(f('type:dataset'), `(${PUB}) AND (dataset_type = "dataset")`);
  t.equal(f('name:ab*'), `(${PUB}) AND (name STARTS WITH "ab")`);
});

t.test('free text goes to q; text under OR/NOT is refused', async (t) => {
  t.equal(textOf(parseQuery('water quality tags:x', now)), 'water quality');
  t.equal(textOf(parseQuery('"air quality"', now)), '"air quality"');
  t.equal(f('water tags:x'), `(${PUB}) AND (tags = "x")`);
  for (const q of ['water OR air', '-water']) {
    try {
      textOf(and([parseQuery(q, now)]));
      t.fail(`${q}: accepted`);
    } catch (e) {
      t.ok(e instanceof SearchQueryError, q);
    }
  }
});

t.test('visibility', async (t) => {
  t.equal(visibilityFilter(anon), PUB);
  t.equal(
    visibilityFilter({ ...anon, anonymous: false, privileged: true, includePrivate: true, includeDeleted: true }),
    'state IN ["active", "deactivated", "deleted"]',
    'asking for private datasets includes deactivated ones (hidden like private)',
  );
  t.equal(
    visibilityFilter({ ...anon, anonymous: false, labels: ['member-o1', 'creator-u1'], includePrivate: true }),
    `(${PUB}) OR (state IN ["active", "deactivated"] AND owner_label IN ["member-o1", "creator-u1"])`,
  );
});

t.test('sort', async (t) => {
  t.same(
    meiliSort([
      { field: 'score', dir: 'desc' },
      { field: 'metadata_modified', dir: 'desc' },
    ]),
    [],
  );
  t.same(
    meiliSort([
      { field: 'metadata_modified', dir: 'desc' },
      { field: 'id', dir: 'asc' },
    ]),
    ['metadata_modified_ts:desc', 'id:asc'],
  );
});

t.test('settings and documents', async (t) => {
  const st = indexSettings(['uz', 'uz-Cyrl', 'ru', 'en']);
  t.same(
    st.searchableAttributes!.slice(0, 5),
    ['title', 'title_uz', 'title_uz-Cyrl', 'title_ru', 'title_en'],
    'titles weigh most',
  );
  t.ok(st.filterableAttributes!.includes('owner_label') && st.filterableAttributes!.includes('metadata_modified_ts'));
  t.ok(st.sortableAttributes!.includes('id'));
  t.equal(st.rankingRules![0], 'sort', 'an explicit sort beats relevance, as in CKAN');
  t.same(st.localizedAttributes, [
    { attributePatterns: ['title_uz', 'notes_uz', 'title_uz-Cyrl', 'notes_uz-Cyrl'], locales: ['uzb'] },
    { attributePatterns: ['title_ru', 'notes_ru'], locales: ['rus'] },
    { attributePatterns: ['title_en', 'notes_en'], locales: ['eng'] },
  ]);
  t.equal(st.typoTolerance!.enabled, true);
  t.ok(st.pagination!.maxTotalHits! >= 1_000_000, 'deep paging and exact counts');
  const doc = meiliDoc(
    {
      id: 'x',
      name: 'n',
      title: 'T',
      title_string: 't',
      notes: '',
      title_translated: { ru: 'Т' },
      notes_translated: {},
      state: 'active',
      private: true,
      dataset_type: 'dataset',
      owner_org: 'o',
      organization: 'org',
      owner_label: 'member-o',
      creator_user_id: 'u',
      groups: [],
      tags: ['a'],
      keywords: [],
      res_format: ['CSV'],
      res_name: [],
      res_description: [],
      license_id: null,
      author: null,
      maintainer: null,
      metadata_created: '2024-01-01T00:00:00',
      metadata_modified: '2024-01-02T00:00:00.5',
      passport_code: null,
      sphere: null,
      priority: null,
      relevance: null,
      ai_ready: false,
      provision: 'manual',
      update_frequency: null,
      next_update_due: '2024-02-01',
      extras: { 'a.b': 'c' },
      dict: '{}',
    },
    ['uz', 'ru'],
  );
  t.equal(doc.capacity, 'private');
  t.equal(doc.title_ru, 'Т');
  t.equal(doc.title_uz, null);
  t.equal(doc['extras_a_b'], 'c');
  t.equal(doc.metadata_modified_ts, Date.parse('2024-01-02T00:00:00Z') * 1000 + 500000);
});
