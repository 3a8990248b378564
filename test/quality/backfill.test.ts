// The quality consumer's backfill: datasets without a score that no outbox entry announced (written
// around the outbox: a restore, a bulk load) are scored when the consumer starts, then looked for at
// most once a minute by the service's clock, and at once when settle() asks. New datasets written
// through the actions are scored from the outbox in between, without the backfill's scan.
import t from 'tap';
import { ManualClock } from '../../src/clock.ts';
import { startServer } from '../helpers/server.ts';
import { makeOrg } from '../helpers/fixtures.ts';
import { datasetRow } from '../helpers/rows.ts';
import type { QualityService } from '../../src/quality/module.ts';

t.test('the backfill looks at start, then at most once a minute, and when settle asks', async (t) => {
  const clock = new ManualClock('2026-04-20T05:00:00Z');
  const s = await startServer(t, { clock, env: { PASPORT_SPARQL: 'false', PASPORT_REQUIRED_LANGUAGES: 'none' } });
  const org = await makeOrg(s, 'stat');
  const { db } = s.pasport.services;
  const { consumer } = s.pasport.services.extensions.quality as QualityService;
  await s.settle();

  const scored = async (id: string) =>
    !!(await db.selectFrom('quality_score').select('package_id').where('package_id', '=', id).executeTakeFirst());
  /** A dataset row written straight to the table: no outbox entry announces it. */
  const around = async (name: string) => {
    const row = datasetRow({ name, owner_org: org.id, metadata_created: clock.now().toISOString().replace('Z', '') });
    await db.insertInto('package').values(row).execute();
    return row.id;
  };

  const first = await around('around-first');
  const viaApi = await s.ok('package_create', { name: 'via-api', owner_org: 'stat' });
  await consumer.whenIdle();
  t.ok(await scored(viaApi.id), 'a dataset written through the actions is scored from the outbox');
  t.notOk(await scored(first), 'within the minute, draining the outbox does not scan for unscored datasets');

  clock.advance(61_000);
  const next = await s.ok('package_create', { name: 'via-api-2', owner_org: 'stat' });
  await consumer.whenIdle();
  t.ok(await scored(next.id));
  t.ok(await scored(first), 'a minute later the drain is followed by the backfill, which scores it');

  const second = await around('around-second');
  await s.settle();
  t.ok(await scored(second), 'settle() asks for the backfill at once');
});
