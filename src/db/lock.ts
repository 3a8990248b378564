// One process per data directory: PGlite is single-writer, and two processes on one directory corrupt it
// (two containers on one volume each saw only their own writes; 3 of 6 acknowledged creates were gone).
//
// The lock is a kernel one: flock(2) on `pasport.lock`, held by this process's open file description.
// The kernel refuses it to every other process whatever its PID namespace, and drops it when the
// holder dies, kill -9 included, so a restart never meets a stale lock (the PID file this replaces
// blocked restarts on PID reuse and on PID 1 in a container). Node has no flock binding, so util-linux's
// flock(1) takes the lock on our descriptor, passed as its fd 3, and exits: the lock belongs to the
// open file description, which stays open in this process until release() or death.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface DirLock {
  release(): void;
}

export class DataDirLockedError extends Error {}

const LOCK_FILE = 'pasport.lock';

function holderOf(file: string): string {
  try {
    const text = fs.readFileSync(file, 'utf8').trim();
    return text ? ` (${text.slice(0, 200)})` : '';
  } catch {
    return '';
  }
}

/** Takes the data directory's lock or throws DataDirLockedError naming who holds it. */
export function acquireDirLock(dir: string): DirLock {
  const file = path.join(dir, LOCK_FILE);
  // 'a+' neither truncates nor replaces the file: the lock and the inode another process locks stay one.
  const fd = fs.openSync(file, 'a+');
  const r = spawnSync('flock', ['--exclusive', '--nonblock', '3'], { stdio: ['ignore', 'ignore', 'pipe', fd] });
  if (r.error || r.status !== 0) {
    fs.closeSync(fd);
    if ((r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
      throw new Error(
        'flock(1) from util-linux is required to lock the embedded data directory (apt-get install util-linux)',
      );
    }
    if (r.status === 1)
      throw new DataDirLockedError(`data directory ${dir} is in use by another process${holderOf(file)}`);
    throw new Error(`could not lock data directory ${dir}: ${r.error?.message ?? r.stderr?.toString().trim()}`);
  }
  // For people reading the file: who holds it. The lock itself is the kernel's, not this text.
  fs.ftruncateSync(fd, 0);
  fs.writeSync(fd, `pid ${process.pid} on ${os.hostname()} since ${new Date().toISOString()}\n`, 0);
  let held = true;
  return {
    release() {
      if (!held) return;
      held = false;
      fs.closeSync(fd); // the kernel drops the lock with the last descriptor of the description
    },
  };
}
