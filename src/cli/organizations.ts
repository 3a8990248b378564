// pasport organizations import FILE: the organization list from the government register (CSV or JSON),
// upserted by external_id / code, in batches of one transaction each; a bar on a terminal, JSON log lines
// otherwise. Running it again with the same file changes nothing.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { openDatabase } from './open.ts';
import { createServices } from '../services.ts';
import { registerRunner } from '../actions/registry.ts';
import { ValidationError } from '../errors.ts';
import { parseRecords } from '../orgimport/import.ts';
import { progress } from './progress.ts';

const BATCH = 200;

export async function run(args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { format: { type: 'string' } } });
  const [verb, file] = positionals;
  if (verb !== 'import' || !file) {
    process.stderr.write('usage: pasport organizations import FILE [--format csv|json]\n');
    return 2;
  }
  const format =
    values.format === 'csv' || values.format === 'json'
      ? values.format
      : file.endsWith('.csv')
        ? 'csv'
        : file.endsWith('.json')
          ? 'json'
          : undefined;
  const records = parseRecords(fs.readFileSync(file, 'utf8'), format);
  const { connection } = await openDatabase();
  try {
    const runner = await registerRunner(createServices(connection.db, connection.kind, loadConfig()));
    const bar = progress('organizations import', records.length);
    const total = { created: 0, updated: 0, unchanged: 0 };
    for (let i = 0; i < records.length; i += BATCH) {
      try {
        const r = await runner.result<typeof total>(
          'organization_import',
          { records: records.slice(i, i + BATCH) },
          { user: null, ignoreAuth: true },
        );
        for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += r[k];
      } catch (err) {
        bar.stop();
        if (err instanceof ValidationError) {
          process.stderr.write(
            `pasport: records ${i + 1}-${Math.min(records.length, i + BATCH)} refused (earlier batches are saved): ${JSON.stringify(err.envelope())}\n`,
          );
          return 1;
        }
        throw err;
      }
      bar.update(Math.min(records.length, i + BATCH));
    }
    bar.stop(total);
    process.stdout.write(`${JSON.stringify(total)}\n`);
    return 0;
  } finally {
    await connection.close();
  }
}
