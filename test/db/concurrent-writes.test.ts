// Concurrent writers never fail on each other: 8 parallel writers create and update datasets that share
// tags, groups and an organization, with resources; every call succeeds and every write is kept.
// Before the fixed lock order (src/packages/write.ts) and the retry of deadlocks (src/db/retry.ts),
// parallel package_create calls sharing tags answered 500 "deadlock detected".
import t from 'tap';
import { startServer } from '../helpers/server.ts';
import { makeGroup, makeOrg, passport } from '../helpers/fixtures.ts';

const WRITERS = 8;
const ROUNDS = 4;
const TAGS = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta'];

/**
 * Tags new in each round and shared by every writer, each in an order of its own: concurrent inserts of
 * the same new tags in different orders are what deadlocked.
 */
function tagsFor(writer: number, round: number): { name: string }[] {
  const shifted = TAGS.map((_, i) => `${TAGS[(i + writer) % TAGS.length]}-${round}`);
  return (writer % 2 ? shifted.reverse() : shifted).slice(0, 6).map((name) => ({ name }));
}

t.test('8 parallel writers with overlapping tags, groups and resources', async (t) => {
  const s = await startServer(t);
  // One organization per writer, without a passport code: nothing serialises the writers but the
  // rows they share (tags, groups).
  for (let w = 0; w < WRITERS; w++) await makeOrg(s, `org-${w}`);
  const groups = ['g-one', 'g-two', 'g-three'];
  for (const g of groups) await makeGroup(s, g);

  const failures: string[] = [];
  const expected = new Map<string, { title: string; tags: string[]; groups: string[]; resources: number }>();
  const writer = async (w: number) => {
    for (let r = 0; r < ROUNDS; r++) {
      const name = `w${w}-r${r}`;
      const gs = (w % 2 ? [...groups].reverse() : groups).slice(0, 2 + (r % 2)).map((name) => ({ name }));
      const created = await s.call(
        'package_create',
        passport(name, `org-${w}`, {
          tags: tagsFor(w, r),
          groups: gs,
          resources: [{ url: `http://example.org/${name}/1.csv` }, { url: `http://example.org/${name}/2.csv` }],
        }),
      );
      if (created.status !== 200) {
        failures.push(`create ${name}: ${created.status} ${JSON.stringify(created.body).slice(0, 300)}`);
        continue;
      }
      // Update the dataset created in the previous round: new tags, other groups, one more resource.
      const dict = created.body.result;
      const tags = tagsFor(w + 3, r + ROUNDS);
      const title = `${name} updated`;
      const updated = await s.call('package_update', {
        ...dict,
        title,
        title_translated: { ...dict.title_translated, uz: title },
        tags,
        groups: [...gs].reverse().slice(0, 2),
        resources: [...dict.resources, { url: `http://example.org/${name}/3.csv` }],
      });
      if (updated.status !== 200) {
        failures.push(`update ${name}: ${updated.status} ${JSON.stringify(updated.body).slice(0, 300)}`);
        continue;
      }
      expected.set(name, {
        title,
        tags: tags.map((x) => x.name).sort(),
        groups: [...gs]
          .reverse()
          .slice(0, 2)
          .map((g) => g.name)
          .sort(),
        resources: 3,
      });
    }
  };
  await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
  t.same(failures, [], '0 errors');
  t.equal(expected.size, WRITERS * ROUNDS, 'every write acknowledged');

  let lost = 0;
  for (const [name, want] of expected) {
    const got = await s.ok('package_show', { id: name });
    const have = {
      title: got.title,
      tags: got.tags.map((x: any) => x.name).sort(),
      groups: got.groups.map((g: any) => g.name).sort(),
      resources: got.resources.length,
    };
    if (JSON.stringify(have) !== JSON.stringify(want)) {
      lost++;
      t.fail(`${name}: ${JSON.stringify(have)} != ${JSON.stringify(want)}`);
    }
  }
  t.equal(lost, 0, '0 lost writes');
  const names: string[] = await s.ok('package_list', { limit: 1000 });
  t.equal(names.filter((n) => /^w\d+-r\d+$/.test(n)).length, WRITERS * ROUNDS, 'package_list lists every dataset once');
});
