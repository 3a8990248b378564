// The load generators every throughput bench starts, each in a process of its own (the servers under
// test share the bench's event loop): autocannon for one repeated request, bench/loadgen.ts for requests
// that must differ (a list of URLs, or JSON lines {url, headers, body}).
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';

const ROOT = resolve(import.meta.dirname, '..');

export interface LoadResult {
  rps: number;
  total: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

export interface AutocannonOptions {
  connections: number;
  seconds: number;
  headers?: Record<string, string>;
  /** A POST with this JSON body. */
  body?: string;
  /** Run on these CPUs only (`taskset -c`, e.g. "0"). */
  cpus?: string;
}

export async function autocannon(url: string, o: AutocannonOptions): Promise<LoadResult> {
  const args = ['autocannon', '-j', '-c', String(o.connections), '-d', String(o.seconds)];
  if (o.body) args.push('-m', 'POST', '-b', o.body, '-H', 'Content-Type=application/json');
  for (const [k, v] of Object.entries(o.headers ?? {})) args.push('-H', `${k}=${v}`);
  const cmd = o.cpus ? ['taskset', '-c', o.cpus, 'npx'] : ['npx'];
  const r = await promisify(execFile)(cmd[0], [...cmd.slice(1), ...args, url], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    cwd: ROOT,
  });
  const j = JSON.parse(r.stdout);
  return {
    rps: j.requests.average,
    total: j.requests.total,
    p50: j.latency.p50,
    p99: j.latency.p99,
    non2xx: j.non2xx,
    errors: j.errors,
  };
}

/** `lines` sent by bench/loadgen.ts for `seconds`, or each exactly once (`once`, within `seconds`). */
export async function loadgen(
  lines: string[],
  o: { connections: number; seconds: number; once?: boolean },
): Promise<LoadResult & { distinct: number; requests: number }> {
  const file = join(tmpdir(), `pasport-load-${process.pid}.txt`);
  writeFileSync(file, lines.join('\n'));
  const args = ['--import', 'tsx', 'bench/loadgen.ts', String(o.connections), String(o.seconds), file];
  if (o.once) args.push('once');
  const r = await promisify(execFile)(process.execPath, args, { encoding: 'utf8', cwd: ROOT, maxBuffer: 64 << 20 });
  const j = JSON.parse(r.stdout);
  return { ...j, total: j.requests };
}
