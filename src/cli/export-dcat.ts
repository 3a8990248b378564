// pasport export-dcat [--format nt|ttl] [--out FILE]: the whole public catalogue, streamed.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { pipeline } from 'node:stream/promises';
import { loadConfig } from '../config.ts';
import { openDatabase } from './open.ts';
import { createServices } from '../services.ts';
import { mappingContext } from '../dcat/context.ts';
import { countPublicPackages, publicPackages } from '../dcat/export.ts';
import { exportQuads } from '../rdf/mapping.ts';
import { prefixesFor, serializeReadable } from '../rdf/serialize.ts';
import { progress } from './progress.ts';

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { format: { type: 'string', default: 'nt' }, out: { type: 'string' } },
  });
  const ext = values.format === 'ttl' ? 'ttl' : values.format === 'nt' ? 'nt' : null;
  if (!ext) {
    process.stderr.write('usage: pasport export-dcat [--format nt|ttl] [--out FILE]\n');
    return 2;
  }
  const { connection } = await openDatabase();
  try {
    const services = createServices(connection.db, connection.kind, loadConfig());
    const total = await countPublicPackages(services);
    const bar = progress('export-dcat', total);
    const stats = { datasets: 0, skipped: 0 };
    const source = exportQuads(
      publicPackages(services, (d) => bar.update(d)) as AsyncIterable<never>,
      await mappingContext(services),
      { stats },
    );
    await pipeline(
      serializeReadable(source, ext, prefixesFor(services.config.vocabNs)),
      values.out ? fs.createWriteStream(values.out) : process.stdout,
    );
    bar.stop({ datasets: stats.datasets });
    return 0;
  } finally {
    await connection.close();
  }
}
