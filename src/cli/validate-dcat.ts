// pasport validate-dcat: every public dataset against the DCAT-AP 3.0.1 shapes, with a summary.
import { loadConfig } from '../config.ts';
import { openDatabase } from './open.ts';
import { createServices } from '../services.ts';
import { countPublicPackages, publicPackages } from '../dcat/export.ts';
import { validateDataset } from '../dcat/validate.ts';
import { progress } from './progress.ts';

export async function run(): Promise<number> {
  const { connection } = await openDatabase();
  try {
    const services = createServices(connection.db, connection.kind, loadConfig());
    const total = await countPublicPackages(services);
    const bar = progress('validate-dcat', total);
    let done = 0,
      failing = 0,
      violations = 0,
      warnings = 0;
    const messages = new Map<string, number>();
    for await (const pkg of publicPackages(services)) {
      const r = await validateDataset(services, pkg);
      violations += r.violations.length;
      warnings += r.warnings.length;
      if (!r.conforms) failing++;
      for (const v of [...r.violations, ...r.warnings]) {
        const key = `${v.severity} ${v.path ?? ''} ${v.message}`;
        messages.set(key, (messages.get(key) ?? 0) + 1);
      }
      bar.update(++done);
    }
    bar.stop({ violations, warnings });
    process.stdout.write(
      `datasets: ${done}, not conforming: ${failing}, violations: ${violations}, warnings: ${warnings}\n`,
    );
    for (const [k, n] of [...messages.entries()].sort((a, b) => b[1] - a[1]).slice(0, 20))
      process.stdout.write(`  ${n} x ${k}\n`);
    return failing ? 1 : 0;
  } finally {
    await connection.close();
  }
}
