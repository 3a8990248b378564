// The cached read paths (package_list, package_search pages, package_show): a cached answer never
// outlives a write that changes it (no waiting between the write and the read), never crosses
// visibility classes (anonymous / member / sysadmin), and, with two instances on one PostgreSQL,
// never survives another instance's write that returned. On PostgreSQL and PGlite.
import t from 'tap';
import { startServer, type TestServer } from '../helpers/server.ts';
import { member, org } from './fixtures.ts';
import { loadConfig } from '../../src/config.ts';
import { buildApp } from '../../src/app.ts';
import { readCache } from '../../src/packages/read-cache.ts';

const names = (r: any) => r.results.map((d: any) => d.name).sort();

async function get(url: string, action: string, params: Record<string, string>, token?: string) {
  const r = await fetch(`${url}/api/3/action/${action}?${new URLSearchParams(params)}`, {
    headers: token ? { Authorization: token } : {},
  });
  return r.json() as Promise<any>;
}

function engine(embedded: boolean) {
  t.test(`cached reads follow writes and visibility on ${embedded ? 'PGlite' : 'PostgreSQL'}`, async (t) => {
    const s: TestServer = await startServer(t, { embedded, config: { operatorWorkflow: false } });
    const o = await org(s, 'rc-org');
    const editor = await s.user('rc-editor');
    await member(s, o.id, editor.id, 'editor');
    const outsider = await s.user('rc-outsider');
    await s.ok('package_create', { name: 'rc-public', owner_org: o.id, title: 'Quokka census' }, editor.token);
    await s.ok(
      'package_create',
      { name: 'rc-private', owner_org: o.id, title: 'Quokka secrets', private: true },
      editor.token,
    );

    const q = { q: 'quokka', include_private: 'true' };
    const read = async () => ({
      anon: names(await s.ok('package_search', q, null)),
      outsider: names(await s.ok('package_search', q, outsider.token)),
      member: names(await s.ok('package_search', q, editor.token)),
      admin: names(await s.ok('package_search', q, s.sysadmin.token)),
      list: await s.ok('package_list', {}, null),
      listAdmin: await s.ok('package_list', {}, s.sysadmin.token),
    });
    // Twice: the second round comes from the caches (checked below through their hit counters). The
    // background quality scorer's first scores are writes too, which rightly empty the caches: they land
    // first, so the hit counters count only these reads (what clients see is asserted without waiting).
    await s.settle();
    const first = await read();
    const hits0 = readCache(s.pasport.services, 'package_search').hits;
    const again = await read();
    t.ok(
      readCache(s.pasport.services, 'package_search').hits >= hits0 + 4,
      'the repeated pages were served from the page cache',
    );
    t.same(again, first, 'a cached page is the page');
    t.same(first.anon, ['rc-public'], 'anonymous: the public dataset only');
    t.same(
      first.outsider,
      ['rc-public'],
      'a user of another organization: the public dataset only, though a member asked the same before',
    );
    t.same(first.member, ['rc-private', 'rc-public'], 'a member: the private one too');
    t.same(first.admin, ['rc-private', 'rc-public'], 'a sysadmin: both');
    t.same(first.list, ['rc-public'], 'package_list: public datasets');
    t.same(first.listAdmin, ['rc-public'], "package_list: public datasets for a sysadmin too (one class, CKAN's rule)");

    // JSONP runs as anonymous even with a token: the anonymous page, never the member's.
    const jsonp = await fetch(`${s.url}/api/3/action/package_search?q=quokka&include_private=true&callback=cb`, {
      headers: { Authorization: editor.token },
    });
    const body = await jsonp.text();
    t.match(body, /^cb\(/, 'JSONP answer');
    t.notOk(body.includes('rc-private'), 'JSONP with a member token: the anonymous page');

    // Each write, then the read at once, for every class.
    await s.ok('package_patch', { id: 'rc-private', private: false }, editor.token);
    let now = await read();
    t.same(now.anon, ['rc-private', 'rc-public'], 'made public: anonymous sees it at once');
    t.same(now.list, ['rc-private', 'rc-public'], 'and package_list lists it at once');
    await s.ok('package_patch', { id: 'rc-public', private: true }, editor.token);
    now = await read();
    t.same(now.anon, ['rc-private'], 'made private: gone for anonymous at once');
    t.same(now.outsider, ['rc-private'], 'and for an outsider');
    t.same(now.member, ['rc-private', 'rc-public'], 'still there for the member');
    t.same(now.list, ['rc-private'], 'and gone from package_list');
    await s.ok('package_patch', { id: 'rc-private', title: 'Wombat census' }, editor.token);
    now = await read();
    t.same(now.anon, [], 'retitled: the old word finds nothing at once');
    t.same(names(await s.ok('package_search', { q: 'wombat' }, null)), ['rc-private'], 'the new word finds it');
    t.equal((await s.ok('package_show', { id: 'rc-private' }, null)).title, 'Wombat census', 'package_show too');
    await s.ok('package_delete', { id: 'rc-private', reason: 'test' }, editor.token);
    t.same(await s.ok('package_list', {}, null), [], 'deleted: package_list at once');
    t.same(names(await s.ok('package_search', { q: 'wombat' }, null)), [], 'and search');

    // Organization titles are in every cached dict and facet.
    await s.ok('package_create', { name: 'rc-third', owner_org: o.id, title: 'Quokka again' }, editor.token);
    const before = await get(s.url, 'package_search', { q: 'quokka', 'facet.field': '["organization"]' });
    t.equal(before.result.results[0].organization.title, 'rc-org', 'the organization as it was');
    await s.ok('organization_patch', { id: o.id, title: 'Renamed org' });
    const after = await get(s.url, 'package_search', { q: 'quokka', 'facet.field': '["organization"]' });
    t.equal(
      after.result.results[0].organization.title,
      'Renamed org',
      'an organization rename reaches the cached page at once',
    );
  });
}

engine(false);
engine(true);

t.test("two instances on one PostgreSQL: no cached answer survives the other instance's write", async (t) => {
  const a = await startServer(t, { config: { operatorWorkflow: false } });
  const b = await buildApp(
    loadConfig({
      LOG_LEVEL: 'warn',
      DATABASE_URL: a.config.databaseUrl!,
      PASPORT_REQUIRED_LANGUAGES: 'none',
      PASPORT_SPARQL: 'false',
      PASPORT_SCHEDULER: 'false',
    } as NodeJS.ProcessEnv),
    { logger: false },
  );
  await b.app.listen({ port: 0, host: '127.0.0.1' });
  t.teardown(() => b.close());
  const bUrl = `http://127.0.0.1:${(b.app.server.address() as { port: number }).port}`;
  const o = await org(a, 'two-org');
  await a.ok('package_create', { name: 'two-a', owner_org: o.id, title: 'Platypus one' });
  const onB = async () => ({
    list: (await get(bUrl, 'package_list', {})).result,
    page: (await get(bUrl, 'package_search', { q: 'platypus' })).result.results.map((d: any) => d.title).sort(),
    show: (await get(bUrl, 'package_show', { id: 'two-a' })).result?.title,
  });
  t.same(
    await onB(),
    { list: ['two-a'], page: ['Platypus one'], show: 'Platypus one' },
    'B reads (and caches) what A wrote',
  );
  t.same(await onB(), { list: ['two-a'], page: ['Platypus one'], show: 'Platypus one' }, 'B again, from its caches');
  for (let i = 0; i < 5; i++) {
    // A writes; B answers the very next request with it, five times over.
    await a.ok('package_patch', { id: 'two-a', title: `Platypus v${i}` });
    await a.ok('package_create', { name: `two-n${i}`, owner_org: o.id, title: `Platypus new ${i}` });
    const r = await onB();
    t.equal(r.show, `Platypus v${i}`, `round ${i}: package_show on B has A's edit`);
    t.ok(
      r.page.includes(`Platypus v${i}`) && r.page.includes(`Platypus new ${i}`),
      `round ${i}: the search page on B has both writes`,
    );
    t.ok(r.list.includes(`two-n${i}`), `round ${i}: package_list on B has the new dataset`);
  }
  await a.ok('package_patch', { id: 'two-a', private: true });
  t.equal(
    (await get(bUrl, 'package_show', { id: 'two-a' })).success,
    false,
    'made private on A: B refuses it anonymously at once',
  );
  t.notOk((await get(bUrl, 'package_list', {})).result.includes('two-a'), 'and leaves it out of package_list');
});
