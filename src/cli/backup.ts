// pasport backup FILE: the embedded database as a .tar.gz (server stopped), or with DATABASE_URL a
// pg_dump custom-format archive (any time; pg_dump reads one snapshot).
import { loadConfig } from '../config.ts';
import { backupEmbedded } from '../backup/embedded.ts';
import { backupPostgres } from '../backup/postgres.ts';

export async function run(args: string[]): Promise<number> {
  const [file] = args;
  if (!file) {
    process.stderr.write('usage: pasport backup FILE\n');
    return 2;
  }
  const config = loadConfig();
  const t0 = Date.now();
  const { bytes } = config.databaseUrl
    ? await backupPostgres(config.databaseUrl, file)
    : await backupEmbedded(config.dataDir, file);
  process.stdout.write(
    `backup written to ${file}: ${(bytes / 1048576).toFixed(1)} MiB in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`,
  );
  return 0;
}
