// pasport demo [--force]: loads the demo catalogue (src/demo) into the configured database through the
// action layer. A catalogue that already holds datasets or organizations is left alone unless --force.
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { buildApp } from '../app.ts';
import { catalogIsEmpty, loadDemo } from '../demo/load.ts';

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { force: { type: 'boolean', default: false } } });
  const config = loadConfig();
  // The SPARQL store is rebuilt from the database whenever the server starts; not needed to load.
  const pasport = await buildApp(
    { ...config, sparql: { ...config.sparql, enabled: false } },
    { logger: { level: 'warn' } },
  );
  try {
    if (!values.force && !(await catalogIsEmpty(pasport.services))) {
      process.stderr.write(
        'pasport demo: the catalogue is not empty; use --force to add the demo datasets beside what is there\n',
      );
      return 1;
    }
    const t0 = Date.now();
    const r = await loadDemo(pasport.services, pasport.runner, (line) => process.stdout.write(`${line}\n`));
    const search = pasport.services.extensions.search as
      | { indexer?: { settle(ms?: number): Promise<void> } }
      | undefined;
    await search?.indexer?.settle(60_000);
    process.stdout.write(
      `demo catalogue loaded in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${r.datasets} datasets (${r.overdue} with an old last update), ${r.records} DataStore records\n`,
    );
    return 0;
  } finally {
    await pasport.close();
  }
}
