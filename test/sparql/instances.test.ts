// Two instances on one PostgreSQL, each with its own local SPARQL store: each follows the outbox from
// its own position, so a write made through one reaches the other's store too. (They used to share the
// `sparql` cursor row: whichever instance applied an entry advanced it, and the other never did.)
import t from 'tap';
import { loadConfig } from '../../src/config.ts';
import { buildApp, type Pasport } from '../../src/app.ts';
import { ensureUser, createToken } from '../../src/auth/users.ts';
import { freshDatabase } from '../helpers/db.ts';
import { freePort } from '../helpers/port.ts';

const tr = (base: string) => ({ uz: `${base} (uz)`, ru: `${base} (ru)`, en: base });

async function boot(env: Record<string, string>, siteUrl: string) {
  const port = await freePort();
  const config = loadConfig({
    LOG_LEVEL: 'warn',
    PASPORT_REQUIRED_LANGUAGES: 'none',
    SPARQL_SNAPSHOT: 'off',
    ...env,
    PORT: String(port),
    HOST: '127.0.0.1',
    SITE_URL: siteUrl,
  } as NodeJS.ProcessEnv);
  const pasport: Pasport = await buildApp(config, { logger: { level: 'warn' } });
  await pasport.app.listen({ port, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${port}`;
  const count = async (where: string) => {
    const query = `PREFIX dct: <http://purl.org/dc/terms/> SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ${where} }`;
    const r = await fetch(`${url}/sparql?query=${encodeURIComponent(query)}`, {
      headers: { Accept: 'application/sparql-results+json' },
    });
    return Number(((await r.json()) as any).results.bindings[0].n.value);
  };
  const settle = () => (pasport.services.extensions.sparql as { settle(): Promise<void> }).settle();
  return { url, pasport, count, settle };
}

t.test('a write through one instance reaches the SPARQL store of the other', async (t) => {
  const db = await freshDatabase();
  t.teardown(() => db.drop());
  // One public address for both, as behind a load balancer.
  const site = 'https://data.example.uz';
  const a = await boot({ DATABASE_URL: db.url }, site);
  t.teardown(() => a.pasport.close());
  const b = await boot({ DATABASE_URL: db.url }, site);
  t.teardown(() => b.pasport.close());
  await a.settle();
  await b.settle();
  const admin = await ensureUser(a.pasport.services.db, 'admin', { sysadmin: true, email: 'admin@example.org' });
  const { token } = await createToken(a.pasport.services.db, admin.id, 'tests');
  const ok = async (action: string, data: Record<string, unknown>) => {
    const r = await fetch(`${a.url}/api/3/action/${action}`, {
      method: 'POST',
      headers: { Authorization: token, 'Content-Type': 'application/json' },
      body: JSON.stringify(data),
    });
    const body = (await r.json()) as { success: boolean; result: any };
    if (!body.success) throw new Error(`${action}: ${JSON.stringify(body)}`);
    return body.result;
  };
  await ok('structure_create', { code: '1', name_translated: tr('Ministries') });
  await ok('organization_create', {
    name: 'stat',
    code: '001',
    structure: '1',
    title_translated: tr('Statistics'),
    email: 'info@stat.example.uz',
  });
  await ok('package_create', { name: 'through-a', owner_org: 'stat', title_translated: tr('Written through A') });
  // A applies it first (its drain is woken by its own commit); B must still apply it to its own store.
  await a.settle();
  t.equal(await a.count('?d dct:title "Written through A"@en'), 1, 'instance A has it');
  await b.settle();
  t.equal(await b.count('?d dct:title "Written through A"@en'), 1, 'instance B has it too');
  const positions = await Promise.all(
    [a, b].map(
      async (s) =>
        ((await (await fetch(`${s.url}/api/3/action/status_show`)).json()) as any).result.components.sparql.position,
    ),
  );
  t.equal(positions[0], positions[1], `both at the same outbox position (${positions[0]})`);
});
