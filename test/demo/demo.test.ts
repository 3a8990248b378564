// `pasport demo` as a new user runs it: the real command on a fresh embedded database, then the real
// server on that directory, asked over HTTP what a visitor would ask first.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { loadConfig } from '../../src/config.ts';
import { buildApp } from '../../src/app.ts';
import { tempDir } from '../helpers/db.ts';
import { freePort } from '../helpers/port.ts';

// Two CLI runs and a server start on PGlite: minutes on a busy machine.
t.setTimeout(600_000);
const tmp = tempDir('pasport-demo-');
t.teardown(() => tmp.remove());
const env = { ...process.env, PASPORT_DATA_DIR: tmp.dir, LOG_LEVEL: 'warn' };
const pasport = (...args: string[]) =>
  spawnSync(process.execPath, ['bin/pasport.mjs', ...args], { env, encoding: 'utf8', timeout: 300_000 });

const first = pasport('demo');
t.equal(first.status, 0, first.stderr);
t.match(first.stdout, /demo catalogue loaded in .* 51 datasets/);
const again = pasport('demo');
t.equal(again.status, 1, 'a second run refuses');
t.match(again.stderr, /not empty; use --force/);

t.test('the demo catalogue over HTTP', async (t) => {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const app = await buildApp(loadConfig({ ...env, PORT: String(port), SITE_URL: url } as NodeJS.ProcessEnv), {
    logger: { level: 'warn' },
  });
  t.teardown(() => app.close());
  await app.app.listen({ port, host: '127.0.0.1' });
  const api = async (action: string, params: Record<string, string> = {}) => {
    const r = await fetch(`${url}/api/3/action/${action}?${new URLSearchParams(params)}`);
    const body = (await r.json()) as any;
    if (!body.success) throw new Error(`${action}: ${JSON.stringify(body)}`);
    return body.result;
  };

  const all = await api('package_search', {
    rows: '0',
    'facet.field': '["organization","groups","update_frequency","res_format"]',
    'facet.limit': '-1',
  });
  t.equal(all.count, 50, 'public datasets (the internal one is private)');
  t.equal(Object.keys(all.facets.organization).length, 10, 'every organization publishes');
  t.same(
    Object.keys(all.facets.update_frequency).sort(),
    ['annual', 'daily', 'irregular', 'monthly', 'quarterly'],
    'every update frequency',
  );
  t.ok(Object.keys(all.facets.groups).length >= 9, 'datasets in the spheres');
  t.ok(
    ['CSV', 'JSON', 'XLSX', 'GEOJSON', 'PDF'].every((f) =>
      Object.keys(all.facets.res_format)
        .map((x) => x.toUpperCase())
        .includes(f),
    ),
    `formats ${Object.keys(all.facets.res_format)}`,
  );
  t.equal((await api('organization_list')).length, 10);
  const spheres = await api('group_list', { all_fields: 'true' });
  t.ok(
    spheres.every((g: any) => g.eu_theme),
    'each sphere has an EU theme',
  );
  t.equal((await api('organization_show', { id: 'stat' })).code, '001');

  const pop = await api('package_show', { id: 'population-by-region' });
  t.equal(pop.passport_code, '4-001-0001');
  t.same(Object.keys(pop.title_translated).sort(), ['en', 'ru', 'uz', 'uz-Cyrl']);
  t.equal(pop.title_translated['uz-Cyrl'], 'Аҳоли сони вилоятлар кесимида', 'uz-Cyrl transliterated');
  const overdue = (await api('package_search', { q: 'name:births-and-deaths' })).results[0];
  t.ok(overdue.overdue_days > 0, `an overdue dataset (${overdue.overdue_days} days)`);
  t.equal((await api('package_search', { q: 'aholi' })).results[0]?.name, 'population-by-region', 'search in Uzbek');
  t.ok((await api('package_search', { q: 'аптеки' })).count >= 1, 'search in Russian');

  const pharm = await api('package_show', { id: 'astana-pharmacies' });
  const rid = pharm.resources[0].id;
  const rows = await api('datastore_search', { resource_id: rid, sort: 'id' });
  t.equal(rows.total, 8);
  t.equal(rows.records[0].name, 'Гиппократ');
  t.ok((await api('descriptor_show', { resource_id: rid })).fields.geoposition, 'the descriptor is attached');
  const shifts = await api('package_show', { id: 'astana-pharmacy-shifts' });
  const info = await api('datastore_info', { id: shifts.resources[0].id });
  t.equal(
    info.fields.find((f: any) => f.id === 'pharmacy').info.datapath,
    'astana_pharmacies.id',
    'the shifts point at the pharmacies',
  );
  const geo = await fetch(`${url}/datastore/dump/${rid}?format=geojson`);
  t.equal(geo.status, 200);
  t.equal(((await geo.json()) as any).features.length, 8);

  const ttl = await fetch(`${url}/catalog.ttl`);
  t.equal(ttl.status, 200);
  t.match(await ttl.text(), /dcat:Dataset/);
  const ds = await fetch(`${url}/dataset/population-by-region.jsonld`);
  t.equal(ds.status, 200);

  const q = `SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a <http://www.w3.org/ns/dcat#Dataset> }`;
  const sparql = await fetch(`${url}/sparql?query=${encodeURIComponent(q)}`, {
    headers: { accept: 'application/sparql-results+json' },
  });
  t.equal(sparql.status, 200);
  t.equal(Number(((await sparql.json()) as any).results.bindings[0].n.value), 50, 'SPARQL sees the public datasets');

  const home = await fetch(`${url}/?lang=ru`, { headers: { accept: 'text/html' } });
  t.match(await home.text(), /id="count-datasets">50</, 'the landing page counts them');
});
