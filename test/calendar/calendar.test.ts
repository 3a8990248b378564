// The working-day calendar: arithmetic over weekends, holidays and moved working days; the seeded
// calendars of Uzbekistan, Kazakhstan and Kyrgyzstan; the holiday_* actions over HTTP, and deadlines
// in package dicts following the operators' changes.
import t from 'tap';
import { WorkCalendar } from '../../src/calendar/calendar.ts';
import { addDays, localDay, weekday, zonedStartOfDay } from '../../src/calendar/days.ts';
import { ManualClock } from '../../src/clock.ts';
import { startServer } from '../helpers/server.ts';
import { makeOrg, makeStructure, passport } from '../helpers/fixtures.ts';
import seeds from '../../src/calendar/holidays.json' with { type: 'json' };

t.test('working-day arithmetic', async (t) => {
  // Kazakhstan, Nauryz 2026: 21-23 March (Sat-Mon) and the two weekend days moved to 24 and 25 March.
  const kz = new WorkCalendar({
    holidays: ['2026-03-21', '2026-03-22', '2026-03-23', '2026-03-24', '2026-03-25'],
    workingDays: ['2026-03-28'],
  });
  t.equal(kz.isWorkingDay('2026-03-20'), true, 'Friday');
  t.equal(kz.isWorkingDay('2026-03-23'), false, 'holiday on a Monday');
  t.equal(kz.isWorkingDay('2026-03-28'), true, 'a moved working Saturday');
  t.equal(kz.isWorkingDay('2026-03-29'), false, 'Sunday');
  t.equal(kz.nextWorkingDay('2026-03-21'), '2026-03-26');
  t.equal(kz.nextWorkingDay('2026-03-26'), '2026-03-26', 'a working day is its own next working day');
  t.equal(kz.addWorkingDays('2026-03-20', 1), '2026-03-26', 'one working day after Friday 20 March');
  t.equal(kz.addWorkingDays('2026-03-20', 3), '2026-03-28', 'the third is the working Saturday');
  t.equal(kz.addWorkingDays('2026-03-20', 4), '2026-03-30');
  t.equal(kz.addWorkingDays('2026-03-26', -1), '2026-03-20', 'backwards');
  t.equal(kz.addWorkingDays('2026-03-22', 0), '2026-03-26');
  t.equal(kz.workingDaysBetween('2026-03-20', '2026-03-30'), 4);
  t.equal(kz.workingDaysBetween('2026-03-30', '2026-03-20'), -4);
  t.equal(WorkCalendar.none.addWorkingDays('2026-03-20', 3), '2026-03-23', 'no calendar: every day works');
  const plain = new WorkCalendar();
  t.equal(plain.addWorkingDays('2026-12-31', 1), '2027-01-01', 'Saturday and Sunday by default only');
  t.equal(plain.addWorkingDays('2027-01-01', 1), '2027-01-04');
});

t.test('days: local day, weekdays and the start of a day in a zone', async (t) => {
  t.equal(weekday('2026-05-09'), 6, 'Saturday');
  t.equal(weekday('1970-01-01'), 4);
  t.equal(addDays('2028-02-28', 1), '2028-02-29');
  t.equal(
    localDay('2026-05-09T19:00:00.123456', 'Asia/Tashkent'),
    '2026-05-10',
    'naive timestamps are UTC; microseconds accepted',
  );
  t.equal(zonedStartOfDay('2026-05-10', 'Asia/Tashkent').toISOString(), '2026-05-09T19:00:00.000Z');
  t.equal(zonedStartOfDay('2026-05-10', 'America/New_York').toISOString(), '2026-05-10T04:00:00.000Z');
});

t.test('the seed calendars', async (t) => {
  for (const c of ['uz', 'kz', 'kg'] as const) {
    const data = (seeds as any)[c];
    for (const year of ['2026', '2027'])
      t.ok(
        data.days.some((d: any) => d.date.startsWith(year)),
        `${c} has ${year}`,
      );
    const cal = new WorkCalendar({
      weekend: data.weekend,
      holidays: data.days.filter((d: any) => d.kind === 'holiday').map((d: any) => d.date),
    });
    t.equal(cal.isWorkingDay('2026-01-01'), false, `${c}: New Year`);
    for (const d of data.days) t.match(d.date, /^\d{4}-\d{2}-\d{2}$/);
  }
});

t.test('holiday actions and deadlines over HTTP', async (t) => {
  const clock = new ManualClock('2026-04-20T06:00:00Z');
  const s = await startServer(t, { clock, env: { PASPORT_CALENDAR: 'uz' } });
  const op = await s.user('op', { operator: true });
  const editor = await s.user('ed');

  const listed = await s.ok('holiday_list', { from: '2026-01-01', to: '2026-12-31' }, null);
  t.equal(listed.timezone, 'Asia/Tashkent');
  t.same(listed.weekend, [6, 0]);
  t.ok(
    listed.days.some((d: any) => d.date === '2026-03-21' && d.kind === 'holiday' && d.source === 'seed'),
    "Navro'z is seeded",
  );
  t.ok(
    listed.days.some((d: any) => d.date === '2026-05-11'),
    'the day off moved from 9 May is seeded',
  );

  await makeStructure(s, '1');
  await makeOrg(s, 'stat', { code: '001', structure: '1' });
  const p = await s.ok('package_create', passport('monthly9', 'stat', { update_schedule: { day: 9 } }), op.token);
  t.equal(p.next_update_due, '2026-05-12', '9 May (Sat), 10 (Sun), 11 (moved day off): due Tuesday 12 May');

  const denied = await s.call('holiday_create', { date: '2026-05-12', kind: 'holiday' }, { token: editor.token });
  t.equal(denied.status, 403, 'only operators keep the calendar');
  const anon = await s.call('holiday_delete', { date: '2026-05-11' }, { token: null });
  t.equal(anon.status, 403);

  const made = await s.ok('holiday_create', { date: '2026-05-12', kind: 'holiday', name: 'Bridge day' }, op.token);
  t.same(
    { date: made.date, kind: made.kind, name: made.name, source: made.source },
    { date: '2026-05-12', kind: 'holiday', name: 'Bridge day', source: 'operator' },
  );
  t.equal(
    (await s.ok('package_show', { id: 'monthly9' })).next_update_due,
    '2026-05-13',
    'a new holiday moves the deadline',
  );

  await s.ok('holiday_delete', { date: '2026-05-11' }, op.token);
  await s.ok('holiday_delete', { date: '2026-05-12' }, op.token);
  t.equal(
    (await s.ok('package_show', { id: 'monthly9' })).next_update_due,
    '2026-05-11',
    'deleting days off moves it back',
  );
  const gone = await s.call('holiday_delete', { date: '2026-05-12' }, { token: op.token });
  t.equal(gone.status, 404);

  const weekdayWorking = await s.call('holiday_create', { date: '2026-05-13', kind: 'working' }, { token: op.token });
  t.equal(weekdayWorking.status, 409, 'a weekday is a working day already');
  const badDate = await s.call('holiday_create', { date: '2026-02-30', kind: 'holiday' }, { token: op.token });
  t.equal(badDate.status, 409);
  t.match(badDate.body.error, { date: [/YYYY-MM-DD/] });
  const badKind = await s.call('holiday_create', { date: '2026-05-13', kind: 'vacation' }, { token: op.token });
  t.equal(badKind.status, 409);

  await s.ok('holiday_create', { date: '2026-06-06', kind: 'working', name: 'Working Saturday' }, op.token);
  const d6 = await s.ok('package_create', passport('monthly6', 'stat', { update_schedule: { day: 6 } }), op.token);
  t.equal(d6.next_update_due, '2026-05-06');
  const june = await s.ok('holiday_list', { from: '2026-06-01', to: '2026-06-30' }, null);
  t.same(
    june.days.map((d: any) => [d.date, d.kind]),
    [['2026-06-06', 'working']],
  );
});

t.test('seeding happens once: a deleted seeded day stays deleted after a restart', async (t) => {
  const { freshDatabase } = await import('../helpers/db.ts');
  const db = await freshDatabase();
  t.teardown(() => db.drop());
  const { loadConfig } = await import('../../src/config.ts');
  const { buildApp } = await import('../../src/app.ts');
  const config = loadConfig({
    DATABASE_URL: db.url,
    PASPORT_CALENDAR: 'kz',
    LOG_LEVEL: 'warn',
    PASPORT_SPARQL: 'false',
  } as NodeJS.ProcessEnv);
  const a = await buildApp(config, { logger: false });
  const n1 = await a.services.db
    .selectFrom('holiday')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  t.ok(Number(n1.n) > 30, 'Kazakhstan 2026 and 2027 seeded');
  await a.services.db.deleteFrom('holiday').where('day', '=', '2026-03-24').execute();
  await a.close();
  const b = await buildApp(
    loadConfig({
      DATABASE_URL: db.url,
      PASPORT_CALENDAR: 'kz',
      LOG_LEVEL: 'warn',
      PASPORT_SPARQL: 'false',
    } as NodeJS.ProcessEnv),
    { logger: false },
  );
  const again = await b.services.db
    .selectFrom('holiday')
    .select('day')
    .where('day', '=', '2026-03-24')
    .executeTakeFirst();
  t.equal(again, undefined, 'not reseeded');
  await b.close();
});
