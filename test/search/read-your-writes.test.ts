// Read-your-writes: when a write returns, every search surface already shows it to every caller, on
// PostgreSQL and on PGlite. No test here waits, settles or retries between a write and the read that
// follows it.
import t, { type Test } from 'tap';
import { startServer, type TestServer } from '../helpers/server.ts';
import { dataset, member, org, search } from './fixtures.ts';

type Caller = { label: string; token: string | null; params?: Record<string, unknown> };

/** Walks every page of a search and checks that the pages hold exactly `count` distinct datasets. */
async function countMatchesWalk(
  t: Test,
  s: TestServer,
  params: Record<string, unknown>,
  c: Caller,
  label: string,
): Promise<number> {
  const base = { ...params, ...c.params };
  const first = await search(s, { ...base, rows: 4, start: 0 }, c.token);
  const seen = new Set<string>();
  for (let start = 0; start < first.count + 8; start += 4) {
    const page = await search(s, { ...base, rows: 4, start }, c.token);
    t.equal(page.count, first.count, `${label} (${c.label}): the count holds on every page`);
    for (const r of page.results) seen.add(r.id);
    if (page.results.length < 4) break;
  }
  t.equal(seen.size, first.count, `${label} (${c.label}): count ${first.count} = datasets found by walking the pages`);
  return first.count;
}

function engineTests(embedded: boolean) {
  t.test(`read-your-writes on ${embedded ? 'PGlite' : 'PostgreSQL'}`, async (t) => {
    // An organization editor writes here, as CKAN clients do (the operator workflow reserves creation).
    const s = await startServer(t, { embedded, config: { operatorWorkflow: false } });
    const o = await org(s, 'ryw-org');
    const editor = await s.user('ryw-editor');
    await member(s, o.id, editor.id, 'editor');
    const stranger = await s.user('ryw-stranger');
    const callers: Caller[] = [
      { label: 'anonymous', token: null },
      { label: 'member', token: editor.token, params: { include_private: true, include_drafts: true } },
      { label: 'outsider', token: stranger.token, params: { include_private: true } },
      { label: 'sysadmin', token: s.sysadmin.token, params: { include_private: true } },
    ];

    const status = await s.ok('status_show', {}, null);
    t.equal(
      status.index_lag.search.write_sync.mode,
      'transaction',
      'search documents are written in the write transaction',
    );

    // create -> every surface at once
    const fresh = await dataset(
      s,
      {
        name: 'ryw-fresh',
        owner_org: o.id,
        title: 'Zebrafish migration counts',
        tags: [{ name: 'zebrafish' }],
        resources: [{ url: 'http://example.org/z.csv', format: 'ZEBRAFMT' }],
      },
      editor.token,
    );
    const found = await search(s, { q: 'zebrafish' }, null);
    t.same(
      found.results.map((r: any) => r.id),
      [fresh.id],
      'package_search finds a dataset the moment package_create returns',
    );
    t.same(
      (await search(s, { fq: 'tags:zebrafish', 'facet.field': '["tags","res_format"]' }, null)).facets.res_format,
      { ZEBRAFMT: 1 },
      'and its facets',
    );
    t.equal(
      (await search(s, { sort: 'metadata_created desc', rows: 1 }, null)).results[0].id,
      fresh.id,
      'newest first',
    );
    t.ok((await s.ok('package_list', {}, null)).includes('ryw-fresh'), 'package_list');
    t.equal(
      (await s.ok('current_package_list_with_resources', { limit: 1 }, null))[0].id,
      fresh.id,
      'current_package_list_with_resources',
    );
    t.same(await s.ok('tag_autocomplete', { q: 'zebraf' }, null), ['zebrafish'], 'tag_autocomplete');
    t.same(
      await s.ok('format_autocomplete', { q: 'zebraf' }, null),
      ['zebrafmt'],
      'format_autocomplete (lower-cased, as CKAN does)',
    );

    // a batch written back to back, then private, draft and public mixed
    const names: string[] = [];
    for (let i = 0; i < 11; i++) {
      const d = await dataset(
        s,
        {
          name: `ryw-${i}`,
          owner_org: o.id,
          title: `Walk dataset ${i}`,
          tags: [{ name: 'walk' }, { name: `w${i % 3}` }],
          private: i === 3,
          state: i === 4 ? 'draft' : undefined,
        },
        editor.token,
      );
      names.push(d.name);
      t.equal(
        (await search(s, { fq: `name:${d.name}`, include_private: true, include_drafts: true }, editor.token)).count,
        1,
        `${d.name} searchable at once by its editor`,
      );
    }
    const counts: Record<string, number> = {};
    for (const c of callers) counts[c.label] = await countMatchesWalk(t, s, { q: 'walk' }, c, 'after the batch');
    t.equal(counts.anonymous, 9, 'anonymous: the 9 public active ones');
    t.equal(counts.member, 11, 'member with include_private and include_drafts: all 11');
    t.equal(counts.outsider, 9, 'outsider: no private dataset of another organization');

    // patch -> sort by metadata_modified desc and a range on it
    const patched = await s.ok('package_patch', { id: 'ryw-7', title: 'Walk dataset seven, renamed' }, editor.token);
    const newest = await search(s, { q: 'walk', sort: 'metadata_modified desc', rows: 1 }, null);
    t.equal(newest.results[0].id, patched.id, 'sort=metadata_modified desc puts the patched dataset first');
    t.equal(newest.results[0].title, 'Walk dataset seven, renamed', 'with its new title');
    const range = await search(s, { fq: `metadata_modified:[${patched.metadata_modified}Z TO *]` }, null);
    t.same(
      range.results.map((r: any) => r.id),
      [patched.id],
      'fq=metadata_modified:[T TO *] holds exactly the patched dataset',
    );
    t.equal((await search(s, { q: 'renamed' }, null)).count, 1, 'the new words are searchable');

    // private -> gone from count, page and facets for anonymous at once, on both count paths
    const before = await search(s, { 'facet.field': '["tags","organization"]' }, null);
    await s.ok('package_patch', { id: 'ryw-0', private: true }, editor.token);
    const after = await search(s, { 'facet.field': '["tags","organization"]' }, null);
    t.equal(after.count, before.count - 1, 'match-all count (facet-count table) drops at once');
    t.equal(after.facets.tags.walk, before.facets.tags.walk - 1, 'tag facet drops at once');
    t.equal(
      after.facets.organization['ryw-org'],
      before.facets.organization['ryw-org'] - 1,
      'organization facet drops at once',
    );
    t.equal(after.facets.tags.w0, before.facets.tags.w0 - 1, "the dataset's own tag facet drops");
    const text = await search(s, { q: 'walk', 'facet.field': '["tags"]' }, null);
    t.equal(text.count, 8, 'text query count (scan path) drops at once');
    t.equal(text.facets.tags.walk, 8);
    t.notOk(
      text.results.some((r: any) => r.name === 'ryw-0'),
      'and the page does not show it',
    );
    t.notOk((await s.ok('package_list', {}, null)).includes('ryw-0'), 'package_list drops it');
    for (const c of callers) await countMatchesWalk(t, s, { q: 'walk' }, c, 'after private');

    // delete -> gone for everyone
    await s.ok('package_delete', { id: 'ryw-1' }, editor.token);
    t.equal(
      (await search(s, { q: 'walk', include_private: true }, s.sysadmin.token)).count,
      9,
      'a deleted dataset leaves at once, even for sysadmins',
    );
    t.equal((await search(s, { fq: 'name:ryw-1' }, null)).count, 0);
    t.notOk((await s.ok('package_list', {}, null)).includes('ryw-1'), 'package_list drops it');
    t.notOk(
      (await s.ok('current_package_list_with_resources', { limit: 50 }, null)).some((d: any) => d.name === 'ryw-1'),
    );
    for (const c of callers) await countMatchesWalk(t, s, {}, c, 'after delete, match-all');

    // an organization rename reaches every dataset it owns (organization facet and q)
    await s.ok('organization_patch', { id: o.id, title: 'Renamed Walkers' });
    t.equal(
      (await search(s, { q: 'walk', fq: 'organization:ryw-org' }, null)).results[0].organization.title,
      'Renamed Walkers',
      'embedded organization is current',
    );

    // the indexer had nothing left to do for writes indexed in their transaction
    const lag = (await s.ok('status_show', {}, null)).index_lag.search;
    t.equal(lag.write_sync.deferred, 0, 'no write fell back to the indexer');
  });

  t.test(`parallel writers each find their own write at once (${embedded ? 'PGlite' : 'PostgreSQL'})`, async (t) => {
    const s = await startServer(t, { embedded });
    const o = await org(s, 'par-org');
    const misses: string[] = [];
    await Promise.all(
      Array.from({ length: 6 }, async (_, w) => {
        for (let i = 0; i < 4; i++) {
          const d = await dataset(s, {
            name: `par-${w}-${i}`,
            owner_org: o.id,
            title: `Parallel ${w} ${i}`,
            tags: [{ name: 'shared' }, { name: `w${w}` }],
          });
          const r = await search(s, { fq: `name:${d.name}` }, null);
          if (r.count !== 1) misses.push(d.name);
          const p = await s.ok('package_patch', { id: d.id, notes: `patched ${w} ${i}` });
          const top = await search(s, { fq: `tags:w${w}`, sort: 'metadata_modified desc', rows: 1 }, null);
          if (top.results[0]?.id !== p.id || top.results[0]?.notes !== `patched ${w} ${i}`)
            misses.push(`${d.name} patch`);
        }
      }),
    );
    t.same(misses, [], 'no write missing from the search that followed it');
    const all = await search(s, { fq: 'tags:shared', 'facet.field': '["tags"]' }, null);
    t.equal(all.count, 24);
    t.equal(all.facets.tags.shared, 24, 'facet counts kept exact under concurrent writers');
    t.equal((await search(s, {}, null)).count, 24, 'match-all count from the facet-count table is exact');
  });
}

engineTests(false);
engineTests(true);
