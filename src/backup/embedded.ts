// Backups of the embedded database. PGlite writes its data directory out as one gzipped tar
// (dumpDataDir) from a running instance, so the copy is consistent; only one process may open the
// directory, so a backup runs with the server stopped (or from the server itself). Uploaded resource
// files are rows of the `upload` table: the database holds everything there is to keep.
import fs from 'node:fs';
import path from 'node:path';
import { acquireDirLock, DataDirLockedError } from '../db/lock.ts';

const GZIP = Buffer.from([0x1f, 0x8b]);

async function open(dataDir: string, load?: Blob) {
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  return PGlite.create(path.join(dataDir, 'pgdata'), {
    extensions: { pg_trgm },
    ...(load ? { loadDataDir: load } : {}),
  });
}

/** The lock, with what to do when the server holds it. */
function lockFor(dataDir: string) {
  try {
    return acquireDirLock(dataDir);
  } catch (e) {
    if (e instanceof DataDirLockedError)
      throw new DataDirLockedError(`${e.message}: stop the server, run this, start it again (docs/OPERATIONS.md)`);
    throw e;
  }
}

export async function backupEmbedded(dataDir: string, file: string): Promise<{ bytes: number }> {
  if (!fs.existsSync(path.join(dataDir, 'pgdata'))) throw new Error(`no embedded database in ${dataDir}`);
  const lock = lockFor(dataDir);
  try {
    const db = await open(dataDir);
    try {
      await db.exec('CHECKPOINT');
      const blob = await db.dumpDataDir('gzip');
      const bytes = Buffer.from(await blob.arrayBuffer());
      // Written beside the target and renamed, so a crash never leaves half a backup under its name.
      fs.writeFileSync(`${file}.partial`, bytes);
      fs.renameSync(`${file}.partial`, file);
      return { bytes: bytes.length };
    } finally {
      await db.close();
    }
  } finally {
    lock.release();
  }
}

/** Restores into dataDir. An existing database there is moved aside (pgdata.before-restore-<time>), never deleted. */
export async function restoreEmbedded(
  dataDir: string,
  file: string,
  opts: { force?: boolean } = {},
): Promise<{ movedAside: string | null }> {
  const bytes = fs.readFileSync(file);
  if (!bytes.subarray(0, 2).equals(GZIP))
    throw new Error(
      `${file} is not an embedded-database backup (pasport backup without DATABASE_URL writes a .tar.gz)`,
    );
  fs.mkdirSync(dataDir, { recursive: true });
  const lock = lockFor(dataDir);
  try {
    const target = path.join(dataDir, 'pgdata');
    let movedAside: string | null = null;
    if (fs.existsSync(target) && fs.readdirSync(target).length) {
      if (!opts.force) throw new Error(`${dataDir} already holds a database; use --force to move it aside and restore`);
      movedAside = `${target}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      fs.renameSync(target, movedAside);
    }
    const db = await open(dataDir, new Blob([bytes]));
    try {
      await db.query('select 1');
    } finally {
      await db.close();
    }
    return { movedAside };
  } finally {
    lock.release();
  }
}
