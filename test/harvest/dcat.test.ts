// A second Pasport instance as a DCAT source, in each of the four serialisations (Turtle, RDF/XML,
// JSON-LD, N-Triples), two datasets per page so Hydra paging is followed; plus a data.egov.kz-style API
// served by a static server. A dataset deleted at the source disappears here; unchanged ones stay as they were.
import t from 'tap';
import { startServer } from '../helpers/server.ts';
import { makeOrg } from '../helpers/fixtures.ts';
import { staticServer } from '../helpers/static-server.ts';

const extra = (pkg: any, key: string) => pkg.extras.find((e: any) => e.key === key)?.value;

t.test('harvesting DCAT and a data.egov.kz-style API', async (t) => {
  const src = await startServer(t, { config: { dcatPageSize: 2 } });
  const dst = await startServer(t, { env: { PASPORT_LANGUAGES: 'uz,ru,en,kk' } });
  await makeOrg(src, 'origin');
  const made: any[] = [];
  for (const n of [1, 2, 3]) {
    made.push(
      await src.ok('package_create', {
        name: `dcat-${n}`,
        owner_org: 'origin',
        title_translated: { ru: `Набор ${n}`, en: `Dataset ${n}` },
        notes_translated: { en: `About ${n}` },
        tags: [{ name: 'economy' }],
        resources: [{ url: `http://example.org/${n}.csv`, name: 'data', format: 'CSV' }],
      }),
    );
  }
  await src.settle();
  const sched = dst.pasport.services.extensions.scheduler as { runDue(): Promise<unknown> };
  const harvest = async (source: string) => {
    const job = await dst.ok('harvest_job_create', { source_id: source });
    await sched.runDue();
    return dst.ok('harvest_job_show', { id: job.id });
  };

  for (const ext of ['ttl', 'rdf', 'jsonld', 'nt']) {
    t.test(`catalog.${ext}`, async (t) => {
      await makeOrg(dst, `mirror-${ext}`);
      await dst.ok('harvest_source_create', {
        name: `dcat-${ext}`,
        title: `DCAT ${ext}`,
        url: `${src.url}/catalog.${ext}`,
        source_type: 'dcat',
        owner_org: `mirror-${ext}`,
      });
      const job = await harvest(`dcat-${ext}`);
      t.match(
        job,
        { status: 'Finished', stats: { added: 3, errored: 0, gathered: 3 }, errors: [] },
        JSON.stringify(job.errors),
      );
      const found = await dst.ok('package_search', { fq: `organization:mirror-${ext}`, rows: 10 }, null);
      t.equal(found.count, 3);
      const en = found.results.map((p: any) => p.title_translated.en).sort();
      t.same(en, ['Dataset 1', 'Dataset 2', 'Dataset 3'], 'titles per language');
      const one = found.results.find((p: any) => p.title_translated.en === 'Dataset 1');
      t.equal(extra(one, 'uri'), `${src.url}/dataset/${made[0].id}`, "the source's IRI kept");
      t.equal(extra(one, 'guid'), made[0].passport_code ?? made[0].id, 'dct:identifier is the guid');
      t.equal(one.resources[0].url, 'http://example.org/1.csv');
      t.same(
        one.tags.map((x: any) => x.name),
        ['economy'],
      );
    });
  }

  t.test('deleted at the source, deleted here; the others untouched', async (t) => {
    const before = await dst.ok('package_search', { fq: 'organization:mirror-ttl', rows: 10 }, null);
    await src.ok('package_delete', { id: made[1].id, reason: 'withdrawn' });
    await src.settle();
    const job = await harvest('dcat-ttl');
    t.match(job.stats, { added: 0, updated: 0, deleted: 1, not_modified: 2, errored: 0 });
    const after = await dst.ok('package_search', { fq: 'organization:mirror-ttl', rows: 10 }, null);
    t.equal(after.count, 2);
    for (const p of after.results) {
      t.equal(
        p.metadata_modified,
        before.results.find((b: any) => b.id === p.id).metadata_modified,
        'unchanged: not rewritten',
      );
    }
  });

  t.test('a data.egov.kz-style API', async (t) => {
    let items: Record<string, unknown>[] = [
      {
        meta: {
          apiUri: 'astana_pharmacies',
          nameKk: 'Дәріханалар',
          nameRu: 'Аптеки',
          descriptionRu: 'Аптеки Астаны',
          keywords: ['аптека', 'денсаулық'],
        },
      },
      { apiUri: 'schools', nameRu: 'Школы', nameKk: 'Мектептер', version: 'v2' },
    ];
    const page = (u: URL) => {
      const from = Number(u.searchParams.get('from'));
      return JSON.stringify(items.slice(from, from + Number(u.searchParams.get('size'))));
    };
    const api = await staticServer(t, { '/datasets': { body: page, type: 'application/json' } });
    await makeOrg(dst, 'egov-mirror');
    await dst.ok('harvest_source_create', {
      name: 'egov',
      url: `${api.url}/datasets`,
      source_type: 'egov',
      owner_org: 'egov-mirror',
      config: { size: 1 },
    });
    const job = await harvest('egov');
    t.match(job.stats, { added: 2, errored: 0 }, JSON.stringify(job));
    const ph = await dst.ok('package_show', { id: 'astana_pharmacies' }, null);
    t.match(ph, { title: 'Аптеки', title_translated: { kk: 'Дәріханалар', ru: 'Аптеки' }, notes: 'Аптеки Астаны' });
    t.equal(ph.resources[0].url, `${api.url}/api/v4/astana_pharmacies/v1`);
    t.equal(extra(ph, 'guid'), 'astana_pharmacies');
    t.equal((await dst.ok('package_show', { id: 'schools' }, null)).resources[0].url, `${api.url}/api/v4/schools/v2`);
    items = items.slice(1);
    const second = await harvest('egov');
    t.match(second.stats, { deleted: 1, not_modified: 1 });
    t.ok(
      [403, 404].includes((await dst.call('package_show', { id: 'astana_pharmacies' }, { token: null })).status),
      'gone from the public',
    );
  });
});
