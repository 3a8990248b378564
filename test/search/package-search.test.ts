// package_search over HTTP on PostgreSQL: every query form, sorts, paging, facets whose counts agree
// with filtered searches, display names per language, errors with CKAN's envelopes.
import t from 'tap';
import { startServer } from '../helpers/server.ts';
import { search, seedCatalog, synced } from './fixtures.ts';

t.test('package_search', async (t) => {
  const s = await startServer(t);
  const c = await seedCatalog(s);
  const names = (r: any) => r.results.map((d: any) => d.name).sort();
  const anon = (p: Record<string, unknown>) => search(s, p, null);

  t.test('defaults, result shape, results are package_show dicts', async (t) => {
    const r = await anon({});
    t.equal(r.count, 4);
    t.equal(r.sort, 'score desc, metadata_modified desc');
    t.same(r.facets, {});
    t.same(r.search_facets, {});
    const modified = r.results.map((d: any) => d.metadata_modified);
    t.same(modified, [...modified].sort().reverse(), 'newest first by default');
    const shown = await s.ok('package_show', { id: 'population-tashkent' });
    t.same(
      r.results.find((d: any) => d.name === 'population-tashkent'),
      shown,
    );
  });

  t.test('free text in every language, weighted and typo tolerant', async (t) => {
    t.same(names(await anon({ q: 'aholisi' })), ['population-tashkent'], 'uz Latin');
    t.same(names(await anon({ q: 'аҳолиси' })), ['population-tashkent'], 'uz Cyrillic');
    t.same(names(await anon({ q: 'населения' })), ['population-tashkent'], 'ru');
    t.same(names(await anon({ q: 'население' })), ['population-tashkent'], 'ru, another word form (stemming)');
    t.same(names(await anon({ q: 'schools' })), ['schools-list'], 'en plural → stem');
    t.same(names(await anon({ q: 'school' })), ['schools-list'], 'en singular');
    t.same(names(await anon({ q: 'budget 2024' })), ['state-budget-2024'], 'all words must match');
    t.same(names(await anon({ q: 'budget schools' })), [], 'all words must match, none has both');
    t.same(names(await anon({ q: '"State budget"' })), ['state-budget-2024'], 'phrase');
    t.same(names(await anon({ q: 'economy' })), ['population-tashkent', 'state-budget-2024'], 'tags are searched');
    t.same(names(await anon({ q: 'Budget' })), ['state-budget-2024'], 'resource names are searched');
    t.same(names(await anon({ q: 'popultion' })), ['population-tashkent'], 'typo → corrected to a title word');
    t.same(names(await anon({ q: 'Сектретные' })), [], 'private datasets are not found by typo either');
    // A title hit ranks above a tag-only or notes-only hit.
    const r = await anon({ q: 'population' });
    t.equal(r.results[0].name, 'population-tashkent');
  });

  t.test('fielded queries in q and fq', async (t) => {
    t.same(names(await anon({ q: 'tags:economy' })), ['population-tashkent', 'state-budget-2024']);
    t.same(names(await anon({ fq: 'tags:economy' })), ['population-tashkent', 'state-budget-2024']);
    t.same(names(await anon({ fq: 'res_format:CSV' })), ['population-tashkent', 'schools-list']);
    t.same(names(await anon({ fq: `organization:${c.org2.name}` })), ['hospital-beds', 'schools-list']);
    t.same(names(await anon({ fq: `+owner_org:"${c.org2.id}"` })), ['hospital-beds', 'schools-list']);
    t.same(names(await anon({ fq: 'groups:health' })), ['hospital-beds', 'population-tashkent']);
    t.same(names(await anon({ fq: 'name:schools-list' })), ['schools-list']);
    t.same(names(await anon({ fq: `id:${c.ids['schools-list']}` })), ['schools-list']);
    t.same(names(await anon({ fq: 'license_id:cc-by' })), ['population-tashkent', 'schools-list']);
    t.same(names(await anon({ fq: 'priority:high' })), ['population-tashkent']);
    t.same(names(await anon({ fq: 'ai_ready:true' })), ['population-tashkent']);
    t.same(names(await anon({ fq: 'provision:automatic' })), ['schools-list']);
    t.same(names(await anon({ fq: 'update_frequency:daily' })), ['schools-list']);
    t.same(names(await anon({ fq: 'extras_theme:finance' })), ['state-budget-2024']);
    t.same(names(await anon({ fq: 'theme:finance' })), ['state-budget-2024'], 'bare extras key');
    t.same(names(await anon({ fq: 'passport_code:*' })).length, 0, 'no codes: organizations without structure');
    t.same(names(await anon({ fq: 'dataset_type:dataset capacity:public' })).length, 4);
    t.same(names(await anon({ fq: `creator_user_id:${s.sysadmin.id}` })).length, 4);
    t.same(names(await anon({ fq: 'title:budget' })), ['state-budget-2024']);
    t.same(names(await anon({ fq: 'res_name:Beds' })), ['hospital-beds']);
    t.same(names(await anon({ q: 'population', fq: 'res_format:JSON' })), ['population-tashkent']);
  });

  t.test('boolean operators, negation, parentheses, prefixes', async (t) => {
    t.same(names(await anon({ fq: 'tags:education OR tags:finance' })), ['schools-list', 'state-budget-2024']);
    t.same(names(await anon({ fq: '-tags:economy' })), ['hospital-beds', 'schools-list']);
    t.same(names(await anon({ fq: 'NOT tags:economy' })), ['hospital-beds', 'schools-list']);
    t.same(names(await anon({ fq: 'tags:economy AND NOT tags:finance' })), ['population-tashkent']);
    t.same(names(await anon({ fq: '(tags:education OR tags:finance) -res_format:XLSX' })), ['schools-list']);
    t.same(names(await anon({ fq: 'tags:(education OR health-care)' })), ['hospital-beds', 'schools-list']);
    t.same(names(await anon({ fq: 'tags:educ*' })), ['schools-list']);
    t.same(names(await anon({ fq: '-dataset_type:harvest' })).length, 4, 'ckanext-dcat');
    t.same(names(await anon({ fq: '-extras_theme:finance' })).length, 3, 'negation keeps datasets without the field');
    t.same(names(await anon({ fq: 'priority:high', fq_list: ['tags:economy', '-tags:finance'] })), [
      'population-tashkent',
    ]);
    t.same(
      names(await anon({ fq_list: '["tags:economy","tags:finance"]' })),
      ['state-budget-2024'],
      'fq_list as JSON text',
    );
    t.same(names(await anon({ q: 'tags:economy -tags:finance' })), ['population-tashkent'], 'the same in q');
  });

  t.test('ranges with date math and fractional seconds', async (t) => {
    const all = await anon({ rows: 10, sort: 'metadata_modified asc' });
    const mid = all.results[2].metadata_modified as string; // naive, 6 digits
    const range = (lo: string) => anon({ fq: `metadata_modified:[${lo} TO *]` });
    t.equal((await range(`${mid}Z`)).count, 2);
    t.equal((await range(`${mid.slice(0, 19)}Z`)).count >= 2, true, 'no fraction');
    for (const digits of [0, 1, 3, 6]) {
      const lo = digits ? `${mid.slice(0, 20 + digits)}Z` : `${mid.slice(0, 19)}Z`;
      t.ok((await range(lo)).count >= 2, `${digits} fraction digits`);
    }
    t.equal((await anon({ fq: `metadata_modified:{${mid}Z TO *]` })).count, 1, 'exclusive lower bound');
    t.equal((await anon({ fq: 'metadata_modified:[2000-01-01T00:00:00Z TO NOW]' })).count, 4, 'dcat: TO NOW');
    t.equal((await anon({ fq_list: ['-dataset_type:harvest', 'metadata_modified:[NOW-1DAY TO NOW]'] })).count, 4);
    t.equal((await anon({ fq: 'metadata_created:[NOW+1DAY TO *]' })).count, 0);
    t.equal(
      (await anon({ fq: 'metadata_modified:[* TO NOW/DAY]' })).count,
      0,
      'rounded to today: none before midnight',
    );
  });

  t.test('overdue is computed against today', async (t) => {
    // The school list is updated daily and was last updated long ago.
    await s.pasport.services.db
      .updateTable('package')
      .set({ last_data_update: '2020-01-01T00:00:00' })
      .where('id', '=', c.ids['schools-list'])
      .execute();
    await s.pasport.services.db
      .insertInto('outbox')
      .values({ topic: 'package', entity_id: c.ids['schools-list'], op: 'upsert' })
      .execute();
    await synced(s); // a change written straight to the tables, not through an action: the indexer applies it
    const r = await anon({ fq: 'overdue:true', 'facet.field': '["overdue"]' });
    t.same(names(r), ['schools-list']);
    t.ok(r.results[0].overdue_days > 365);
    t.same(r.facets.overdue, { true: 1 });
    t.equal((await anon({ fq: '-overdue:true' })).count, 3);
  });

  t.test('sorts and paging', async (t) => {
    const byName = await anon({ sort: 'name asc' });
    t.same(
      byName.results.map((d: any) => d.name),
      ['hospital-beds', 'population-tashkent', 'schools-list', 'state-budget-2024'],
    );
    t.same(
      (await anon({ sort: 'name desc' })).results.map((d: any) => d.name),
      ['state-budget-2024', 'schools-list', 'population-tashkent', 'hospital-beds'],
    );
    const byId = await anon({ sort: 'id asc' });
    t.same(
      byId.results.map((d: any) => d.id),
      byId.results.map((d: any) => d.id).sort(),
    );
    const byTitle = await anon({ sort: 'title_string asc' });
    t.same(
      byTitle.results.map((d: any) => d.title.toLowerCase()),
      byTitle.results.map((d: any) => d.title.toLowerCase()).sort(),
    );
    const created = (await anon({ sort: 'metadata_created desc' })).results.map((d: any) => d.metadata_created);
    t.same(created, [...created].sort().reverse());
    t.equal((await anon({ sort: 'views_recent desc' })).count, 4, 'views_recent accepted');
    t.equal((await anon({ sort: 'score desc, metadata_modified desc', q: 'economy' })).count, 2);
    t.equal((await anon({ sort: 'rank' })).sort, 'score desc, metadata_modified desc');
    const page1 = await anon({ sort: 'name asc', rows: 2 });
    const page2 = await anon({ sort: 'name asc', rows: 2, start: 2 });
    t.same(
      [...page1.results, ...page2.results].map((d: any) => d.name),
      byName.results.map((d: any) => d.name),
    );
    t.equal(page2.count, 4);
    const past = await anon({ start: 100 });
    t.same(past.results, []);
    t.equal(past.count, 4);
    const zero = await anon({ rows: 0, 'facet.field': '["tags"]' });
    t.same(zero.results, []);
    t.equal(zero.count, 4);
    t.equal(zero.facets.tags.economy, 2);
    t.equal((await anon({ rows: 5000 })).results.length, 4, 'rows above 1000 are clamped, not refused');
    const fl = await anon({ fl: 'name,id', sort: 'name asc', rows: 1 });
    t.same(Object.keys(fl.results[0]).sort(), ['id', 'name']);
  });

  t.test('facets: counts agree with filtered searches; display names per language', async (t) => {
    const fields = [
      'tags',
      'groups',
      'organization',
      'res_format',
      'license_id',
      'priority',
      'ai_ready',
      'capacity',
      'state',
      'update_frequency',
      'provision',
      'extras_theme',
    ];
    const r = await anon({ 'facet.field': JSON.stringify(fields), 'facet.limit': -1 });
    for (const f of fields) {
      t.ok(r.search_facets[f], `${f} present`);
      for (const [value, count] of Object.entries(r.facets[f] as Record<string, number>)) {
        const filtered = await anon({ fq: `${f}:"${value}"`, rows: 0 });
        t.equal(filtered.count, count, `${f}:${value}`);
      }
    }
    t.same(r.facets.tags, { economy: 2, demography: 1, finance: 1, education: 1, 'health-care': 1 });
    t.same(r.facets.capacity, { public: 4 });
    const items = r.search_facets.organization.items;
    t.same(
      items.map((i: any) => i.display_name),
      [...items.map((i: any) => i.display_name)].sort().reverse(),
      'display_name descending',
    );
    t.equal(items.find((i: any) => i.name === c.org1.name).display_name, 'Statistika agentligi', 'default language');
    const ru = await anon({ 'facet.field': '["organization","groups","license_id"]', lang: 'ru' });
    t.equal(
      ru.search_facets.organization.items.find((i: any) => i.name === c.org1.name).display_name,
      'Агентство статистики',
    );
    t.equal(ru.search_facets.groups.items[0].display_name, 'Здравоохранение');
    t.equal(
      ru.search_facets.license_id.items.find((i: any) => i.name === 'cc-by').display_name,
      'Creative Commons Attribution',
    );
    const en = await anon({ 'facet.field': ['organization', 'groups'], lang: 'en' }); // repeated keys
    t.equal(
      en.search_facets.organization.items.find((i: any) => i.name === c.org2.name).display_name,
      'Ministry of Education',
    );
    const lim = await anon({ 'facet.field': '["tags"]', 'facet.limit': 1 });
    t.same(lim.facets.tags, { economy: 2 });
    const min = await anon({ 'facet.field': '["tags"]', 'facet.mincount': 2 });
    t.same(min.facets.tags, { economy: 2 });
    const zeros = await anon({ q: 'schools', 'facet.field': '["tags"]', 'facet.mincount': 0, 'facet.limit': -1 });
    t.equal(zeros.facets.tags.education, 1);
    t.equal(zeros.facets.tags.economy, 0);
    t.notOk('secret-tag' in zeros.facets.tags, 'zero counts never list private values');
    const q = await anon({ q: 'economy', 'facet.field': '["tags"]' });
    t.same(q.facets.tags, { economy: 2, demography: 1, finance: 1 }, 'facets follow q');
    const off = await anon({ facet: 'false', 'facet.field': '["tags"]' });
    t.same(off.facets, {});
  });

  t.test('errors', async (t) => {
    let r = await s.call('package_search', { foo: 'x', bar: 1 }, { get: true });
    t.equal(r.status, 400);
    t.same(r.body.error, {
      __type: 'Search Query Error',
      message: `Search Query is invalid: ("Invalid search parameters: ['foo', 'bar']",)`,
    });
    r = await s.call('package_search', { sort: 'name up' }, { get: true });
    t.equal(r.status, 400);
    t.same(r.body.error, {
      __type: 'Search Query Error',
      message: `Search Query is invalid: ('Invalid "sort" parameter',)`,
    });
    r = await s.call('package_search', { sort: 'nonsense asc' }, { get: true });
    t.equal(r.status, 400);
    r = await s.call('package_search', { rows: -1 }, { get: true });
    t.equal(r.status, 409);
    t.same(r.body.error, { __type: 'Validation Error', rows: ['Must be a natural number'] });
    r = await s.call('package_search', { start: 'x' }, { get: true });
    t.equal(r.status, 409);
    t.same(r.body.error.start, ['Invalid integer']);
    r = await s.call('package_search', { 'facet.field': 'tags' }, { get: true });
    t.equal(r.status, 409);
    t.same(r.body.error, { __type: 'Validation Error', 'facet.field': ['Could not parse as valid JSON'] });
    r = await s.call('package_search', { q: '{!lucene}tags:x' }, { get: true });
    t.equal(r.status, 409);
    t.equal(r.body.error.__type, 'Search Error');
    for (const bad of ['tags:(a', 'metadata_modified:[yesterday TO *]', 'tags:a OR', 'ai_ready:perhaps']) {
      r = await s.call('package_search', { fq: bad }, { get: true });
      t.equal(r.status, 400, bad);
      t.equal(r.body.error.__type, 'Search Query Error', bad);
    }
    r = await s.call('package_search', {
      q: 'economy',
      rows: 1,
      ext_bbox: '1,2,3,4',
      qf: 'x',
      wt: 'json',
      defType: 'edismax',
    });
    t.equal(r.status, 200, 'CKAN pass-through parameters are accepted (POST too)');
  });

  t.test('current_package_list_with_resources', async (t) => {
    const list = await s.ok('current_package_list_with_resources', { limit: 2 }, null);
    t.equal(list.length, 2);
    t.ok(list[0].metadata_modified >= list[1].metadata_modified);
    t.ok(Array.isArray(list[0].resources));
    const page2 = await s.ok('current_package_list_with_resources', { limit: 2, page: 2 }, null);
    t.equal(page2.length, 2);
    t.notSame(page2[0].id, list[0].id);
    const admin = await s.ok('current_package_list_with_resources', { limit: 100 });
    t.ok(
      admin.some((d: any) => d.name === 'secret-salaries'),
      'sysadmins see private datasets',
    );
  });
});
