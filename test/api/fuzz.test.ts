// 2,040 hostile requests from a fixed seed: every action x transport (GET query, form, JSON, multipart,
// garbage content types) x caller (anonymous, garbage token, sysadmin), twice. Fails on any 5xx, a
// stack trace, an error CKAN could not have sent, an error body that echoes the input at length, or a
// change to a reference dataset that every anonymous request is aimed at.
import t from 'tap';
import { loadActions } from '../../src/actions/registry.ts';
import { startServer } from '../helpers/server.ts';
import { makeOrg, passport } from '../helpers/fixtures.ts';
import { buildRequest, ckanShaped, prng, TRANSPORTS, type FuzzRequest } from '../helpers/fuzz.ts';

const SEED = 20261206;
const ROUNDS = 2;
const CONCURRENCY = 8;

t.test('fuzzed requests never get a 5xx or a non-CKAN error', async (t) => {
  const s = await startServer(t);
  await makeOrg(s, 'fuzz-org');
  const ref = await s.ok('package_create', passport('fuzz-reference', 'fuzz-org', { private: false }));
  // The quality score is derived in the background (outbox consumer, link checks): it is not an edit.
  const withoutScore = ({ quality: _q, ...dict }: Record<string, unknown>) => dict;
  const before = withoutScore(await s.ok('package_show', { id: ref.id }));
  const actions = [...(await loadActions()).keys()];

  const r = prng(SEED);
  const requests: FuzzRequest[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const action of actions) {
      for (const transport of TRANSPORTS) {
        for (const caller of ['anonymous', 'garbage', 'sysadmin'] as const)
          requests.push(buildRequest(r, action, transport, caller, { sysadmin: s.sysadmin.token }, ref.id));
      }
    }
  }
  t.ok(requests.length >= 2000, `${requests.length} requests`);

  const problems: string[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  const slowest: [number, string][] = [];
  const worker = async () => {
    while (next < requests.length) {
      const q = requests[next++];
      let status = 0;
      let text = '';
      const t0 = performance.now();
      try {
        const res = await fetch(`${s.url}/api/3/action/${q.action}${q.query}`, q.init);
        status = res.status;
        text = await res.text();
      } catch (e) {
        problems.push(`${q.label}: request failed: ${(e as Error).message}`);
        continue;
      }
      slowest.push([performance.now() - t0, q.label.slice(0, 100)]);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      const wrong = ckanShaped(status, text);
      if (wrong) problems.push(`${q.label} -> ${wrong}: ${text.slice(0, 200)}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  t.same(problems.slice(0, 20), [], `no 5xx, stack trace or non-CKAN error (${problems.length} problems)`);
  slowest.sort((a, b) => b[0] - a[0]);
  t.comment(
    `slowest: ${JSON.stringify(
      slowest.slice(0, 15).map(([ms, l]) => `${Math.round(ms)} ms ${l}`),
      null,
      1,
    )}`,
  );
  t.comment(`statuses: ${JSON.stringify(Object.fromEntries(statuses))}`);

  const after = withoutScore(await s.ok('package_show', { id: ref.id }));
  t.same(after, before, 'the reference dataset is unchanged');
  t.equal((await s.call('status_show', {}, { get: true })).status, 200, 'the server still answers');
});
