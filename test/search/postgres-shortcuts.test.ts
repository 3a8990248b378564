// The postgres engine's shortcuts must answer exactly what the plain queries answer: pages past OFFSET
// 1000 (ids picked first, from an index where one covers the filters, then joined back), pages found
// by remembered boundaries, and typo correction against the words of titles.
import t from 'tap';
import { sql } from 'kysely';
import { startServer } from '../helpers/server.ts';
import { generateCatalog } from '../helpers/search-catalog.ts';
import { reindex } from '../../src/search/reindex.ts';
import { searchService } from '../../src/search/service.ts';
import type { PostgresEngine } from '../../src/search/engines/postgres.ts';
import { search, seedCatalog } from './fixtures.ts';

const ids = (r: any): string[] => r.results.map((d: any) => d.id);

t.test('deep and remembered pages equal the complete walk', async (t) => {
  const s = await startServer(t);
  await generateCatalog(s.pasport.services.db, 2000, { adminId: s.sysadmin.id });
  await reindex(s.pasport.services, { onProgress: () => {} });
  const callers = [
    ['anonymous', null, {}],
    ['sysadmin', s.sysadmin.token, { include_private: true, include_drafts: true }],
  ] as const;
  for (const [who, token, flags] of callers) {
    for (const sort of ['id asc', 'metadata_modified desc', 'name asc', 'title_string desc']) {
      for (const fq of ['', 'metadata_modified:[2000-01-01T00:00:00Z TO *] -dataset_type:harvest', '-res_format:PDF']) {
        const label = `${who}, sort=${sort}, fq=${fq || '-'}`;
        const all: string[] = [];
        for (let cursor = '*'; ; ) {
          const r = await search(s, { sort, rows: 400, cursor, fq, ...flags }, token);
          all.push(...ids(r));
          if (!r.next_cursor) break;
          cursor = r.next_cursor;
        }
        t.equal(new Set(all).size, all.length, `${label}: the walk has no repeats`);
        t.equal(
          (await search(s, { rows: 0, fq, ...flags }, token)).count,
          all.length,
          `${label}: the walk is complete`,
        );
        // A cursor page must not be remembered as the page at its `start`.
        t.same(
          ids(await search(s, { sort, rows: 50, start: 400, fq, ...flags }, token)),
          all.slice(400, 450),
          `${label}: start=400 after the walk`,
        );
        const deep = all.length - 80;
        t.ok(deep >= 1000, `${label}: ${deep} is past the deferred-offset threshold`);
        t.same(
          ids(await search(s, { sort, rows: 50, start: deep, fq, ...flags }, token)),
          all.slice(deep, deep + 50),
          `${label}: start=${deep}`,
        );
        // The next page is found from the boundary the previous one left.
        t.same(
          ids(await search(s, { sort, rows: 50, start: deep + 50, fq, ...flags }, token)),
          all.slice(deep + 50, deep + 100),
          `${label}: start=${deep + 50} by boundary`,
        );
      }
    }
  }
});

t.test('typo correction against the words of titles', async (t) => {
  const s = await startServer(t);
  await seedCatalog(s);
  const names = (r: any) => r.results.map((d: any) => d.name).sort();
  const facetField = '["organization","tags","res_format","license_id"]';
  for (const [typo, right] of [
    ['popultion', 'population'],
    ['Tashkemt populaton', 'Tashkent population'],
    ['Мактаблр рўйхати', 'Мактаблар рўйхати'],
    ['kasalxona orinlari', 'kasalxona o‘rinlari'],
  ]) {
    const wrong = await search(s, { q: typo, 'facet.field': facetField }, null);
    const good = await search(s, { q: right, 'facet.field': facetField }, null);
    t.ok(good.count > 0, `"${right}" finds something`);
    t.same(names(wrong), names(good), `"${typo}" finds what "${right}" finds`);
    t.same(wrong.facets, good.facets, `"${typo}": the same facets`);
  }
  t.same(
    names(await search(s, { q: 'hospitl', fq: 'organization:stat-agency' }, null)),
    [],
    'a filter still applies to the corrected search',
  );
  t.same(names(await search(s, { q: 'hospitl', fq: 'organization:edu-ministry' }, null)), ['hospital-beds']);
  t.same(names(await search(s, { q: 'zzqxv' }, null)), [], 'a word near nothing finds nothing');
  t.same(
    names(await search(s, { q: 'Сектретные' }, null)),
    [],
    'a typo of a private title finds nothing for anonymous',
  );
  t.same(
    names(await search(s, { q: 'Сектретные', include_private: true }, s.sysadmin.token)),
    ['secret-salaries'],
    '... and the dataset for a sysadmin',
  );

  // A database from before search_word (or restored without it): the words are refilled on start.
  const db = s.pasport.services.db;
  await sql`DELETE FROM search_word`.execute(db);
  t.same(names(await search(s, { q: 'popultion' }, null)), [], 'no words, no correction');
  await searchService(s.pasport.services).engine.prepare();
  // A refill happens at start, before any answer is cached: drop this process's cached answers (the
  // ones just given without words) as a restart would.
  (searchService(s.pasport.services).engine as PostgresEngine).counts.invalidate();
  s.pasport.services.packageCache.clear();
  t.ok(
    Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM search_word`.execute(db)).rows[0].n) > 20,
    'words refilled',
  );
  t.same(names(await search(s, { q: 'popultion' }, null)), ['population-tashkent'], 'corrected again');
});
