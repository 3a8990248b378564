import { Session } from 'node:inspector/promises';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { startBenchServer } from './lib.ts';
import { freePort } from '../test/helpers/port.ts';
import { loadConfig } from '../src/config.ts';
import { buildApp } from '../src/app.ts';
import { median } from './stats.ts';
import { autocannon } from './load.ts';

const SECONDS = Number(process.argv[2] ?? 5);
const ROUNDS = Number(process.argv[3] ?? 3);
/** BENCH_CPU_ONLY=1: skip autocannon, only the CPU per request (steadier on a loaded machine). */
const CPU_ONLY = !!process.env.BENCH_CPU_ONLY;

/** Share of profile samples (CPU time) whose stack holds a frame of the rate limiter. */
async function limiterShare(run: () => Promise<void>): Promise<number> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  await run();
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const url = (id: number) => byId.get(id)?.callFrame.url ?? '';
  const isLimiter = (id: number) => /src\/ratelimit\/|@fastify\/rate-limit/.test(url(id));
  // The caller's identity (token lookup) runs first in the limiter's hook, but the action needs it
  // anyway and it is cached per request: with limits off the same work moves to the action.
  const isIdentity = (id: number) => /src\/api\/caller\.ts|src\/auth\//.test(url(id));
  const memo = new Map<number, boolean>();
  /** In the limiter's own work: a limiter frame above, and no identity frame between it and the sample. */
  const inLimiter = (id: number): boolean => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    const p = parent.get(id);
    const v = isIdentity(id) ? false : isLimiter(id) || (p !== undefined && inLimiter(p));
    memo.set(id, v);
    return v;
  };
  let all = 0;
  let mine = 0;
  const dbg = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const node = byId.get(samples[i]);
    // Idle and the profiler's own bookkeeping are not the server's CPU.
    if (node?.callFrame.functionName === '(idle)' || node?.callFrame.functionName === '(program)') continue;
    all += deltas[i] ?? 0;
    if (inLimiter(samples[i])) {
      mine += deltas[i] ?? 0;
      if (process.env.BENCH_DEBUG) {
        const f = node!.callFrame;
        const k = `${f.functionName} ${f.url.replace(/^.*node_modules\//, '')}:${f.lineNumber}`;
        dbg.set(k, (dbg.get(k) ?? 0) + (deltas[i] ?? 0));
      }
    }
  }
  if (process.env.BENCH_DEBUG)
    console.error(
      [...dbg]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 25)
        .map(([k, v]) => `${((v / all) * 100).toFixed(2)}% ${k}`)
        .join('\n'),
    );
  return all ? mine / all : 0;
}

/** A `pasport serve` process on CPU `cpu` only; resolves once it answers. */
async function pinnedServer(cpu: string, env: Record<string, string>): Promise<{ base: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn('taskset', ['-c', cpu, process.execPath, 'bin/pasport.mjs', 'serve'], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`pasport serve exited with ${child.exitCode}`);
    if (
      await fetch(`${base}/api/3`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { base, child };
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * On vs off at the same moment: both servers are processes pinned to the same CPU, loaded at once by
 * two load generators pinned to the other. The scheduler gives each server half of that CPU, so their
 * throughputs stand in the ratio of their costs per request, and whatever else slows the machine (this
 * one's throughput swings by ±30 % between rounds run one after the other) slows both alike. Its own
 * spread, measured: an A/A run (BENCH_AA=1) gave medians 1.002 and 1.010, but later the same evening
 * two runs of one variant differed by 6 %, so read a median within ±5 % as "not distinguishable".
 */
async function simultaneous(env: Record<string, string>, path: string, token: string) {
  const servers = {
    // BENCH_AA=1: both servers without limits, to show the method's own spread.
    on: await pinnedServer('1', {
      ...env,
      PASPORT_RATE_LIMIT: process.env.BENCH_AA ? 'off' : 'on',
      PASPORT_RATE_LIMITS: 'read=100000000',
    }),
    off: await pinnedServer('1', { ...env, PASPORT_RATE_LIMIT: 'off' }),
  };
  const ratios: Record<string, number[]> = { anon: [], token: [] };
  const rps: Record<string, number[]> = { 'on anon': [], 'off anon': [], 'on token': [], 'off token': [] };
  try {
    for (let i = 0; i <= PINNED_ROUNDS; i++) {
      for (const who of ['anon', 'token']) {
        const load = (mode: 'on' | 'off') =>
          autocannon(`${servers[mode].base}${path}`, {
            connections: 16,
            seconds: SECONDS,
            cpus: '0',
            headers: who === 'token' ? { Authorization: token } : {},
          });
        const [on, off] = await Promise.all([load('on'), load('off')]);
        if (on.non2xx || off.non2xx || on.errors || off.errors) throw new Error('a request failed');
        // Round 0 warms both (JIT, caches) and is not counted.
        if (i === 0) continue;
        ratios[who].push(on.rps / off.rps);
        rps[`on ${who}`].push(on.rps);
        rps[`off ${who}`].push(off.rps);
        console.error(`pinned round ${i} ${who}: on ${on.rps.toFixed(0)} off ${off.rps.toFixed(0)} req/s`);
      }
    }
  } finally {
    for (const s of Object.values(servers)) s.child.kill();
  }
  return { ratios, rps };
}

const PINNED_ROUNDS = Number(process.env.BENCH_PINNED_ROUNDS ?? 8);
const CAN_PIN = availableParallelism() >= 2 && spawnSync('taskset', ['-c', '0', 'true']).status === 0;

async function main() {
  const srv = await startBenchServer();
  await srv.call('organization_create', { name: 'rl-bench' });
  await srv.call('package_create', {
    name: 'rl-bench-ds',
    owner_org: 'rl-bench',
    notes: 'x'.repeat(2000),
    resources: [{ url: 'https://example.org/a.csv' }],
  });
  const env = {
    LOG_LEVEL: 'warn',
    DATABASE_URL: srv.pasport.services.config.databaseUrl!,
    PASPORT_SPARQL: 'false',
    PASPORT_METRICS: 'false',
    PASPORT_REQUIRED_LANGUAGES: 'none',
  };
  const path = '/api/3/action/package_show?id=rl-bench-ds';
  const pinned = CAN_PIN && PINNED_ROUNDS > 0 ? await simultaneous(env, path, srv.token) : null;
  const apps = {
    off: await buildApp(loadConfig({ ...env, PASPORT_RATE_LIMIT: 'off' } as NodeJS.ProcessEnv), { logger: false }),
    on: await buildApp(
      loadConfig({ ...env, PASPORT_RATE_LIMIT: 'on', PASPORT_RATE_LIMITS: 'read=100000000' } as NodeJS.ProcessEnv),
      { logger: false },
    ),
  };
  const bases: Record<string, string> = {};
  for (const [k, a] of Object.entries(apps)) {
    await a.app.listen({ port: 0, host: '127.0.0.1' });
    bases[k] = `http://127.0.0.1:${(a.app.server.address() as { port: number }).port}`;
  }
  const rps: Record<string, number[]> = { 'off anon': [], 'on anon': [], 'off token': [], 'on token': [] };
  const httpCpu: Record<string, number[]> = { 'off anon': [], 'on anon': [], 'off token': [], 'on token': [] };
  let refused = 0;
  for (let i = 0; i < (CPU_ONLY ? 0 : ROUNDS); i++) {
    for (const who of ['anon', 'token']) {
      for (const mode of i % 2 ? ['on', 'off'] : ['off', 'on']) {
        // autocannon is a process of its own: this process's CPU over the round is the servers'.
        const c0 = process.cpuUsage();
        const r = await autocannon(`${bases[mode]}${path}`, {
          connections: 16,
          seconds: SECONDS,
          headers: who === 'token' ? { Authorization: srv.token } : {},
        });
        const c = process.cpuUsage(c0);
        rps[`${mode} ${who}`].push(r.rps);
        httpCpu[`${mode} ${who}`].push((c.user + c.system) / r.total);
        refused += r.non2xx;
        console.error(`round ${i + 1} ${who} ${mode}: ${r.rps.toFixed(0)} req/s`);
      }
    }
  }
  const cpu: Record<string, number[]> = { on: [], off: [] };
  const pairs: number[] = [];
  // Warm both first: the first blocks pay for JIT compilation.
  for (const a of Object.values(apps))
    for (let k = 0; k < 2000; k++)
      await a.app.inject({ method: 'GET', url: path, headers: { authorization: srv.token } });
  // Many short blocks, alternating which server goes first; each on/off pair gives one ratio, so a
  // drift over the run (the machine warming, a neighbour) moves both halves of a pair alike.
  const BLOCKS = Number(process.env.BENCH_CPU_BLOCKS ?? 4 * ROUNDS + 4);
  for (let i = 0; i < BLOCKS; i++) {
    const got: Record<string, number> = {};
    for (const mode of i % 2 ? ['on', 'off'] : ['off', 'on']) {
      const c0 = process.cpuUsage();
      for (let k = 0; k < 1000; k++)
        await apps[mode as 'on' | 'off'].app.inject({
          method: 'GET',
          url: path,
          headers: { authorization: srv.token },
        });
      const c = process.cpuUsage(c0);
      got[mode] = (c.user + c.system) / 1000;
      cpu[mode].push(got[mode]);
    }
    pairs.push(got.on / got.off);
  }
  // Where the difference goes: a V8 CPU profile of the "on" server, and the share of samples with a rate
  // limiting frame (src/ratelimit/, @fastify/rate-limit) anywhere on their stack. Steadier than a
  // difference of two noisy totals; the request's own work (the caller's lookup, cached per request and
  // needed by the action anyway) is not counted.
  const share = await limiterShare(async () => {
    for (let k = 0; k < 20000; k++)
      await apps.on.app.inject({ method: 'GET', url: path, headers: { authorization: srv.token } });
  });
  console.log(
    `package_show, rate limit on vs off (${process.env.PASPORT_REDIS_URL ? 'Redis' : 'PostgreSQL'} store), ${ROUNDS} interleaved rounds of ${SECONDS} s, 16 connections; non-2xx: ${refused}`,
  );
  for (const who of ['anon', 'token']) {
    const on = median(rps[`on ${who}`]);
    const off = median(rps[`off ${who}`]);
    // Throughput drifts by ±20 % from round to round on this machine; the two halves of a round run
    // back to back, so the median of the rounds' own ratios is the figure that drift cannot move.
    const paired = rps[`on ${who}`].map((x, i) => x / rps[`off ${who}`][i]);
    const cpuPaired = httpCpu[`on ${who}`].map((x, i) => x / httpCpu[`off ${who}`][i]);
    console.log(
      `  ${who.padEnd(5)} server CPU per HTTP request: on ${median(httpCpu[`on ${who}`]).toFixed(1)} µs, off ${median(httpCpu[`off ${who}`]).toFixed(1)} µs; median of the rounds' ratios ${median(cpuPaired).toFixed(3)} (${cpuPaired.map((x) => x.toFixed(2)).join(' ')})`,
    );
    console.log(
      `  ${who.padEnd(5)} on ${rps[`on ${who}`].map((x) => x.toFixed(0)).join('/')} off ${rps[`off ${who}`].map((x) => x.toFixed(0)).join('/')} req/s; medians on/off = ${(on / off).toFixed(3)}; median of the rounds' ratios ${median(paired).toFixed(3)} (${paired.map((x) => x.toFixed(2)).join(' ')})`,
    );
  }
  if (pinned)
    for (const who of ['anon', 'token']) {
      const r = pinned.ratios[who];
      console.log(
        `  ${who.padEnd(5)} simultaneous, both servers on one CPU (${r.length} rounds of ${SECONDS} s): on ${median(pinned.rps[`on ${who}`]).toFixed(0)}, off ${median(pinned.rps[`off ${who}`]).toFixed(0)} req/s; on/off median ${median(r).toFixed(3)}, range ${Math.min(...r).toFixed(3)}-${Math.max(...r).toFixed(3)}`,
      );
    }
  else console.log('  (simultaneous comparison skipped: it needs taskset and two CPUs)');
  const sorted = [...pairs].sort((a, b) => a - b);
  const q = (f: number) => sorted[Math.min(sorted.length - 1, Math.floor(f * sorted.length))];
  console.log(
    `  CPU per request (inject, token): on ${median(cpu.on).toFixed(1)} µs, off ${median(cpu.off).toFixed(1)} µs; on/off over ${pairs.length} paired blocks of 1,000: median ${median(pairs).toFixed(3)}, quartiles ${q(0.25).toFixed(3)}-${q(0.75).toFixed(3)}`,
  );
  console.log(
    `  rate limiting's share of the "on" server's CPU (profile, 20,000 requests): ${(share * 100).toFixed(2)} %`,
  );
  await apps.on.close();
  await apps.off.close();
  await srv.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
