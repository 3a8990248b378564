// The pasport command against a real database: sysadmin add, token create, migrate, export-dcat,
// validate-dcat and reindex.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import t from 'tap';
import { Parser } from 'n3';
import { startServer } from '../helpers/server.ts';
import { buildCatalog } from '../dcat/fixture.ts';

const run = promisify(execFile);

t.test('pasport commands', async (t) => {
  const s = await startServer(t);
  const { names } = await buildCatalog(s);
  const env = { ...process.env, DATABASE_URL: s.config.databaseUrl!, SITE_URL: s.url, LOG_LEVEL: 'warn' };
  const pasport = (...args: string[]) =>
    run('node', ['bin/pasport.mjs', ...args], { env, maxBuffer: 256 * 1024 * 1024 });

  const added = await pasport('sysadmin', 'add', 'ops', '--email', 'ops@example.org');
  const token = added.stdout.trim().split('\n').pop()!;
  const me = await s.call('user_show', { id: 'ops' }, { token });
  t.equal(me.body.result.sysadmin, true, 'the printed token is a working sysadmin token');
  t.equal(me.body.result.email, 'ops@example.org');

  const tok = (await pasport('token', 'create', 'ops', '--name', 'ci')).stdout.trim();
  t.equal((await s.call('status_show', {}, { token: tok })).status, 200);
  t.match((await pasport('migrate')).stdout, /up to date/);

  const nt = (await pasport('export-dcat', '--format', 'nt')).stdout;
  const quads = new Parser({ format: 'application/n-triples' }).parse(nt);
  const datasets = quads.filter(
    (q) =>
      q.predicate.value === 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type' &&
      q.object.value === 'http://www.w3.org/ns/dcat#Dataset',
  );
  t.equal(datasets.length, names.length, 'the export holds every public dataset and no other');
  t.ok(
    quads.every(
      (q) =>
        q.subject.value.startsWith(s.url) ||
        q.subject.termType !== 'NamedNode' ||
        !q.subject.value.includes('/dataset/'),
    ),
    'URIs use SITE_URL',
  );

  const v = await pasport('validate-dcat');
  t.match(v.stdout, new RegExp(`datasets: ${names.length}, not conforming: 0, violations: 0`));

  const r = await pasport('reindex');
  t.match(r.stdout, new RegExp(`reindexed ${names.length + 2} datasets`));

  const bad = await pasport('sysadmin', 'add', 'Bad Name').catch((e) => e);
  t.equal(bad.code, 2, 'a bad user name is refused');
});
