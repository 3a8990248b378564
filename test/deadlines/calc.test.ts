// The deadline calculator, table-driven: every frequency, early / on-time / late updates, month ends,
// leap years, quarters, every-N-years, the portal time zone on both sides of midnight, holidays and
// moved working days.
import t from 'tap';
import {
  deadlineOutcomes,
  deadlinesBetween,
  planOf,
  updateStatus,
  type Plan,
  type Schedule,
} from '../../src/deadlines/calc.ts';
import { WorkCalendar } from '../../src/calendar/calendar.ts';
import { localDay } from '../../src/calendar/days.ts';

const plan = (frequency: string | null, schedule: Schedule | null, start: string): Plan => ({
  frequency,
  schedule,
  start,
});
// Uzbekistan, May-June 2026: 9 May (Saturday) Memory day, its day off moved to Monday 11 May.
const uz = new WorkCalendar({ holidays: ['2026-05-09', '2026-05-11', '2026-05-27', '2026-01-01'] });
const uzWithWorkingSaturday = new WorkCalendar({ holidays: ['2026-05-09', '2026-05-11'], workingDays: ['2026-06-06'] });

interface Row {
  name: string;
  plan: Plan;
  last: string | null;
  today: string;
  cal?: WorkCalendar;
  satisfied: string | null;
  due: string | null;
  overdue: number;
}

const monthly10 = plan('monthly', { day: 10 }, '2026-04-20');
const rows: Row[] = [
  // The reported bug: monthly on the 10th, updated 9 May.
  {
    name: 'monthly: early update satisfies the coming deadline',
    plan: monthly10,
    last: '2026-05-09',
    today: '2026-05-11',
    satisfied: '2026-05-10',
    due: '2026-06-10',
    overdue: 0,
  },
  {
    name: 'monthly: update on the deadline day',
    plan: monthly10,
    last: '2026-05-10',
    today: '2026-06-10',
    satisfied: '2026-05-10',
    due: '2026-06-10',
    overdue: 0,
  },
  {
    name: 'monthly: late update satisfies the next deadline',
    plan: monthly10,
    last: '2026-05-11',
    today: '2026-06-12',
    satisfied: '2026-06-10',
    due: '2026-07-10',
    overdue: 0,
  },
  {
    name: 'monthly: no update, first deadline after creation, due today',
    plan: monthly10,
    last: null,
    today: '2026-05-10',
    satisfied: null,
    due: '2026-05-10',
    overdue: 0,
  },
  {
    name: 'monthly: no update, one day late',
    plan: monthly10,
    last: null,
    today: '2026-05-11',
    satisfied: null,
    due: '2026-05-10',
    overdue: 1,
  },
  {
    name: 'monthly: overdue counts calendar days across months',
    plan: monthly10,
    last: '2026-05-09',
    today: '2026-07-01',
    satisfied: '2026-05-10',
    due: '2026-06-10',
    overdue: 21,
  },
  {
    name: 'monthly: created on a deadline day waits for the next',
    plan: plan('monthly', { day: 10 }, '2026-05-10'),
    last: null,
    today: '2026-05-11',
    satisfied: null,
    due: '2026-06-10',
    overdue: 0,
  },
  {
    name: 'monthly: update on the creation day counts',
    plan: monthly10,
    last: '2026-04-20',
    today: '2026-05-11',
    satisfied: '2026-05-10',
    due: '2026-06-10',
    overdue: 0,
  },
  {
    name: 'monthly 31st: February clamps to the 28th',
    plan: plan('monthly', { day: 31 }, '2026-01-15'),
    last: '2026-02-01',
    today: '2026-03-01',
    satisfied: '2026-02-28',
    due: '2026-03-31',
    overdue: 0,
  },
  {
    name: 'monthly 31st: leap February clamps to the 29th',
    plan: plan('monthly', { day: 31 }, '2028-01-15'),
    last: '2028-02-01',
    today: '2028-03-01',
    satisfied: '2028-02-29',
    due: '2028-03-31',
    overdue: 0,
  },
  {
    name: 'monthly 31st: April clamps to the 30th',
    plan: plan('monthly', { day: 31 }, '2026-01-15'),
    last: '2026-04-05',
    today: '2026-05-01',
    satisfied: '2026-04-30',
    due: '2026-05-31',
    overdue: 0,
  },
  {
    name: 'monthly 30th: March 31 is past the deadline',
    plan: plan('monthly', { day: 30 }, '2026-01-15'),
    last: '2026-03-31',
    today: '2026-04-01',
    satisfied: '2026-04-30',
    due: '2026-05-30',
    overdue: 0,
  },
  {
    name: 'monthly: December rolls into January',
    plan: plan('monthly', { day: 5 }, '2026-01-15'),
    last: '2026-12-06',
    today: '2027-01-01',
    satisfied: '2027-01-05',
    due: '2027-02-05',
    overdue: 0,
  },
  {
    name: 'monthly without a day: the 1st',
    plan: plan('monthly', null, '2026-01-15'),
    last: '2026-03-01',
    today: '2026-03-02',
    satisfied: '2026-03-01',
    due: '2026-04-01',
    overdue: 0,
  },
  // Quarterly: the month within the quarter.
  {
    name: 'quarterly (2nd month, 15th): first deadline',
    plan: plan('quarterly', { month: 2, day: 15 }, '2026-01-01'),
    last: null,
    today: '2026-02-20',
    satisfied: null,
    due: '2026-02-15',
    overdue: 5,
  },
  {
    name: 'quarterly: early update',
    plan: plan('quarterly', { month: 2, day: 15 }, '2026-01-01'),
    last: '2026-02-14',
    today: '2026-02-20',
    satisfied: '2026-02-15',
    due: '2026-05-15',
    overdue: 0,
  },
  {
    name: 'quarterly: late update',
    plan: plan('quarterly', { month: 2, day: 15 }, '2026-01-01'),
    last: '2026-02-16',
    today: '2026-06-01',
    satisfied: '2026-05-15',
    due: '2026-08-15',
    overdue: 0,
  },
  {
    name: 'quarterly: across the year end',
    plan: plan('quarterly', { month: 2, day: 15 }, '2026-01-01'),
    last: '2026-11-20',
    today: '2027-01-01',
    satisfied: '2027-02-15',
    due: '2027-05-15',
    overdue: 0,
  },
  {
    name: 'quarterly (3rd month, 31st): June and September clamp',
    plan: plan('quarterly', { month: 3, day: 31 }, '2026-01-01'),
    last: '2026-04-01',
    today: '2026-10-01',
    satisfied: '2026-06-30',
    due: '2026-09-30',
    overdue: 1,
  },
  {
    name: 'quarterly (1st month, 1st)',
    plan: plan('quarterly', { month: 1, day: 1 }, '2025-12-01'),
    last: '2026-01-01',
    today: '2026-04-03',
    satisfied: '2026-01-01',
    due: '2026-04-01',
    overdue: 2,
  },
  // Annual and every N years.
  {
    name: 'annual: 29 February in a common year is the 28th',
    plan: plan('annual', { month: 2, day: 29 }, '2026-01-01'),
    last: null,
    today: '2026-03-01',
    satisfied: null,
    due: '2026-02-28',
    overdue: 1,
  },
  {
    name: 'annual: a late update satisfies the next year, a leap one',
    plan: plan('annual', { month: 2, day: 29 }, '2026-01-01'),
    last: '2026-03-01',
    today: '2027-03-01',
    satisfied: '2027-02-28',
    due: '2028-02-29',
    overdue: 0,
  },
  {
    name: "annual: created after this year's date",
    plan: plan('annual', { month: 3, day: 1 }, '2026-06-01'),
    last: null,
    today: '2026-06-02',
    satisfied: null,
    due: '2027-03-01',
    overdue: 0,
  },
  {
    name: 'every 3 years: counted from the first date after creation',
    plan: plan('annual', { month: 6, day: 1, every_years: 3 }, '2026-07-01'),
    last: null,
    today: '2027-06-03',
    satisfied: null,
    due: '2027-06-01',
    overdue: 2,
  },
  {
    name: 'every 3 years: an early update',
    plan: plan('annual', { month: 6, day: 1, every_years: 3 }, '2026-07-01'),
    last: '2027-05-01',
    today: '2029-01-01',
    satisfied: '2027-06-01',
    due: '2030-06-01',
    overdue: 0,
  },
  {
    name: 'every 3 years: a late update skips to the cycle after',
    plan: plan('annual', { month: 6, day: 1, every_years: 3 }, '2026-07-01'),
    last: '2028-01-01',
    today: '2031-01-01',
    satisfied: '2030-06-01',
    due: '2033-06-01',
    overdue: 0,
  },
  {
    name: 'every 2 years, created before the date',
    plan: plan('annual', { month: 12, day: 31, every_years: 2 }, '2026-02-01'),
    last: '2026-12-31',
    today: '2027-12-31',
    satisfied: '2026-12-31',
    due: '2028-12-31',
    overdue: 0,
  },
  // Daily.
  {
    name: 'daily: no update',
    plan: plan('daily', null, '2026-05-01'),
    last: null,
    today: '2026-05-02',
    satisfied: null,
    due: '2026-05-02',
    overdue: 0,
  },
  {
    name: 'daily: updated today, due tomorrow',
    plan: plan('daily', null, '2026-05-01'),
    last: '2026-05-05',
    today: '2026-05-05',
    satisfied: '2026-05-05',
    due: '2026-05-06',
    overdue: 0,
  },
  {
    name: 'daily: three days without an update',
    plan: plan('daily', null, '2026-05-01'),
    last: '2026-05-05',
    today: '2026-05-08',
    satisfied: '2026-05-05',
    due: '2026-05-06',
    overdue: 2,
  },
  // No deadlines.
  {
    name: 'irregular: never due',
    plan: plan('irregular', null, '2026-05-01'),
    last: '2026-05-05',
    today: '2030-01-01',
    satisfied: null,
    due: null,
    overdue: 0,
  },
  {
    name: 'no frequency: never due',
    plan: plan(null, null, '2026-05-01'),
    last: null,
    today: '2030-01-01',
    satisfied: null,
    due: null,
    overdue: 0,
  },
  // Holidays and weekends move deadlines to the next working day.
  {
    name: 'holiday: 9 May (Sat) -> 10 (Sun) -> 11 (moved day off) -> Tuesday 12',
    plan: plan('monthly', { day: 9 }, '2026-04-20'),
    last: null,
    today: '2026-05-12',
    cal: uz,
    satisfied: null,
    due: '2026-05-12',
    overdue: 0,
  },
  {
    name: 'holiday: overdue the day after the moved deadline',
    plan: plan('monthly', { day: 9 }, '2026-04-20'),
    last: null,
    today: '2026-05-13',
    cal: uz,
    satisfied: null,
    due: '2026-05-12',
    overdue: 1,
  },
  {
    name: 'holiday: an update on the moved-to day is on time',
    plan: plan('monthly', { day: 9 }, '2026-04-20'),
    last: '2026-05-11',
    today: '2026-05-13',
    cal: uz,
    satisfied: '2026-05-12',
    due: '2026-06-09',
    overdue: 0,
  },
  {
    name: 'holiday: New Year deadline moves to 2 January',
    plan: plan('quarterly', { month: 1, day: 1 }, '2025-12-01'),
    last: null,
    today: '2026-01-02',
    cal: uz,
    satisfied: null,
    due: '2026-01-02',
    overdue: 0,
  },
  {
    name: 'weekend: daily data is due on working days',
    plan: plan('daily', null, '2026-06-01'),
    last: '2026-06-05',
    today: '2026-06-08',
    cal: uz,
    satisfied: '2026-06-05',
    due: '2026-06-08',
    overdue: 0,
  },
  {
    name: 'moved working day: a working Saturday is a deadline',
    plan: plan('daily', null, '2026-06-01'),
    last: '2026-06-05',
    today: '2026-06-08',
    cal: uzWithWorkingSaturday,
    satisfied: '2026-06-05',
    due: '2026-06-06',
    overdue: 2,
  },
  {
    name: 'moved working day: a monthly deadline on it stays',
    plan: plan('monthly', { day: 6 }, '2026-05-20'),
    last: null,
    today: '2026-06-06',
    cal: uzWithWorkingSaturday,
    satisfied: null,
    due: '2026-06-06',
    overdue: 0,
  },
  {
    name: 'weekend: the same deadline without the working Saturday moves to Monday',
    plan: plan('monthly', { day: 6 }, '2026-05-20'),
    last: null,
    today: '2026-06-08',
    cal: uz,
    satisfied: null,
    due: '2026-06-08',
    overdue: 0,
  },
];

t.test('updateStatus, table-driven', async (t) => {
  for (const r of rows) {
    const got = updateStatus(r.plan, r.last, r.today, r.cal);
    t.same(got, { satisfied_deadline: r.satisfied, next_update_due: r.due, overdue_days: r.overdue }, r.name);
  }
});

t.test('time zones: the portal day decides, on both sides of midnight', async (t) => {
  const created = {
    update_frequency: 'monthly',
    update_schedule: { day: 10 },
    metadata_created: '2026-04-20T10:00:00',
  };
  const cases = [
    // 19:30 UTC on 9 May is 00:30 on 10 May in Tashkent: still on time.
    { tz: 'Asia/Tashkent', at: '2026-05-09T19:30:00', day: '2026-05-10', due: '2026-06-10' },
    // 19:30 UTC on 10 May is already 11 May in Tashkent: late, so it satisfies June's deadline.
    { tz: 'Asia/Tashkent', at: '2026-05-10T19:30:00', day: '2026-05-11', due: '2026-07-10' },
    { tz: 'UTC', at: '2026-05-10T19:30:00', day: '2026-05-10', due: '2026-06-10' },
    // West of UTC: 02:00 UTC on 11 May is 22:00 on 10 May in New York: on time there.
    { tz: 'America/New_York', at: '2026-05-11T02:00:00', day: '2026-05-10', due: '2026-06-10' },
    { tz: 'Asia/Almaty', at: '2026-05-10T18:59:59.999999', day: '2026-05-10', due: '2026-06-10' },
    { tz: 'Asia/Almaty', at: '2026-05-10T19:00:00', day: '2026-05-11', due: '2026-07-10' },
  ];
  for (const c of cases) {
    const day = localDay(c.at, c.tz);
    t.equal(day, c.day, `${c.at} UTC is ${c.day} in ${c.tz}`);
    t.equal(updateStatus(planOf(created, c.tz), day, day).next_update_due, c.due, `next due in ${c.tz}`);
  }
  // "Today" too: 19:30 UTC on the due date is the next day in Tashkent, one day overdue.
  const plan10 = planOf(created, 'Asia/Tashkent');
  t.equal(updateStatus(plan10, null, localDay(new Date('2026-05-10T19:30:00Z'), 'Asia/Tashkent')).overdue_days, 1);
  t.equal(
    updateStatus(planOf(created, 'UTC'), null, localDay(new Date('2026-05-10T19:30:00Z'), 'UTC')).overdue_days,
    0,
  );
  // Data older than the passport (an imported catalog) starts the plan the day before it.
  const imported = planOf(
    {
      update_frequency: 'daily',
      update_schedule: null,
      metadata_created: '2026-12-01T00:00:00',
      first_data_update: '2020-01-01T03:00:00',
    },
    'UTC',
  );
  t.equal(imported.start, '2019-12-31');
  t.same(updateStatus(imported, '2020-01-01', '2020-01-04'), {
    satisfied_deadline: '2020-01-01',
    next_update_due: '2020-01-02',
    overdue_days: 2,
  });
  t.equal(
    planOf({ ...created, first_data_update: '2026-05-01T00:00:00' }, 'UTC').start,
    '2026-04-20',
    'a later update leaves the creation day',
  );
  // Creation late in the evening UTC is the next day in Tashkent.
  t.equal(planOf({ ...created, metadata_created: '2026-05-09T20:00:00' }, 'Asia/Tashkent').start, '2026-05-10');
});

t.test('deadlinesBetween: the deadlines falling in a period', async (t) => {
  t.same(deadlinesBetween(plan('quarterly', { month: 1, day: 1 }, '2025-12-01'), '2026-01-01', '2026-12-31'), [
    '2026-01-01',
    '2026-04-01',
    '2026-07-01',
    '2026-10-01',
  ]);
  t.same(
    deadlinesBetween(plan('quarterly', { month: 1, day: 1 }, '2025-12-01'), '2026-01-01', '2026-12-31', uz),
    ['2026-01-02', '2026-04-01', '2026-07-01', '2026-10-01'],
    'New Year moves',
  );
  t.same(
    deadlinesBetween(plan('monthly', { day: 10 }, '2026-03-15'), '2026-01-01', '2026-06-30'),
    ['2026-04-10', '2026-05-10', '2026-06-10'],
    'none before creation',
  );
  t.same(
    deadlinesBetween(plan('daily', null, '2026-06-01'), '2026-06-04', '2026-06-09', uz),
    ['2026-06-04', '2026-06-05', '2026-06-08', '2026-06-09'],
    'no weekend deadlines',
  );
  t.same(
    deadlinesBetween(plan('annual', { month: 6, day: 1, every_years: 3 }, '2026-07-01'), '2026-01-01', '2036-12-31'),
    ['2027-06-01', '2030-06-01', '2033-06-01', '2036-06-01'],
  );
  t.same(deadlinesBetween(plan('irregular', null, '2026-01-01'), '2026-01-01', '2026-12-31'), []);
  t.same(
    deadlinesBetween(plan('monthly', { day: 10 }, '2026-01-01'), '2026-06-11', '2026-07-09'),
    [],
    'an empty window',
  );
});

t.test('deadlineOutcomes: on time, late, overdue, pending', async (t) => {
  const p = plan('monthly', { day: 10 }, '2026-01-01');
  const updates = ['2026-01-05', '2026-02-12', '2026-05-01'];
  const out = deadlineOutcomes(p, updates, '2026-01-01', '2026-05-31', '2026-04-20');
  t.same(
    out,
    [
      { deadline: '2026-01-10', status: 'on_time', met_on: '2026-01-05', late_days: 0 },
      { deadline: '2026-02-10', status: 'late', met_on: '2026-02-12', late_days: 2 },
      { deadline: '2026-03-10', status: 'on_time', met_on: '2026-02-12', late_days: 0 },
      { deadline: '2026-04-10', status: 'overdue', met_on: null, late_days: 10 },
      { deadline: '2026-05-10', status: 'pending', met_on: null, late_days: 0 },
    ],
    'an update after asOf does not count: a closed period never changes',
  );
  const later = deadlineOutcomes(p, updates, '2026-01-01', '2026-05-31', '2026-06-01');
  t.same(later[3], { deadline: '2026-04-10', status: 'late', met_on: '2026-05-01', late_days: 21 });
  t.same(later[4], { deadline: '2026-05-10', status: 'on_time', met_on: '2026-05-01', late_days: 0 });
  const first = deadlineOutcomes(p, ['2025-12-30'], '2026-01-01', '2026-01-31', '2026-02-01');
  t.equal(first[0].status, 'on_time', 'an update before the first deadline (even before creation) meets it');
});
