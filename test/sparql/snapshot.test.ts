// Fast restarts (issue 22): the store's snapshot is written on shutdown with the outbox position it
// reflects; a restart loads it and applies only the writes made after it (here: made while the SPARQL
// store was off), before anyone can query; a damaged snapshot falls back to the full rebuild. Real
// restarts of a real server on a real PostgreSQL database.
import t from 'tap';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { buildApp, type Pasport } from '../../src/app.ts';
import type { ModuleHooks } from '../../src/modules.ts';
import { ensureUser, createToken } from '../../src/auth/users.ts';
import { freshDatabase, tempDir } from '../helpers/db.ts';
import { freePort } from '../helpers/port.ts';
import { readSnapshot, writeSnapshot } from '../../src/sparql/snapshot.ts';
import type { ReplayEntry } from '../../src/sparql/pool.ts';

const tr = (base: string) => ({ uz: `${base} (uz)`, ru: `${base} (ru)`, en: base });

t.test('snapshot file: round trip, and damage is detected', async (t) => {
  const tmp = tempDir();
  t.teardown(tmp.remove);
  const file = path.join(tmp.dir, 'x', 'store.snapshot');
  t.equal(await readSnapshot(file), null, 'no file: null');
  const entries: ReplayEntry[] = [
    ['https://a.example/g/1', Buffer.from([1, 2, 3]), 'application/n-triples', true],
    ['https://a.example/g/2', Buffer.from('private bytes'), 'text/turtle', false],
  ];
  await writeSnapshot(
    file,
    { position: 42, positionCreated: 'p', firstCreated: 'f', siteUrl: 'https://a.example', mapping: 'm' },
    entries,
  );
  const back = await readSnapshot(file);
  t.match(back!.header, {
    position: 42,
    positionCreated: 'p',
    firstCreated: 'f',
    siteUrl: 'https://a.example',
    mapping: 'm',
    graphs: 2,
  });
  t.same(
    back!.entries.map((e) => [e[0], [...e[1]], e[2], e[3]]),
    entries.map((e) => [e[0], [...e[1]], e[2], e[3]]),
  );
  t.same(fs.readdirSync(path.dirname(file)), ['store.snapshot'], 'no temporary file left behind');
  const bytes = fs.readFileSync(file);
  fs.writeFileSync(file, bytes.subarray(0, bytes.length - 10));
  await t.rejects(readSnapshot(file), { name: 'SnapshotInvalid' }, 'truncated: refused');
  const flipped = Buffer.from(bytes);
  flipped[flipped.length - 40] ^= 0xff;
  fs.writeFileSync(file, flipped);
  await t.rejects(readSnapshot(file), /checksum/, 'one byte changed: refused');
  fs.writeFileSync(file, 'not a snapshot at all, but long enough to be read as one................');
  await t.rejects(readSnapshot(file), /not a SPARQL store snapshot/);
});

/** The graphs' IRIs name the site: every life of one deployment has the same address. */
async function boot(port: number, env: Record<string, string>, hooks?: ModuleHooks) {
  const url = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    LOG_LEVEL: 'warn',
    PASPORT_REQUIRED_LANGUAGES: 'none',
    ...env,
    PORT: String(port),
    HOST: '127.0.0.1',
    SITE_URL: url,
  } as NodeJS.ProcessEnv);
  const pasport: Pasport = await buildApp(config, { logger: { level: 'error' }, hooks });
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
  const count = async (where: string, sysadmin = false) => {
    const query = `PREFIX dct: <http://purl.org/dc/terms/> SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ${where} }`;
    const r = await fetch(`${url}/sparql?query=${encodeURIComponent(query)}`, {
      headers: { Accept: 'application/sparql-results+json', ...(sysadmin ? { Authorization: token } : {}) },
    });
    if (r.status !== 200) throw new Error(`sparql ${r.status}: ${await r.text()}`);
    return Number(((await r.json()) as any).results.bindings[0].n.value);
  };
  const settle = () => (pasport.services.extensions.sparql as { settle(): Promise<void> }).settle();
  return { url, pasport, ok, count, settle };
}

/** Counts the rebuild's batches: a start from the snapshot has none. */
function batchCounter() {
  const c = { batches: 0, hooks: { sparqlLoad: { afterBatch: () => void c.batches++ } } as ModuleHooks };
  return c;
}

const DATASET = '?d a <http://www.w3.org/ns/dcat#Dataset>';

t.test('restart from a snapshot older than the outbox; a damaged one falls back to the rebuild', async (t) => {
  const db = await freshDatabase();
  t.teardown(() => db.drop());
  const dir = tempDir();
  t.teardown(dir.remove);
  const file = path.join(dir.dir, 'sparql-store.snapshot');
  const env = { DATABASE_URL: db.url, PASPORT_DATA_DIR: dir.dir, SPARQL_SNAPSHOT_INTERVAL_S: '3600' };

  // First life: four datasets; the snapshot is written on shutdown.
  const port = await freePort();
  const one = await boot(port, env);
  await one.ok('structure_create', { code: '1', name_translated: tr('Ministries') });
  await one.ok('organization_create', {
    name: 'stat',
    code: '001',
    structure: '1',
    title_translated: tr('Statistics'),
    email: 'info@stat.example.uz',
  });
  const ids: string[] = [];
  for (let i = 0; i < 4; i++)
    ids.push(
      (await one.ok('package_create', { name: `ds-${i}`, owner_org: 'stat', title_translated: tr(`Dataset ${i}`) })).id,
    );
  await one.settle();
  t.equal(await one.count(DATASET), 4);
  await one.pasport.close();
  const written = (await readSnapshot(file))!;
  t.ok(written.header.position > 0, `snapshot written on shutdown at outbox position ${written.header.position}`);

  // Second life, SPARQL off: writes the snapshot does not have (they wait in the outbox).
  const two = await boot(port, { ...env, PASPORT_SPARQL: 'false' });
  await two.ok('package_patch', { id: ids[0], title_translated: tr('Renamed after the snapshot') });
  await two.ok('package_patch', { id: ids[1], private: true });
  await two.ok('package_delete', { id: ids[2], reason: 'test' });
  await two.ok('package_create', {
    name: 'ds-new',
    owner_org: 'stat',
    title_translated: tr('Created after the snapshot'),
  });
  await two.pasport.close();

  // Third life: from the snapshot, caught up with the outbox before it answers.
  const c3 = batchCounter();
  const three = await boot(port, env, c3.hooks);
  await three.settle();
  const st = (await three.ok('status_show')).components.sparql;
  t.match(
    st,
    { state: 'ready', snapshot: { loaded_from: 'snapshot', replayed_from: written.header.position } },
    'status_show: loaded from the snapshot',
  );
  t.equal(c3.batches, 0, 'no rebuild from the database');
  t.ok(
    st.position > written.header.position,
    `then the outbox after it was applied (position ${written.header.position} -> ${st.position})`,
  );
  const expectations = async (s: typeof three, what: string) => {
    t.equal(await s.count(DATASET), 3, `${what}: public datasets: one made private, one deleted, one created`);
    t.equal(await s.count(DATASET, true), 4, `${what}: a sysadmin also sees the private one`);
    t.equal(
      await s.count('?d dct:title "Renamed after the snapshot"@en'),
      1,
      `${what}: the update made after the snapshot`,
    );
    t.equal(await s.count('?d dct:title "Dataset 0"@en'), 0, `${what}: the old title is gone`);
    t.equal(
      await s.count('?d dct:title "Dataset 1"@en'),
      0,
      `${what}: the dataset made private after the snapshot is not public`,
    );
    t.equal(
      await s.count(`?d ?p ?o FILTER(CONTAINS(STR(?d), "${ids[2]}"))`, true),
      0,
      `${what}: the deleted dataset is nowhere`,
    );
    t.equal(
      await s.count('?d dct:title "Created after the snapshot"@en'),
      1,
      `${what}: the dataset created after the snapshot`,
    );
  };
  await expectations(three, 'from the snapshot');
  await three.pasport.close();

  // Fourth life: the snapshot is damaged; the store is rebuilt from the database, with the same content.
  const bytes = fs.readFileSync(file);
  bytes[Math.floor(bytes.length / 2)] ^= 0x55;
  fs.writeFileSync(file, bytes);
  const c4 = batchCounter();
  const four = await boot(port, env, c4.hooks);
  t.teardown(() => four.pasport.close());
  await four.settle();
  const st4 = (await four.ok('status_show')).components.sparql;
  t.match(
    st4,
    { state: 'ready', snapshot: { loaded_from: 'rebuild', refused: /checksum/ } },
    'status_show: the damaged snapshot was refused, and why',
  );
  t.ok(c4.batches >= 1, 'rebuilt from the database');
  await expectations(four, 'after the rebuild');
  // The rebuild wrote a fresh snapshot right away.
  await new Promise((r) => setTimeout(r, 50));
  const fresh = await readSnapshot(file).catch(() => null);
  t.ok(fresh && fresh.header.position >= st.position, 'a good snapshot replaced the damaged one');
});
