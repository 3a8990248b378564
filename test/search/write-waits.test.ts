// The Meilisearch write wait, without a Meilisearch server: how a writer's wait ends (its entries
// applied, the engine failing, or its time up), driven by a hand-cranked timer instead of wall time.
import t from 'tap';
import { WriteWaits, type Timer } from '../../src/search/write-waits.ts';

function manualTimer() {
  const pending = new Map<number, { fn: () => void; at: number }>();
  let now = 0;
  let next = 1;
  const timer: Timer = {
    set: (fn, ms) => {
      const h = next++;
      pending.set(h, { fn, at: now + ms });
      return h;
    },
    clear: (h) => {
      pending.delete(h as number);
    },
  };
  return {
    timer,
    get pending() {
      return pending.size;
    },
    advance(ms: number) {
      now += ms;
      for (const [h, p] of [...pending])
        if (p.at <= now) {
          pending.delete(h);
          p.fn();
        }
    },
  };
}

t.test('a wait ends when every entry is applied, in any order', async (t) => {
  const clock = manualTimer();
  const w = new WriteWaits(clock.timer);
  const p = w.wait([5, 7], 5000);
  t.ok(w.wants(5) && w.wants(7) && !w.wants(6));
  w.applied([7]);
  t.equal(w.size, 1, 'still waiting for 5');
  w.applied([5]);
  t.equal(await p, 'applied');
  t.equal(clock.pending, 0, 'its timer is cleared');
});

t.test('the cursor passing the entries ends the wait', async (t) => {
  const w = new WriteWaits(manualTimer().timer);
  const a = w.wait([3, 4], 5000);
  const b = w.wait([9], 5000);
  w.appliedThrough(4);
  t.equal(await a, 'applied');
  t.equal(w.size, 1, 'a later entry still waits');
  w.appliedThrough(9);
  t.equal(await b, 'applied');
});

t.test('the time limit ends the wait, and only it', async (t) => {
  const clock = manualTimer();
  const w = new WriteWaits(clock.timer);
  const p = w.wait([1], 5000);
  let settled = false;
  void p.then(() => {
    settled = true;
  });
  clock.advance(4999);
  await Promise.resolve();
  t.notOk(settled, 'not before the limit');
  clock.advance(1);
  t.equal(await p, 'timeout');
  t.equal(w.size, 0);
  w.applied([1]);
  t.equal(w.size, 0, 'a late apply finds nobody waiting');
});

t.test('an engine failure releases every writer at once', async (t) => {
  const clock = manualTimer();
  const w = new WriteWaits(clock.timer);
  const ps = [w.wait([1], 5000), w.wait([2, 3], 5000)];
  w.failed();
  t.same(await Promise.all(ps), ['failed', 'failed']);
  t.equal(clock.pending, 0);
});

t.test('no entries or no time: no wait', async (t) => {
  const w = new WriteWaits(manualTimer().timer);
  t.equal(await w.wait([], 5000), 'applied');
  t.equal(await w.wait([1], 0), 'timeout', 'MEILI_WRITE_WAIT_MS=0 never waits');
  t.equal(w.size, 0);
});
