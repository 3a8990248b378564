// The SPARQL store loads in the background after a start (issue 22): the Action API serves at once,
// /sparql answers 503 with Retry-After while the store fills, status_show reports how far it is, and a
// write made during the load is in the store once it is ready. The load is held through the start hook
// (after its first batch of two datasets) on a real restart of a real database.
import t from 'tap';
import { loadConfig } from '../../src/config.ts';
import { buildApp, type Pasport } from '../../src/app.ts';
import type { ModuleHooks } from '../../src/modules/types.ts';
import { ensureUser, createToken } from '../../src/auth/users.ts';
import { freshDatabase, tempDir } from '../helpers/db.ts';
import { freePort } from '../helpers/port.ts';

const tr = (base: string) => ({ uz: `${base} (uz)`, ru: `${base} (ru)`, en: base });

async function boot(env: Record<string, string>, hooks?: ModuleHooks) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // Bare CKAN datasets: no portal language is mandatory here.
  const config = loadConfig({
    LOG_LEVEL: 'warn',
    PASPORT_REQUIRED_LANGUAGES: 'none',
    ...env,
    PORT: String(port),
    HOST: '127.0.0.1',
    SITE_URL: url,
  } as NodeJS.ProcessEnv);
  const pasport: Pasport = await buildApp(config, { logger: { level: 'warn' }, hooks });
  await pasport.app.listen({ port, host: '127.0.0.1' });
  const admin = await ensureUser(pasport.services.db, 'admin', { sysadmin: true, email: 'admin@example.org' });
  const { token } = await createToken(pasport.services.db, admin.id, 'tests');
  const ok = async (action: string, data: Record<string, unknown> = {}) => {
    const r = await fetch(`${url}/api/3/action/${action}`, {
      method: 'POST',
      headers: { Authorization: token, 'Content-Type': 'application/json' },
      body: JSON.stringify(data),
    });
    const body = (await r.json()) as { success: boolean; result: any };
    if (r.status !== 200 || !body.success) throw new Error(`${action}: ${r.status} ${JSON.stringify(body)}`);
    return body.result;
  };
  return { url, pasport, ok };
}

/** A hold on the load after its first batch: `held` resolves when the load is waiting, `release()` lets it go on. */
function holdAfterFirstBatch() {
  let release!: () => void;
  let reached!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const held = new Promise<void>((r) => (reached = r));
  let batches = 0;
  const hooks: ModuleHooks = {
    sparqlLoad: {
      batch: 2,
      afterBatch: async () => {
        if (++batches > 1) return;
        reached();
        await gate;
      },
    },
  };
  return { hooks, held, release };
}

for (const embedded of [false, true]) {
  t.test(`SPARQL store loads in the background after a restart (${embedded ? 'PGlite' : 'PostgreSQL'})`, async (t) => {
    let env: Record<string, string>;
    if (embedded) {
      const tmp = tempDir();
      env = { PASPORT_DATA_DIR: tmp.dir };
      t.teardown(tmp.remove);
    } else {
      const db = await freshDatabase();
      env = { DATABASE_URL: db.url };
      t.teardown(() => db.drop());
    }

    // First life: a catalogue of five datasets.
    const first = await boot(env);
    await first.ok('structure_create', { code: '1', name_translated: tr('Ministries') });
    await first.ok('organization_create', {
      name: 'stat',
      code: '001',
      structure: '1',
      title_translated: tr('Statistics'),
      email: 'info@stat.example.uz',
    });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push(
        (await first.ok('package_create', { name: `ds-${i}`, owner_org: 'stat', title_translated: tr(`Dataset ${i}`) }))
          .id,
      );
    await first.pasport.close();

    // Second life: the load is held after its first batch.
    const hold = holdAfterFirstBatch();
    const s = await boot(env, hold.hooks);
    let closed = false;
    t.teardown(async () => {
      hold.release();
      if (!closed) await s.pasport.close();
    });
    await hold.held;

    const loading = await s.ok('status_show');
    t.match(
      loading.components.sparql,
      { state: 'loading', loaded: 2, total: 5, ms: Number },
      'status_show says the SPARQL store is loading, and how far',
    );
    t.ok('sparql' in loading.index_lag && 'site_title' in loading, 'the existing keys are kept');
    t.equal((await s.ok('package_show', { id: 'ds-4' })).name, 'ds-4', 'the Action API serves while the store loads');

    const q = encodeURIComponent('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }');
    const busy = await fetch(`${s.url}/sparql?query=${q}`, { headers: { Accept: 'application/sparql-results+json' } });
    t.equal(busy.status, 503, 'a query is refused while the store loads');
    const retry = Number(busy.headers.get('retry-after'));
    t.ok(
      Number.isInteger(retry) && retry >= 1 && retry <= 120,
      `Retry-After is a number of seconds (${busy.headers.get('retry-after')})`,
    );
    t.match(await busy.text(), /loading after a start \(2 of 5 datasets\)/, 'the message says why and how far');
    const post = await fetch(`${s.url}/sparql`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/sparql-query' },
      body: 'ASK { ?s ?p ?o }',
    });
    t.equal(post.status, 503, 'POST queries too');
    t.ok(post.headers.get('retry-after'), 'with Retry-After');
    await post.text();
    const page = await fetch(`${s.url}/sparql`, { headers: { Accept: 'text/html' } });
    t.equal(page.status, 200, 'the query page is served');
    await page.text();
    const sd = await fetch(`${s.url}/sparql`, { headers: { Accept: 'text/turtle' } });
    t.equal(sd.status, 200, 'the service description is served');
    t.match(await sd.text(), /sd:Service/);

    // Writes during the load: one to a dataset already loaded (the first batch holds the two smallest
    // ids), and a new dataset. Only the outbox consumer, after the load, can bring the first one in.
    const early = [...ids].sort()[0];
    await s.ok('package_patch', { id: early, title_translated: tr('Renamed while loading') });
    await s.ok('package_create', { name: 'ds-new', owner_org: 'stat', title_translated: tr('Created while loading') });

    hold.release();
    const ext = s.pasport.services.extensions.sparql as { settle(ms?: number): Promise<void> };
    await ext.settle();
    const ready = (await s.ok('status_show')).components.sparql;
    t.equal(ready.state, 'ready', 'status_show says the store is ready');
    t.ok(ready.loaded >= 5 && ready.loaded === ready.total, `everything walked (${ready.loaded}/${ready.total})`);

    const count = async (where: string) => {
      const query = `PREFIX dct: <http://purl.org/dc/terms/> SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ${where} }`;
      const r = await fetch(`${s.url}/sparql?query=${encodeURIComponent(query)}`, {
        headers: { Accept: 'application/sparql-results+json' },
      });
      t.equal(r.status, 200, 'queries are answered once ready');
      return Number(((await r.json()) as any).results.bindings[0].n.value);
    };
    t.equal(
      await count('?d dct:title "Renamed while loading"@en'),
      1,
      'the write to an already loaded dataset reached the store',
    );
    t.equal(await count(`?d dct:title "Dataset ${ids.indexOf(early)}"@en`), 0, 'its old title is gone');
    t.equal(
      await count('?d dct:title "Created while loading"@en'),
      1,
      'the dataset created during the load is in the store',
    );
    t.equal(await count('?d a <http://www.w3.org/ns/dcat#Dataset>'), 6, 'every dataset, once');
    closed = true;
    await s.pasport.close();
  });
}
