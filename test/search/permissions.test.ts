// Who sees what: private, draft and deleted datasets never reach results, counts, facets or
// autocomplete for callers without rights; members, operators and sysadmins see what they may.
import t from 'tap';
import { startServer } from '../helpers/server.ts';
import { member, search, seedCatalog } from './fixtures.ts';

t.test('visibility in search, facets and autocomplete', async (t) => {
  const s = await startServer(t);
  const c = await seedCatalog(s);
  const operator = await s.user('op1', { operator: true });
  const names = (r: any) => r.results.map((d: any) => d.name).sort();
  const facets = '["tags","res_format","organization","state","capacity"]';
  const hidden = ['secret-salaries', 'draft-plan', 'old-census'];
  const hiddenTags = ['secret-tag', 'draft-tag', 'gone-tag'];

  t.test('anonymous and outsiders see public active datasets only, whatever they ask', async (t) => {
    for (const [who, token] of [
      ['anonymous', null],
      ['outsider', c.outsider.token],
    ] as const) {
      const r = await search(
        s,
        {
          'facet.field': facets,
          include_private: true,
          include_drafts: true,
          include_deleted: true,
          rows: 100,
          'facet.limit': -1,
        },
        token,
      );
      t.equal(r.count, 4, who);
      for (const n of hidden) t.notOk(names(r).includes(n), `${who}: no ${n}`);
      for (const tag of hiddenTags) t.notOk(tag in r.facets.tags, `${who}: no ${tag} in facets`);
      t.notOk('SECRETFMT' in r.facets.res_format, `${who}: no private format`);
      t.notOk('GONEFMT' in r.facets.res_format, `${who}: no deleted format`);
      t.same(r.facets.state, { active: 4 });
      t.same(r.facets.capacity, { public: 4 });
      t.equal(r.facets.organization[c.org1.name], 2, `${who}: org counts exclude hidden datasets`);
      t.equal((await search(s, { q: 'secret' }, token)).count, 0, `${who}: text search`);
      t.equal((await search(s, { fq: 'tags:secret-tag' }, token)).count, 0, `${who}: fielded`);
      t.equal((await search(s, { fq: 'capacity:private' }, token)).count, 0, `${who}: capacity:private`);
      t.equal((await search(s, { fq: 'state:deleted', include_deleted: true }, token)).count, 0, `${who}: deleted`);
      t.same(await s.ok('tag_autocomplete', { q: 'tag' }, token), [], `${who}: tag_autocomplete`);
      t.same(await s.ok('format_autocomplete', { q: 'fmt' }, token), [], `${who}: format_autocomplete`);
    }
  });

  t.test('org members see their private datasets with include_private, drafts with include_drafts', async (t) => {
    const tok = c.member.token;
    t.equal((await search(s, {}, tok)).count, 4, 'not without include_private');
    const priv = await search(s, { include_private: true, 'facet.field': facets }, tok);
    t.same(names(priv), [
      'hospital-beds',
      'population-tashkent',
      'schools-list',
      'secret-salaries',
      'state-budget-2024',
    ]);
    t.equal(priv.facets.tags['secret-tag'], 1);
    t.same(priv.facets.capacity, { public: 4, private: 1 });
    // Drafts need edit rights (CKAN's package_show rule): a plain member does not see them, an editor does.
    t.notOk(names(await search(s, { include_drafts: true }, tok)).includes('draft-plan'));
    const editor = await s.user('editor1');
    await member(s, c.org1.id, editor.id, 'editor');
    t.ok(names(await search(s, { include_drafts: true }, editor.token)).includes('draft-plan'));
    t.notOk(names(await search(s, { include_drafts: true }, c.outsider.token)).includes('draft-plan'));
    t.same(await s.ok('tag_autocomplete', { q: 'secret' }, tok), ['secret-tag']);
    t.same(await s.ok('format_autocomplete', { q: 'secret' }, tok), ['secretfmt']);
    // org2's deleted dataset stays hidden from an org1 member.
    t.notOk(names(await search(s, { include_deleted: true }, tok)).includes('old-census'));
  });

  t.test('sysadmins and operators see everything they ask for', async (t) => {
    for (const [who, token] of [
      ['sysadmin', s.sysadmin.token],
      ['operator', operator.token],
    ] as const) {
      t.equal((await search(s, {}, token)).count, 4, `${who}: defaults stay public`);
      const all = await search(
        s,
        { include_private: true, include_drafts: true, include_deleted: true, rows: 100, 'facet.field': '["state"]' },
        token,
      );
      t.equal(all.count, 7, who);
      t.same(all.facets.state, { active: 5, draft: 1, deleted: 1 });
      const gone = await search(s, { include_deleted: true, fq: 'state:deleted' }, token);
      t.same(names(gone), ['old-census'], `${who}: deletions visible`);
    }
  });

  t.test('autocomplete', async (t) => {
    t.same(await s.ok('tag_autocomplete', { q: 'eco' }, null), ['economy']);
    t.same(await s.ok('tag_autocomplete', { q: 'e', limit: 2 }, null), ['economy', 'education'], 'most used first');
    t.same(await s.ok('format_autocomplete', { q: 'cs' }, null), ['csv']);
    const orgs = await s.ok('organization_autocomplete', { q: 'статист' }, null);
    t.same(
      orgs.map((o: any) => o.name),
      [c.org1.name],
      'multilingual: Russian title',
    );
    t.equal(orgs[0].title, 'Statistika agentligi');
    const en = await s.ok('organization_autocomplete', { q: 'Ministry', lang: 'en' }, null);
    t.same(
      en.map((o: any) => [o.name, o.title]),
      [[c.org2.name, 'Ministry of Education']],
    );
    t.same(await s.ok('organization_autocomplete', { q: 'ru' }, null), [], 'language codes are not matched');
    const r = await s.call('tag_autocomplete', {}, { get: true });
    t.equal(r.status, 409);
    t.same(r.body.error.q, ['Missing value']);
  });
});
