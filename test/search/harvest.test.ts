// The clients' exact request sequences: ckanext-harvest's gather (rows=100, start += 100, sort=id asc,
// fq with OR, - and the fractional-Z date range) collects every public dataset exactly once and ends
// on an empty page; the cursor parameter walks completely; incremental harvesters see deletions.
import t from 'tap';
import { startServer } from '../helpers/server.ts';
import { dataset, group, org, search } from './fixtures.ts';

t.test('harvesting', async (t) => {
  const s = await startServer(t);
  const o1 = await org(s, 'org-a');
  const o2 = await org(s, 'org-b');
  const o3 = await org(s, 'org-c');
  const excluded = await group(s, 'excluded');
  const publicIds = new Set<string>();
  const inScope = new Set<string>();
  for (let i = 0; i < 250; i++) {
    const owner = [o1, o2, o3][i % 3];
    const d = await dataset(s, {
      name: `ds-${String(i).padStart(3, '0')}`,
      owner_org: owner.id,
      title: `Dataset ${i}`,
      private: i % 17 === 0,
      groups: i % 10 === 0 ? [{ name: excluded.name }] : [],
      resources: [{ url: `http://example.org/${i}.csv` }],
    });
    if (i % 17 !== 0) {
      publicIds.add(d.id);
      if (owner !== o3 && i % 10 !== 0) inScope.add(d.id);
    }
  }
  await s.ok('package_delete', { id: 'ds-001', reason: 'test' });
  publicIds.delete((await s.ok('package_show', { id: 'ds-001' })).id);
  inScope.delete((await s.ok('package_show', { id: 'ds-001' })).id);

  // The harvester's own loop, byte for byte: GET, single-encoded fq, stop on the first empty page.
  async function gather(fq: string | null, token: string | null = null) {
    const seen: string[] = [];
    let previous = '';
    for (let start = 0; ; start += 100) {
      const qs = `rows=100&start=${start}&sort=id+asc${fq ? `&fq=${encodeURIComponent(fq).replace(/%20/g, '+')}` : ''}`;
      const res = await fetch(`${s.url}/api/3/action/package_search?${qs}`, {
        headers: token ? { Authorization: token } : {},
      });
      const text = await res.text();
      t.not(text, previous, 'consecutive pages differ');
      previous = text;
      const results = JSON.parse(text).result.results as { id: string }[];
      if (!results.length) break;
      seen.push(...results.map((r) => r.id));
    }
    return seen;
  }

  t.test('full run collects every public dataset exactly once', async (t) => {
    const seen = await gather(null);
    t.equal(seen.length, publicIds.size);
    t.equal(new Set(seen).size, seen.length, 'no duplicates');
    t.same(new Set(seen), publicIds);
    t.same(seen, [...seen].sort(), 'in id order');
  });

  t.test('filtered incremental run: OR, -, fractional Z range', async (t) => {
    for (const since of ['2000-05-01T09:00:00.123456Z', '2000-05-01T09:00:00Z', '2000-05-01T09:00:00.5Z']) {
      const fq = `organization:${o1.name} OR organization:${o2.name} -groups:${excluded.name} metadata_modified:[${since} TO *]`;
      const seen = await gather(fq);
      t.equal(new Set(seen).size, seen.length, 'no duplicates');
      t.same(new Set(seen), inScope, since);
    }
    const none = await gather(`metadata_modified:[2999-01-01T00:00:00.000001Z TO *]`);
    t.same(none, [], 'nothing newer: an empty first page');
  });

  t.test('paging stays exact when datasets change between pages', async (t) => {
    const seen: string[] = [];
    for (let start = 0; ; start += 100) {
      const r = await search(s, { rows: 100, start, sort: 'id asc' });
      if (!r.results.length) break;
      seen.push(...r.results.map((d: any) => d.id));
      if (start === 0) {
        // a dataset sorting before the boundary appears meanwhile: offset paging would repeat one
        await dataset(s, { name: 'zz-late', owner_org: o1.id, id: '00000000-0000-4000-8000-000000000001' });
      }
    }
    t.equal(new Set(seen).size, seen.length, 'no duplicates across pages');
    t.same(new Set(seen), publicIds, 'nothing skipped');
    publicIds.add('00000000-0000-4000-8000-000000000001');
  });

  t.test('cursor parameter walks the whole catalog', async (t) => {
    const seen: string[] = [];
    let cursor = '*';
    let pages = 0;
    for (;;) {
      const r = await search(s, { cursor, rows: 40 });
      pages++;
      t.equal(r.count, publicIds.size);
      seen.push(...r.results.map((d: any) => d.id));
      if (!r.next_cursor) break;
      cursor = r.next_cursor;
    }
    t.equal(pages, Math.ceil(publicIds.size / 40) + (publicIds.size % 40 === 0 ? 1 : 0));
    t.same(seen.length, publicIds.size);
    t.same(new Set(seen), publicIds);
    const byModified: string[] = [];
    cursor = '*';
    for (;;) {
      const r = await search(s, { cursor, rows: 50, sort: 'metadata_modified desc' });
      byModified.push(...r.results.map((d: any) => d.metadata_modified));
      if (!r.next_cursor) break;
      cursor = r.next_cursor;
    }
    t.same(byModified, [...byModified].sort().reverse(), 'metadata_modified order');
    t.equal(byModified.length, publicIds.size);
    let r = await s.call('package_search', { cursor: 'garbage!' }, { get: true });
    t.equal(r.status, 400);
    const first = await search(s, { cursor: '*', rows: 5, sort: 'name asc' });
    r = await s.call('package_search', { cursor: first.next_cursor, sort: 'id asc' }, { get: true });
    t.equal(r.status, 400, 'a cursor belongs to its sort');
    r = await s.call('package_search', { cursor: '*', q: 'dataset', sort: 'score desc' }, { get: true });
    t.equal(r.status, 400, 'no cursor over relevance');
  });

  t.test('deletions are visible to incremental harvesters with rights', async (t) => {
    const since = (await s.ok('package_show', { id: 'ds-002' })).metadata_modified;
    await s.ok('package_delete', { id: 'ds-002', reason: 'test' });
    const fq = `metadata_modified:[${since}Z TO *]`;
    const anon = await search(s, { fq, include_deleted: true, rows: 1000 }, null);
    t.notOk(
      anon.results.some((d: any) => d.name === 'ds-002'),
      'anonymous: not listed',
    );
    const admin = await search(s, { fq: `${fq} state:deleted`, include_deleted: true, rows: 1000 });
    t.same(admin.results.map((d: any) => d.name).sort(), ['ds-001', 'ds-002'], 'both deletions since then');
    t.ok(admin.results.every((d: any) => d.state === 'deleted'));
    const operator = await s.user('op', { operator: true });
    const op = await search(s, { fq, include_deleted: true, rows: 1000 }, operator.token);
    t.ok(op.results.some((d: any) => d.name === 'ds-002' && d.state === 'deleted'));
  });
});
