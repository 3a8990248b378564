// The scheduler on one database shared by two instances: every job and every recurring slot runs
// exactly once, failures are retried with backoff, a dead worker's job is taken over after its lease;
// and the same queue works on the embedded PGlite.
import t from 'tap';
import { sql } from 'kysely';
import { startServer } from '../helpers/server.ts';
import { ManualClock } from '../../src/clock.ts';
import { connect } from '../../src/db/connect.ts';
import { createServices, type Services } from '../../src/services.ts';
import { Scheduler, type JobKind, type Recurring } from '../../src/scheduler/service.ts';
import { claim } from '../../src/scheduler/queue.ts';

const HOUR = 3600000;

// A test job kind: records which instance ran which job, in the job's own transaction.
const record: JobKind = {
  kind: 'test.record',
  async handler({ db, job, services }) {
    await sql`INSERT INTO sched_run (job_id, tag, worker) VALUES (${job.id}, ${String(job.payload.tag ?? job.payload.slot ?? '')}, ${String(services.extensions.name)})`.execute(
      db,
    );
  },
};
const flaky: JobKind = {
  kind: 'test.flaky',
  async handler({ db, job }) {
    if (job.attempts < 3) throw new Error(`attempt ${job.attempts} fails`);
    await sql`INSERT INTO sched_run (job_id, tag, worker) VALUES (${job.id}, 'flaky', 'x')`.execute(db);
  },
};
const hourly: Recurring = {
  name: 'test-hourly',
  kind: 'test.record',
  next: (after) => new Date(Math.floor(after.getTime() / HOUR) * HOUR + HOUR),
};

function instance(services: Services, name: string): Scheduler {
  services.extensions.name = name;
  return new Scheduler(services, [record, flaky], [hourly]);
}

t.test('two instances on one PostgreSQL database', async (t) => {
  const clock = new ManualClock('2025-01-06T00:30:00Z');
  const s = await startServer(t, { clock, config: { scheduler: { enabled: false, intervalMs: 0 } } });
  const second = await connect({ databaseUrl: s.config.databaseUrl, dataDir: '' });
  t.teardown(() => second.close());
  const db = s.pasport.services.db;
  await sql`CREATE TABLE sched_run (job_id bigint, tag text, worker text)`.execute(db);
  const a = instance(createServices(db, 'postgres', s.config, clock), 'a');
  const b = instance(createServices(second.db, 'postgres', s.config, clock), 'b');
  await a.init();
  await b.init();
  t.equal(
    Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM job_schedule`.execute(db)).rows[0].n),
    1,
    'one schedule row for both',
  );

  // 300 one-off jobs, some queued twice under the same key.
  const jobs = Array.from({ length: 300 }, (_, i) => ({
    kind: 'test.record',
    payload: { tag: `j${i}` },
    runAt: clock.now(),
    dedupeKey: `j${i}`,
  }));
  t.equal(await a.enqueue(jobs), 300);
  t.equal(await b.enqueue(jobs.slice(0, 50)), 0, 'a dedupe key admits one job only');
  const [ra, rb] = await Promise.all([a.runDue(), b.runDue()]);
  t.equal(ra.done + rb.done, 300, 'all ran');
  t.ok(ra.done > 0 && rb.done > 0, `both instances worked (${ra.done} + ${rb.done})`);
  const runs = (
    await sql<{ tag: string; n: number }>`SELECT tag, count(*)::int AS n FROM sched_run GROUP BY tag`.execute(db)
  ).rows;
  t.equal(runs.length, 300);
  t.ok(
    runs.every((r) => r.n === 1),
    'each exactly once',
  );

  // A day of hourly slots, both instances ticking every hour.
  await sql`DELETE FROM sched_run`.execute(db);
  for (let h = 0; h < 24; h++) {
    clock.advance(HOUR);
    await Promise.all([a.runDue(), b.runDue()]);
  }
  const slots = (
    await sql<{
      tag: string;
      n: number;
    }>`SELECT tag, count(*)::int AS n FROM sched_run GROUP BY tag ORDER BY tag`.execute(db)
  ).rows;
  t.equal(slots.length, 24, '24 slots');
  t.ok(
    slots.every((r) => r.n === 1),
    'each slot ran once',
  );
  t.equal(slots[0].tag, '2025-01-06T01:00:00.000Z');

  // Ten hours of downtime: the schedule catches up with one run (its latest slot), not ten.
  await sql`DELETE FROM sched_run`.execute(db);
  clock.advance(10 * HOUR);
  await Promise.all([a.runDue(), b.runDue()]);
  const caught = (await sql<{ tag: string }>`SELECT tag FROM sched_run`.execute(db)).rows;
  t.same(
    caught.map((r) => r.tag),
    ['2025-01-07T10:00:00.000Z'],
  );

  // A failing job is retried with backoff (1, then 2 minutes) and runs once it succeeds.
  await sql`DELETE FROM sched_run`.execute(db);
  await a.enqueue([{ kind: 'test.flaky', runAt: clock.now() }]);
  t.match(await a.runDue(), { retried: 1, done: 0 });
  t.match(await b.runDue(), { retried: 0, done: 0 }, 'not before its backoff');
  clock.advance(60000);
  t.match(await b.runDue(), { retried: 1 });
  clock.advance(60000);
  t.match(await a.runDue(), { done: 0 }, 'the second backoff is two minutes');
  clock.advance(60000);
  t.match(await a.runDue(), { done: 1 });
  const flakyJob = (
    await sql<{
      state: string;
      attempts: number;
      last_error: string | null;
    }>`SELECT state, attempts, last_error FROM job WHERE kind = 'test.flaky'`.execute(db)
  ).rows[0];
  t.same(flakyJob, { state: 'done', attempts: 3, last_error: null });

  // A worker that claimed a job and died: after its lease another instance runs it, once.
  await sql`DELETE FROM sched_run`.execute(db);
  await a.enqueue([{ kind: 'test.record', payload: { tag: 'orphan' }, runAt: clock.now() }]);
  const taken = await claim(db, 'dead-worker', clock.now(), 10, 60000);
  t.equal(taken.length, 1);
  t.match(await b.runDue(), { done: 0 }, 'still leased');
  clock.advance(61000);
  await Promise.all([a.runDue(), b.runDue()]);
  t.same((await sql`SELECT tag FROM sched_run`.execute(db)).rows, [{ tag: 'orphan' }]);

  // A job with no handler fails permanently after its attempts, and says why.
  await a.enqueue([{ kind: 'test.unknown', runAt: clock.now(), maxAttempts: 1 }]);
  t.match(await a.runDue(), { failed: 1 });
  const unknown = (
    await sql<{
      state: string;
      last_error: string;
    }>`SELECT state, last_error FROM job WHERE kind = 'test.unknown'`.execute(db)
  ).rows[0];
  t.equal(unknown.state, 'failed');
  t.match(unknown.last_error, /no handler/);
});

t.test('the same queue on the embedded PGlite', async (t) => {
  const clock = new ManualClock('2025-03-01T10:15:00Z');
  const s = await startServer(t, { embedded: true, clock, config: { scheduler: { enabled: true, intervalMs: 0 } } });
  const db = s.pasport.services.db;
  await sql`CREATE TABLE sched_run (job_id bigint, tag text, worker text)`.execute(db);
  const a = instance(createServices(db, 'pglite', s.config, clock), 'a');
  await a.init();
  await a.enqueue([
    { kind: 'test.record', payload: { tag: 'one' }, runAt: clock.now(), dedupeKey: 'one' },
    { kind: 'test.record', payload: { tag: 'later' }, runAt: new Date(clock.now().getTime() + HOUR) },
  ]);
  t.match(await a.runDue(), { done: 1 }, 'only what is due');
  clock.advance(3 * HOUR);
  t.match(await a.runDue(), { done: 2 }, 'the later job and the latest hourly slot');
  const tags = (await sql<{ tag: string }>`SELECT tag FROM sched_run ORDER BY job_id`.execute(db)).rows.map(
    (r) => r.tag,
  );
  t.same(tags, ['one', 'later', '2025-03-01T13:00:00.000Z']);
  t.ok(s.pasport.services.extensions.scheduler instanceof Scheduler, 'serve runs a scheduler');
});
