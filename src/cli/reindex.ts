// pasport reindex: builds a fresh search index beside the live one and swaps it in (zero downtime).
import { loadConfig } from '../config.ts';
import { openDatabase } from './open.ts';
import { createServices } from '../services.ts';
import { reindex } from '../search/reindex.ts';

export async function run(): Promise<number> {
  const { connection } = await openDatabase();
  try {
    const services = createServices(connection.db, connection.kind, loadConfig());
    const r = await reindex(services);
    process.stdout.write(`reindexed ${r.count} datasets in ${(r.ms / 1000).toFixed(1)} s\n`);
    return 0;
  } finally {
    await connection.close();
  }
}
