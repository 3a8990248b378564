// ckanext-harvest's CKANHarvester against Pasport, request by request (ckan-clients.md §1).
import t from 'tap';
import { startServer } from '../helpers/server.ts';
import { makeGroup, makeOrg, passport } from '../helpers/fixtures.ts';

t.test('CKAN harvester gather + import reads', async (t) => {
  const s = await startServer(t);
  const o1 = await makeOrg(s, 'org1');
  await makeOrg(s, 'org2');
  await makeOrg(s, 'org3');
  const g1 = await makeGroup(s, 'g1');
  const names: string[] = [];
  for (let i = 0; i < 230; i++) {
    const org = ['org1', 'org2', 'org3'][i % 3];
    const name = `h-${String(i).padStart(3, '0')}`;
    await s.ok('package_create', { ...passport(name, org), groups: i % 10 === 0 ? [{ name: 'g1' }] : [] });
    if (org !== 'org3' && i % 10 !== 0) names.push(name);
  }
  await s.ok('package_create', { ...passport('h-private', 'org1'), private: true });
  const del = await s.ok('package_create', passport('h-deleted', 'org1'));
  await s.ok('package_delete', { id: del.id, reason: 'test' });

  const get = async (qs: string) => {
    // requests.get with only an Authorization header when configured; the status is ignored
    const r = await fetch(`${s.url}/api/3/action/package_search?${qs}`);
    return { text: await r.text() };
  };
  const gather = async (fq: string | null) => {
    const ids: string[] = [];
    let previous = '';
    for (let start = 0; ; start += 100) {
      const qs = `rows=100&start=${start}&sort=id+asc${fq ? `&fq=${fq}` : ''}`;
      const { text } = await get(qs);
      t.not(text, previous, 'two pages are never byte-identical');
      previous = text;
      const results = JSON.parse(text).result.results as any[];
      if (!results.length) break;
      for (const d of results) {
        t.ok(d.resources && d.organization && d.metadata_modified, 'search results are full package dicts');
        ids.push(d.id);
      }
    }
    return ids;
  };

  // organizations_filter_include + groups_filter_exclude, as the harvester encodes them
  const fq = encodeURIComponent('organization:org1 OR organization:org2') + '+' + encodeURIComponent('-groups:g1');
  const full = await gather(fq);
  t.equal(new Set(full).size, full.length, 'every dataset exactly once');
  const byId = new Map<string, string>();
  for (const n of names) byId.set((await s.ok('package_show', { id: n })).id, n);
  t.same(full.slice().sort(), [...byId.keys()].sort(), 'exactly the public datasets of org1/org2 outside g1');
  t.same(full, full.slice().sort(), 'sorted by id ascending');

  // incremental run: metadata_modified:[<iso>.ffffffZ TO *]
  const before =
    new Date(Date.now() - 1000)
      .toISOString()
      .replace('Z', '')
      .replace(/\.(\d{3})$/, '.$1123') + 'Z';
  await s.ok('package_patch', { id: 'h-001', notes: 'changed' });
  const incr = await gather(encodeURIComponent(`metadata_modified:[${before} TO *]`));
  t.ok(incr.length >= 1, 'the changed dataset is found');
  t.ok(incr.includes((await s.ok('package_show', { id: 'h-001' })).id));

  // import stage: organization_show and group_show by id
  const org = await fetch(`${s.url}/api/3/action/organization_show?id=${o1.id}`).then((r) => r.json());
  t.equal(org.result.name, 'org1');
  const grp = await fetch(`${s.url}/api/3/action/group_show?id=${g1.id}`).then((r) => r.json());
  t.equal(grp.result.name, 'g1');
});
