// A search document rewritten with the same text keeps its stored vectors and touches no index (a
// heap-only update: migrations/0025_search_doc_hot.ts); a changed text is analysed again and found by
// its new words only.
import t from 'tap';
import { sql } from 'kysely';
import { startServer } from '../helpers/server.ts';
import { loadPackages } from '../../src/packages/dictize.ts';
import { toSearchDoc } from '../../src/search/document.ts';
import { writeDocs } from '../../src/search/engines/pg-write.ts';
import { reindex } from '../../src/search/reindex.ts';

t.test('rewriting a search document', async (t) => {
  const s = await startServer(t);
  const { db, config } = s.pasport.services;
  await s.ok('organization_create', { name: 'stat' }, s.sysadmin.token);
  const made: { id: string }[] = [];
  for (const [name, title] of [
    ['buses', 'Bus timetables of Samarkand'],
    ['trams', 'Tram stops of Tashkent'],
  ])
    made.push(await s.ok('package_create', { name, title, owner_org: 'stat' }, s.sysadmin.token));
  // The quality consumer rewrites both documents in the background (their new scores). A rewrite racing
  // it waits for its row lock and may find the page full of its versions: not what is measured here.
  await s.settle();
  const stored = () =>
    db
      .selectFrom('search_doc')
      .select(['id', 'text_hash', sql<string>`tsv::text`.as('tsv'), 'dict'])
      .orderBy('name')
      .execute();
  const before = await stored();
  t.equal(before.length, 2);
  t.ok(
    before.every((r) => r.text_hash),
    'every document records the digest of its text',
  );

  const docs = [...(await loadPackages(db, [made[0].id, made[1].id], config)).values()].map(toSearchDoc);
  // Only the dict changes (as a new quality score changes it): no vector is analysed again, and no
  // index gains an entry.
  for (const d of docs) d.dict = d.dict.replace(/}$/, ',"probe":1}');
  const hot = await db.transaction().execute(async (trx) => {
    // The counter also holds what this pooled connection did in its last second, not yet reported (the
    // background scorer rewriting these documents): the rewrite is what it adds.
    const count = async () =>
      (
        await sql<{
          n: number;
        }>`SELECT pg_stat_get_xact_tuples_hot_updated('search_doc'::regclass)::int AS n`.execute(trx)
      ).rows[0].n;
    const before = await count();
    await writeDocs(trx, 'search_doc', docs, config.languages);
    return (await count()) - before;
  });
  t.equal(hot, 2, 'both rewrites were heap-only updates');
  const after = await stored();
  t.same(
    after.map((r) => [r.text_hash, r.tsv]),
    before.map((r) => [r.text_hash, r.tsv]),
    'same digests, same vectors',
  );
  t.ok(
    after.every((r) => r.dict.includes('"probe":1')),
    'the new dict is stored',
  );

  // A new title: analysed again, found by its new word and no longer by the old one.
  await s.ok('package_patch', { id: 'buses', title: 'Trolleybus routes of Bukhara' }, s.sysadmin.token);
  const changed = (await stored()).find((r) => r.id === made[0].id)!;
  t.not(changed.text_hash, before[0].text_hash, 'a new digest');
  t.match(changed.tsv, /bukhara/);
  t.notMatch(changed.tsv, /samarkand/);
  const found = async (q: string) => (await s.ok('package_search', { q }, null)).results.map((d: any) => d.name);
  t.same(await found('Bukhara'), ['buses']);
  t.same(await found('Samarkand'), []);
  t.same(await found('Tashkent'), ['trams'], 'the other document is untouched');

  // An instance of an earlier version, which knows no digest, rewrites a vector: the digest is
  // forgotten, so the next write analyses the text again rather than keep that vector.
  await sql`UPDATE search_doc SET tsv = to_tsvector('simple', 'stale words') WHERE id = ${made[1].id}`.execute(db);
  t.equal((await stored()).find((r) => r.id === made[1].id)!.text_hash, null, 'the digest is forgotten');
  await s.ok('package_patch', { id: 'trams', notes: 'Every stop' }, s.sysadmin.token);
  t.same(await found('Tashkent'), ['trams'], 'the vector is built from the text again');
  t.same(await found('stale'), []);

  // A rebuild keeps the trigger on the new table.
  await reindex(s.pasport.services, { onProgress: () => {} });
  await sql`UPDATE search_doc SET tsv = to_tsvector('simple', 'stale words') WHERE id = ${made[1].id}`.execute(db);
  t.equal((await stored()).find((r) => r.id === made[1].id)!.text_hash, null, 'after a rebuild too');
});
