// Migrated templates for test servers. Every test server used to start on an empty database and run
// every migration; on PGlite that includes initdb inside WebAssembly (measured on this 2-core machine
// under load: 53.6 s to create and 3.8 s to migrate, against 0.6 s to copy a migrated data directory
// and 6.3 s to open it). A template is built once per set of migrations (its name carries their hash)
// and copied for each server: `CREATE DATABASE … TEMPLATE` on PostgreSQL, a directory copy on PGlite.
// The first start on an empty database is still what `pasport serve` does, and is tested where a test
// starts the CLI on a fresh directory (test/cli, test/db).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { connect } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Changes whenever a migration, or the embedded engine, changes. */
function schemaHash(): string {
  const h = crypto.createHash('sha256');
  const dir = path.join(root, 'migrations');
  for (const f of fs.readdirSync(dir).sort()) h.update(f).update(fs.readFileSync(path.join(dir, f)));
  const pglite = JSON.parse(
    fs.readFileSync(path.join(root, 'node_modules/@electric-sql/pglite/package.json'), 'utf8'),
  ).version;
  return h.update(String(pglite)).digest('hex').slice(0, 12);
}

let hash: string | null = null;
const currentHash = () => (hash ??= schemaHash());

/**
 * The name of a migrated template database on the server at `adminUrl`, built if missing. Two test
 * processes may build it at once: each builds under its own name and renames; the loser drops its copy.
 */
export async function templateDatabase(adminUrl: string): Promise<string> {
  const name = `pasport_tpl_${currentHash()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount) return name;
    const building = `${name}_b${process.pid}_${crypto.randomBytes(3).toString('hex')}`;
    await admin.query(`CREATE DATABASE ${building}`);
    const url = new URL(adminUrl);
    url.pathname = `/${building}`;
    const db = new Kysely<any>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url.toString(), max: 1 }) }),
    });
    try {
      await migrateToLatest(db);
    } finally {
      await db.destroy();
    }
    try {
      await admin.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
    } catch {
      await admin.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`); // another process won
    }
    return name;
  } finally {
    await admin.end();
  }
}

/** A migrated embedded data directory to copy from, built once per schema in the OS temp directory. */
export async function templateDataDir(): Promise<string> {
  const dir = path.join(os.tmpdir(), `pasport-tpl-${currentHash()}`);
  if (fs.existsSync(path.join(dir, 'pgdata'))) return dir;
  const building = fs.mkdtempSync(`${dir}-b`);
  const conn = await connect({ databaseUrl: null, dataDir: building });
  try {
    await migrateToLatest(conn.db);
  } finally {
    await conn.close();
  }
  try {
    fs.renameSync(building, dir);
  } catch {
    fs.rmSync(building, { recursive: true, force: true }); // another process won
  }
  return dir;
}
