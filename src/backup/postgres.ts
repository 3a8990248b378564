// Backups of a PostgreSQL database with the server's own tools: pg_dump's custom format (compressed,
// consistent: one snapshot), restored by pg_restore. Uploaded files and DataStore tables are in the
// database, so the dump is the whole backup. Use pg_dump / pg_restore of the server's major version.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import pg from 'pg';

const MAGIC = Buffer.from('PGDMP');

function tool(name: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(name, args, { stdio: ['ignore', 'inherit', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c) => {
      err += c;
    });
    child.on('error', (e) =>
      reject(
        new Error(
          `${name} could not be run (${e.message}); install the PostgreSQL client tools or follow docs/OPERATIONS.md`,
        ),
      ),
    );
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${name} exited with ${code}: ${err.trim().slice(-2000)}`)),
    );
  });
}

export async function backupPostgres(databaseUrl: string, file: string): Promise<{ bytes: number }> {
  await tool('pg_dump', [
    '--format=custom',
    '--no-owner',
    '--no-privileges',
    `--file=${file}.partial`,
    `--dbname=${databaseUrl}`,
  ]);
  fs.renameSync(`${file}.partial`, file);
  return { bytes: fs.statSync(file).size };
}

async function holdsCatalogue(databaseUrl: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const r = await c.query(`select to_regclass('public.package') is not null as t`);
    if (!r.rows[0].t) return false;
    return (await c.query('select exists (select 1 from package) as e')).rows[0].e;
  } finally {
    await c.end();
  }
}

export async function restorePostgres(
  databaseUrl: string,
  file: string,
  opts: { force?: boolean } = {},
): Promise<void> {
  const head = Buffer.alloc(5);
  const fd = fs.openSync(file, 'r');
  fs.readSync(fd, head, 0, 5, 0);
  fs.closeSync(fd);
  if (!head.equals(MAGIC))
    throw new Error(`${file} is not a pg_dump custom-format archive (pasport backup with DATABASE_URL writes one)`);
  if (!opts.force && (await holdsCatalogue(databaseUrl))) {
    throw new Error('the database already holds datasets; use --force to replace its contents with the backup');
  }
  // --clean --if-exists: objects in the backup replace the ones there; one transaction, so a failed
  // restore leaves the database as it was.
  await tool('pg_restore', [
    '--clean',
    '--if-exists',
    '--no-owner',
    '--no-privileges',
    '--single-transaction',
    '--exit-on-error',
    `--dbname=${databaseUrl}`,
    file,
  ]);
}
