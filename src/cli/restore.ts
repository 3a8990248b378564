// pasport restore FILE [--force]: puts a backup made by `pasport backup` back into the configured
// database. Refuses to overwrite a catalogue unless --force (the embedded one is moved aside, not deleted).
// `pasport serve` afterwards applies any migrations newer than the backup.
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { restoreEmbedded } from '../backup/embedded.ts';
import { restorePostgres } from '../backup/postgres.ts';

export async function run(args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { force: { type: 'boolean', default: false } },
  });
  const [file] = positionals;
  if (!file) {
    process.stderr.write('usage: pasport restore FILE [--force]\n');
    return 2;
  }
  const config = loadConfig();
  if (config.databaseUrl) {
    await restorePostgres(config.databaseUrl, file, { force: values.force });
  } else {
    const { movedAside } = await restoreEmbedded(config.dataDir, file, { force: values.force });
    if (movedAside) process.stdout.write(`the previous database was moved to ${movedAside}\n`);
  }
  process.stdout.write(`restored ${file}\n`);
  return 0;
}
