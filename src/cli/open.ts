// Opens the configured database and applies migrations, for CLI commands that work without the server.
import { loadConfig } from '../config.ts';
import { connect, type Connection } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';

export async function openDatabase(): Promise<{ connection: Connection; applied: string[] }> {
  const config = loadConfig();
  const connection = await connect({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: 2,
    embeddedBuffersMb: config.embeddedBuffersMb,
  });
  try {
    return { connection, applied: await migrateToLatest(connection.db) };
  } catch (e) {
    await connection.close();
    throw e;
  }
}
