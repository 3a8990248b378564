// datastore_search_sql's fair shares (src/datastore/fair-share.ts): a client sending many statements back
// to back does not make another client's single statement wait behind all of them.
import t from 'tap';
import { FairShare } from '../../src/datastore/fair-share.ts';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

t.test('round robin between clients, one slot', async (t) => {
  const share = new FairShare(1);
  const started: string[] = [];
  const gates = new Map<string, ReturnType<typeof deferred>>();
  const submit = (client: string, id: string) => {
    gates.set(id, deferred());
    return share.run(client, async () => {
      started.push(id);
      await gates.get(id)!.promise;
    });
  };
  const all = [1, 2, 3, 4, 5].map((i) => submit('heavy', `h${i}`));
  all.push(submit('light', 'l1'));
  t.equal(share.queued, 5, 'one runs, five wait');
  for (let i = 0; i < 6; i++) {
    await new Promise((r) => setImmediate(r));
    gates.get(started.at(-1)!)!.resolve();
  }
  await Promise.all(all);
  t.same(started, ['h1', 'h2', 'l1', 'h3', 'h4', 'h5'], 'the light client waits for one heavy statement, not five');
});

t.test('several slots, a full queue is refused', async (t) => {
  const share = new FairShare(2, 3);
  const gate = deferred();
  let running = 0;
  let peak = 0;
  const task = async () => {
    running++;
    peak = Math.max(peak, running);
    await gate.promise;
    running--;
  };
  const ok = [
    share.run('a', task),
    share.run('b', task),
    share.run('a', task),
    share.run('c', task),
    share.run('b', task),
  ];
  await t.rejects(share.run('d', task), /queue full/, 'over the queue bound');
  gate.resolve();
  await Promise.all(ok);
  t.equal(peak, 2, 'never more than the workers at once');
  t.equal(share.queued, 0);
});
