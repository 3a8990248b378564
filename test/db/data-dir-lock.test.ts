// One server per embedded data directory, across PID namespaces (two containers on one volume): each
// server runs as PID 1 of its own namespace (`unshare --pid --fork --mount-proc`, which needs root).
// The second server refuses to start; after kill -9 of the first, a new one (PID 1 again) starts at once
// and every write the first acknowledged is there.
import t from 'tap';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../helpers/db.ts';
import { freePort } from '../helpers/port.ts';
import { templateDataDir } from '../helpers/templates.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/pasport.mjs');
const canUnshare = spawnSync('unshare', ['--pid', '--fork', '--mount-proc', 'true']).status === 0;

function env(dir: string, port: number): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PASPORT_DATA_DIR: dir,
    PORT: String(port),
    HOST: '127.0.0.1',
    PASPORT_SPARQL: 'false',
    LOG_LEVEL: 'warn',
    DATABASE_URL: '',
    // Bare CKAN datasets: no portal language is mandatory here.
    PASPORT_REQUIRED_LANGUAGES: 'none',
  };
}

interface Server {
  proc: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<number | null>;
}

function startInNamespace(dir: string, port: number): Server {
  const proc = spawn('unshare', ['--pid', '--fork', '--mount-proc', process.execPath, BIN, 'serve'], {
    env: env(dir, port),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d) => {
    out += d;
  });
  proc.stderr!.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return { proc, port, output: () => out, exited };
}

async function answers(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/api/3/action/status_show`)).status === 200;
  } catch {
    return false;
  }
}

/** Waits for the server to answer, or for it to exit; polls, since start-up has no clock of ours to drive. */
async function ready(s: Server, ms = 120_000): Promise<boolean> {
  let gone = false;
  void s.exited.then(() => {
    gone = true;
  });
  const until = Date.now() + ms;
  while (Date.now() < until && !gone) {
    if (await answers(s.port)) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

/** The server's own process: the child of `unshare --fork`, PID 1 inside its namespace. */
function serverPid(s: Server): number {
  const children = fs
    .readFileSync(`/proc/${s.proc.pid}/task/${s.proc.pid}/children`, 'utf8')
    .trim()
    .split(/\s+/)
    .map(Number);
  return children[0];
}

t.test(
  'two servers on one data directory in separate PID namespaces',
  { skip: canUnshare ? false : 'needs root for unshare --pid' },
  async (t) => {
    const tmp = tempDir('pasport-lock-');
    t.teardown(tmp.remove);
    // A migrated data directory (test/helpers/templates.ts): the lock, not initdb, is under test.
    fs.cpSync(await templateDataDir(), tmp.dir, { recursive: true });
    const admin = spawnSync(process.execPath, [BIN, 'sysadmin', 'add', 'admin'], {
      env: env(tmp.dir, 0),
      encoding: 'utf8',
    });
    t.equal(admin.status, 0, `sysadmin add: ${admin.stderr.slice(-300)}`);
    const token = admin.stdout.trim().split('\n').pop()!;

    const first = startInNamespace(tmp.dir, await freePort());
    t.teardown(() => {
      try {
        first.proc.kill('SIGKILL');
      } catch {
        /* gone */
      }
    });
    t.ok(await ready(first), `the first server starts: ${first.output().slice(-300)}`);

    const second = startInNamespace(tmp.dir, await freePort());
    t.teardown(() => {
      try {
        second.proc.kill('SIGKILL');
      } catch {
        /* gone */
      }
    });
    const code = await Promise.race([
      second.exited,
      // Unref'd: a pending timer would hold the test process for its full two minutes.
      new Promise<'running'>((r) => setTimeout(() => r('running'), 120_000).unref()),
    ]);
    t.not(code, 'running', 'the second server does not keep running');
    t.not(code, 0, 'the second server exits with an error');
    t.match(second.output(), /in use by another process/, 'and says why');
    t.notOk(await answers(second.port), 'the second server never answered');

    const call = async (action: string, data: unknown) => {
      const res = await fetch(`http://127.0.0.1:${first.port}/api/3/action/${action}`, {
        method: 'POST',
        headers: { Authorization: token, 'Content-Type': 'application/json' },
        body: JSON.stringify(data),
      });
      return res.status;
    };
    t.equal(await call('organization_create', { name: 'lock-org', title: 'Lock' }), 200);
    const acknowledged: string[] = [];
    for (let i = 0; i < 12; i++)
      if ((await call('package_create', { name: `locked-${i}`, owner_org: 'lock-org', title: `Locked ${i}` })) === 200)
        acknowledged.push(`locked-${i}`);
    t.equal(acknowledged.length, 12, 'every create acknowledged');

    process.kill(serverPid(first), 'SIGKILL');
    await first.exited;

    const third = startInNamespace(tmp.dir, await freePort());
    t.teardown(() => {
      try {
        third.proc.kill('SIGKILL');
      } catch {
        /* gone */
      }
    });
    t.ok(await ready(third), `a new server (PID 1 again) starts after kill -9: ${third.output().slice(-300)}`);
    let lost = 0;
    for (const name of acknowledged) {
      const res = await fetch(`http://127.0.0.1:${third.port}/api/3/action/package_show?id=${name}`, {
        headers: { Authorization: token },
      });
      if (res.status !== 200) lost++;
    }
    t.equal(lost, 0, '0 acknowledged writes lost');
    process.kill(serverPid(third), 'SIGTERM');
    await third.exited;
  },
);
