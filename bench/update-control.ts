// Update control at scale, on PostgreSQL: the daily deadline sweep over N passports (target <= 10 s at
// 100,000), queuing 10,000 notices (<= 5 s), and a yearly monitoring report over N passports (<= 2 s).
//   node --import tsx bench/update-control.ts [N]
// A fresh database is created on PASPORT_TEST_PG's server. Passports: 69% monthly, 20% quarterly, 10%
// annual, 1% daily (a daily passport has ~250 deadlines a year, a monthly one 12), created 1 January 2025, each with about a year of data updates (some late).
import { sql } from 'kysely';
import { freshDatabase } from '../test/helpers/db.ts';
import { loadConfig } from '../src/config.ts';
import { connect } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createServices } from '../src/services.ts';
import { ManualClock } from '../src/clock.ts';
import { seedCalendar, calendarFor } from '../src/calendar/portal.ts';
import { DeadlineMemo, watchedPassports } from '../src/reminders/passports.ts';
import { recordDeadlines } from '../src/reminders/record.ts';
import { sweep } from '../src/reminders/sweep.ts';
import { notify, type Notice } from '../src/notifications/notify.ts';
import { buildReport } from '../src/monitoring/report.ts';

const N = Number(process.argv[2] ?? 100000);
const ORGS = 20;

async function time<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const out = await fn();
  console.log(`${label}: ${((performance.now() - t0) / 1000).toFixed(2)} s`);
  return out;
}

async function main() {
  const fresh = await freshDatabase();
  const connection = await connect({ databaseUrl: fresh.url, dataDir: '' });
  const { db } = connection;
  try {
    await migrateToLatest(db);
    const config = loadConfig({
      DATABASE_URL: fresh.url,
      SMTP_URL: 'smtp://127.0.0.1:1',
      LOG_LEVEL: 'warn',
    } as NodeJS.ProcessEnv);
    const clock = new ManualClock('2026-01-01T12:00:00Z');
    const services = createServices(db, 'postgres', config, clock);
    await seedCalendar(db, 'uz');

    await time(`seed ${N} passports, ${ORGS} organizations, a year of updates`, async () => {
      await sql`INSERT INTO structure (id, code) VALUES (gen_random_uuid(), '1')`.execute(db);
      await sql`INSERT INTO "group" (id, name, title, type, is_organization, code, structure_code)
        SELECT gen_random_uuid(), 'org' || g, 'Organization ' || g, 'organization', true, lpad(g::text, 3, '0'), '1' FROM generate_series(1, ${ORGS}) g`.execute(
        db,
      );
      await sql`INSERT INTO "user" (id, name, email, operator) SELECT gen_random_uuid(), 'user' || u, 'user' || u || '@example.org', u > ${ORGS} FROM generate_series(1, ${ORGS + 2}) u`.execute(
        db,
      );
      await sql`INSERT INTO member (id, group_id, table_name, table_id, capacity)
        SELECT gen_random_uuid(), g.id, 'user', u.id, 'editor' FROM "group" g JOIN "user" u ON u.name = 'user' || substr(g.name, 4)`.execute(
        db,
      );
      await sql`INSERT INTO notification_preference (user_id, webhook_url, webhook_secret) SELECT id, 'http://127.0.0.1:1/hook', 'bench-secret-0123456789' FROM "user"`.execute(
        db,
      );
      await sql`INSERT INTO package (id, name, title, owner_org, passport_code, metadata_created, metadata_modified, title_translated, provision, update_frequency, update_schedule)
        SELECT gen_random_uuid(), 'p' || i, 'Passport ' || i, (SELECT id FROM "group" WHERE name = 'org' || (1 + i % ${ORGS})), '1-' || lpad((1 + i % ${ORGS})::text, 3, '0') || '-' || lpad(i::text, 6, '0'),
          '2025-01-01 06:00', '2025-01-01 06:00', jsonb_build_object('uz', 'Pasport ' || i, 'en', 'Passport ' || i), 'automatic',
          CASE WHEN i % 100 = 99 THEN 'daily' WHEN i % 10 < 7 THEN 'monthly' WHEN i % 10 < 9 THEN 'quarterly' ELSE 'annual' END,
          CASE WHEN i % 100 = 99 THEN NULL WHEN i % 10 < 7 THEN jsonb_build_object('day', 1 + i % 28) WHEN i % 10 < 9 THEN jsonb_build_object('month', 1 + i % 3, 'day', 1 + i % 28)
               ELSE jsonb_build_object('month', 1 + i % 12, 'day', 1 + i % 28) END
        FROM generate_series(1, ${N}) i`.execute(db);
      // One update a month per passport, on a day that is early, on time or late for its deadline.
      await sql`INSERT INTO data_update (package_id, at, source)
        SELECT p.id, make_timestamp(2025, m, 1, 7, 0, 0) + ((abs(hashtext(p.name)) + m * 7) % 34) * interval '1 day', 'api'
        FROM package p CROSS JOIN generate_series(1, 12) m`.execute(db);
      await sql`UPDATE package p SET last_data_update = u.at FROM (SELECT package_id, max(at) AS at FROM data_update GROUP BY package_id) u WHERE u.package_id = p.id`.execute(
        db,
      );
      await sql`ANALYZE`.execute(db);
    });

    const cal = await calendarFor(db, config);
    await db.insertInto('deadline_sweep').values({ name: 'deadlines', through: '2024-12-31' }).execute();
    const recorded = await time('record a year of deadlines (first sweep after install)', () =>
      db
        .transaction()
        .execute(async (trx) =>
          recordDeadlines(
            trx,
            new DeadlineMemo(cal, config.timezone),
            await watchedPassports(trx),
            '2025-12-31',
            clock.now(),
          ),
        ),
    );
    console.log(`  ${recorded} deadlines recorded`);

    const report = await time(`yearly monitoring report over ${N} passports`, () =>
      buildReport(db, config, { from: '2025-01-01', to: '2025-12-31' }, '2026-01-01'),
    );
    console.log(`  totals ${JSON.stringify(report.totals)}`);
    await time('  same, one organization', () =>
      buildReport(
        db,
        config,
        { from: '2025-01-01', to: '2025-12-31', organization: report.organizations[0].organization_id },
        '2026-01-01',
      ),
    );

    for (const day of ['2026-01-02', '2026-01-05']) {
      clock.set(`${day}T03:00:00Z`);
      const r = await time(`daily deadline sweep over ${N} passports (${day})`, () =>
        db.transaction().execute((trx) => sweep(trx, services, clock.now())),
      );
      console.log(`  ${r.recorded} deadlines recorded, ${r.notices} notices written`);
    }

    const users = (await db.selectFrom('user').select('id').execute()).map((u) => u.id);
    const pkgs = await db
      .selectFrom('package')
      .select(['id', 'name', 'passport_code', 'title', 'title_translated'])
      .limit(10000)
      .execute();
    const notices: Notice[] = pkgs.map((p, i) => ({
      kind: 'update_reminder',
      userIds: [users[i % users.length]],
      dataset: p as never,
      params: { due: '2026-01-20', days: 2, by: '2026-01-20' },
      due: '2026-01-20',
      dedupeKey: `bench:${p.id}`,
    }));
    clock.set('2026-01-06T03:00:00Z');
    const n = await time('queue 10,000 notices (inbox rows, e-mail and webhook deliveries, jobs)', () =>
      db.transaction().execute((trx) => notify(trx, services, notices)),
    );
    const jobs = await db
      .selectFrom('job')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('kind', '=', 'notification.deliver')
      .executeTakeFirst();
    console.log(`  ${n} notices, ${jobs?.n} delivery jobs in the queue`);
  } finally {
    await connection.close();
    await fresh.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
