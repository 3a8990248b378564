// A second Pasport instance is the CKAN source: a first harvest copies its datasets (same ids, the
// source's guid and URI kept as extras), a second one updates what changed, leaves the unchanged
// dataset untouched (metadata_modified as it was) and deletes here what was deleted there; a dry run
// writes nothing; a source that stalls is ended by the request timeout, a hung job by the job timeout.
import t from 'tap';
import { startServer } from '../helpers/server.ts';
import { makeOrg } from '../helpers/fixtures.ts';
import { staticServer } from '../helpers/static-server.ts';
import { ManualClock } from '../../src/clock.ts';
import { endHungJobs } from '../../src/harvest/dispatch.ts';

const extra = (pkg: any, key: string) => pkg.extras.find((e: any) => e.key === key)?.value;

t.test('harvesting a CKAN source', async (t) => {
  const src = await startServer(t);
  const clock = new ManualClock(new Date());
  const dst = await startServer(t, { clock, env: { PASPORT_SECRET_KEY: 'k' } });
  await makeOrg(src, 'origin');
  const made: any[] = [];
  for (const n of [1, 2, 3]) {
    made.push(
      await src.ok('package_create', {
        name: `ds-${n}`,
        title: `Dataset ${n}`,
        owner_org: 'origin',
        notes: 'About',
        tags: [{ name: 'economy' }],
        title_translated: { ru: `Набор ${n}`, en: `Dataset ${n}` },
        resources: [{ url: `http://example.org/${n}.csv`, name: 'data', format: 'CSV' }],
      }),
    );
  }
  await src.ok('package_create', { name: 'hidden', owner_org: 'origin', private: true });
  await makeOrg(dst, 'mirror');
  const operator = await dst.user('op', { operator: true });
  const plain = await dst.user('plain');
  const sched = dst.pasport.services.extensions.scheduler as { runDue(): Promise<unknown> };
  const harvest = async (input: Record<string, unknown> = {}) => {
    const job = await dst.ok('harvest_job_create', { source_id: 'origin-ckan', ...input }, operator.token);
    t.equal(job.status, 'New');
    await sched.runDue();
    return dst.ok('harvest_job_show', { id: job.id }, operator.token);
  };

  t.test("sources are the operators'", async (t) => {
    const input = {
      name: 'origin-ckan',
      title: 'Origin',
      url: src.url,
      source_type: 'ckan',
      owner_org: 'mirror',
      config: JSON.stringify({ api_key: 'remote-key' }),
    };
    t.equal((await dst.call('harvest_source_create', input, { token: plain.token })).status, 403);
    t.equal((await dst.call('harvest_source_list', {}, { token: plain.token })).status, 403);
    const s = await dst.ok('harvest_source_create', input, operator.token);
    t.match(s, { name: 'origin-ckan', source_type: 'ckan', api_key_set: true, frequency: 'MANUAL' });
    t.notOk(JSON.stringify(s).includes('remote-key'), 'the API key is never returned');
    t.equal((await dst.ok('harvest_source_list', {}, operator.token)).length, 1);
    t.equal(
      (await dst.call('harvest_source_create', input, { token: operator.token })).status,
      409,
      'names are unique',
    );
  });

  let first: any;
  t.test('first run copies every public dataset', async (t) => {
    first = await harvest();
    t.match(first, { status: 'Finished', stats: { added: 3, updated: 0, deleted: 0, errored: 0 }, errors: [] });
    for (const p of made) {
      const here = await dst.ok('package_show', { id: p.id }, null);
      t.equal(here.name, p.name, "the source's id and name");
      t.equal(here.title_translated.ru, p.title_translated.ru);
      t.equal(extra(here, 'guid'), p.id);
      t.equal(extra(here, 'harvest_source_title'), 'Origin');
      t.equal(extra(here, 'uri'), `${src.url}/dataset/${p.name}`);
      t.equal(here.organization.name, 'mirror');
      t.equal(here.resources[0].url, p.resources[0].url);
      const obj = await dst.ok('harvest_object_show', { id: extra(here, 'harvest_object_id') }, operator.token);
      t.match(obj, { guid: p.id, package_id: p.id, report_status: 'added', current: true });
    }
    t.equal((await dst.ok('package_search', { q: 'name:hidden' }, null)).count, 0, 'private datasets stay private');
    const auth = await dst.ok('harvest_source_show', { id: 'origin-ckan' }, operator.token);
    t.equal(auth.status.total_datasets, 3);
  });

  t.test('second run: changed updated, unchanged untouched, deleted deleted', async (t) => {
    const before = await dst.ok('package_show', { id: made[1].id }, null);
    await src.ok('package_patch', { id: made[0].id, title: 'Dataset one, renamed' });
    await src.ok('package_delete', { id: made[2].id, reason: 'withdrawn' });
    clock.advance(60000);
    const dry = await harvest({ dry_run: true });
    t.match(dry, { status: 'Finished', dry_run: true, stats: { updated: 1, deleted: 1, not_modified: 1 } });
    t.equal((await dst.ok('package_show', { id: made[0].id }, null)).title, 'Dataset 1', 'a dry run writes nothing');
    const job = await harvest();
    t.match(job, { status: 'Finished', stats: { added: 0, updated: 1, deleted: 1, not_modified: 1, errored: 0 } });
    t.equal((await dst.ok('package_show', { id: made[0].id }, null)).title, 'Dataset one, renamed');
    const after = await dst.ok('package_show', { id: made[1].id }, null);
    t.equal(after.metadata_modified, before.metadata_modified, 'the unchanged dataset was not rewritten');
    t.equal(extra(after, 'harvest_object_id'), extra(before, 'harvest_object_id'));
    const gone = await dst.call('package_show', { id: made[2].id }, { token: null });
    t.not(gone.status, 200, 'the deleted dataset is gone from the public');
    const row = await dst.pasport.services.db
      .selectFrom('package')
      .select(['state', 'deleted_reason'])
      .where('id', '=', made[2].id)
      .executeTakeFirstOrThrow();
    t.equal(row.state, 'deleted');
    t.match(row.deleted_reason, /Deleted at the harvest source "Origin"/);
    t.equal((await dst.ok('package_search', { q: 'name:ds-3' }, null)).count, 0);
    const again = await harvest();
    t.match(again.stats, { added: 0, updated: 0, deleted: 0 }, 'a run without changes writes nothing');
    t.equal((await dst.ok('harvest_job_list', { source_id: 'origin-ckan' }, operator.token)).length, 4);
  });

  t.test('history is pruned', async (t) => {
    const { pruneJobs } = await import('../../src/harvest/prune.ts');
    const id = (await dst.ok('harvest_source_show', { id: 'origin-ckan' }, operator.token)).id;
    await pruneJobs(dst.pasport.services.db, id, 2);
    t.equal((await dst.ok('harvest_job_list', { source_id: 'origin-ckan' }, operator.token)).length, 2);
    const current = await dst.pasport.services.db
      .selectFrom('harvest_object')
      .select('guid')
      .where('source_id', '=', id)
      .where('current', '=', true)
      .execute();
    t.equal(current.length, 2, 'current objects survive pruning');
    const job = await harvest();
    t.match(job.stats, { added: 0, updated: 0, deleted: 0, errored: 0 });
  });

  t.test('a stalling source is timed out; a hung job is ended', async (t) => {
    const stalling = await staticServer(t, { '/api/3/action/package_search': { stall: true } });
    await dst.ok(
      'harvest_source_create',
      { name: 'stalls', url: stalling.url, source_type: 'ckan', owner_org: 'mirror', config: { timeout_ms: 250 } },
      operator.token,
    );
    const job = await dst.ok('harvest_job_create', { source_id: 'stalls' }, operator.token);
    await sched.runDue();
    const done = await dst.ok('harvest_job_show', { id: job.id }, operator.token);
    t.equal(done.status, 'Finished');
    t.match(done.errors[0].message, /timed out/);
    const db = dst.pasport.services.db;
    const hung = await dst.ok('harvest_job_create', { source_id: 'stalls', dry_run: true }, operator.token);
    await db
      .updateTable('harvest_job')
      .set({ status: 'Running', heartbeat: clock.now().toISOString().replace('Z', '') })
      .where('id', '=', hung.id)
      .execute();
    t.equal(await endHungJobs(db, clock.now(), 360), 0, 'a live job is left alone');
    clock.advance(361 * 60000);
    t.equal(await endHungJobs(db, clock.now(), 360), 1);
    t.match(await dst.ok('harvest_job_show', { id: hung.id }, operator.token), {
      status: 'Finished',
      errors: [{ message: /hung/ }],
    });
  });
});
