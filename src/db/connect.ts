// Opens the database: PostgreSQL through `pg` when DATABASE_URL is set, otherwise an embedded PGlite
// persisted in the data directory. Both sit under Kysely's PostgresDialect with the same pg Pool
// and the same type parsers, so every query behaves identically on either.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { Database } from './schema.ts';
import { acquireDirLock, type DirLock } from './lock.ts';
import { PreparingClient } from './prepared.ts';

export type DB = Kysely<Database>;

export interface Connection {
  db: DB;
  kind: 'postgres' | 'pglite';
  close(): Promise<void>;
}

/** Timestamps leave the database as naive ISO strings with 0 or 6 fraction digits, as CKAN prints them. */
export function isoTimestamp(text: string): string {
  const [date, time] = text.split(' ');
  if (!time) return date;
  const [hms, frac] = time.split('.');
  return frac ? `${date}T${hms}.${frac.padEnd(6, '0')}` : `${date}T${hms}`;
}

const parsers: Record<number, (s: string) => unknown> = {
  1114: isoTimestamp, // timestamp without time zone
  1082: (s) => s, // date stays 'YYYY-MM-DD'
  20: (s) => Number(s), // int8: counts and sizes fit in a double
};

const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    const p = parsers[oid];
    if (p && format !== 'binary') return p;
    return (pg.types.getTypeParser as (o: number, f?: string) => unknown)(oid, format);
  },
};

export async function connect(opts: {
  databaseUrl: string | null;
  dataDir: string;
  poolSize?: number;
  /** shared_buffers of the embedded database (PostgreSQL's default of 128 MB when not given). */
  embeddedBuffersMb?: number;
}): Promise<Connection> {
  if (opts.databaseUrl) {
    // Idle connections are kept (pg's default closes them after 10 s): a new backend pays for its
    // first touch of every shared buffer it reads, measured at +50-90 ms on a broad text search here.
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.poolSize ?? 10,
      idleTimeoutMillis: 0,
      types: types as never,
      Client: PreparingClient,
    });
    // An idle client losing its connection (server restart, admin termination) must not crash the
    // process: the pool drops it and the next query opens a new one.
    pool.on('error', () => {});
    // Fail fast with a clear message rather than on the first request.
    const client = await pool.connect();
    client.release();
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  return connectEmbedded(opts.dataDir, opts.embeddedBuffersMb);
}

async function connectEmbedded(dataDir: string, buffersMb?: number): Promise<Connection> {
  fs.mkdirSync(dataDir, { recursive: true });
  const lock: DirLock = acquireDirLock(dataDir);
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
    const { createPgConfig } = await import('@electric-sql/pglite/node-postgres');
    const startParams = buffersMb
      ? [...PGlite.defaultStartParams, '-c', `shared_buffers=${buffersMb}MB`]
      : PGlite.defaultStartParams;
    const pglite = await PGlite.create(path.join(dataDir, 'pgdata'), { extensions: { pg_trgm }, startParams });
    const pool = new pg.Pool({ ...(createPgConfig(pglite) as object), max: 1, types: types as never } as pg.PoolConfig);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      kind: 'pglite',
      async close() {
        await db.destroy();
        await pglite.close();
        lock.release();
      },
    };
  } catch (err) {
    lock.release();
    throw err;
  }
}
