// `pasport harvest run SOURCE` in a child process against the database of a running instance: it
// harvests a second Pasport (CKAN source), logs JSON progress lines on a non-terminal stderr and prints
// the finished job.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import t from 'tap';
import { startServer } from '../helpers/server.ts';
import { makeOrg } from '../helpers/fixtures.ts';

const run = promisify(execFile);

t.test('pasport harvest run', async (t) => {
  const src = await startServer(t);
  const dst = await startServer(t);
  await makeOrg(src, 'origin');
  for (const n of [1, 2]) await src.ok('package_create', { name: `cli-${n}`, title: `CLI ${n}`, owner_org: 'origin' });
  await makeOrg(dst, 'mirror');
  await dst.ok('harvest_source_create', { name: 'origin', url: src.url, source_type: 'ckan', owner_org: 'mirror' });
  const env = {
    ...process.env,
    DATABASE_URL: dst.config.databaseUrl!,
    SITE_URL: dst.url,
    LOG_LEVEL: 'warn',
    PASPORT_REQUIRED_LANGUAGES: 'none',
  };
  const pasport = (...args: string[]) => run('node', ['bin/pasport.mjs', ...args], { env });

  const out = await pasport('harvest', 'run', 'origin');
  const job = JSON.parse(out.stdout);
  t.match(job, { status: 'Finished', stats: { added: 2, errored: 0 }, errors: [] });
  const lines = out.stderr
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  t.ok(
    lines.some((l) => l.msg === 'progress' && l.task === 'harvest origin'),
    'JSON progress lines',
  );
  t.ok(
    lines.some((l) => l.msg === 'done'),
    'and a last line',
  );
  const rows = await dst.pasport.services.db
    .selectFrom('package')
    .select('name')
    .where('owner_org', 'is not', null)
    .orderBy('name')
    .execute();
  t.same(
    rows.map((r) => r.name),
    ['cli-1', 'cli-2'],
  );
});
