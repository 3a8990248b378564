// The quarterly monitoring report of a seeded catalogue equals the figures worked out by hand; the
// scheduler keeps it at the start of the next quarter, and nothing done afterwards changes it. The same
// figures come as CSV and XLSX.
import t from 'tap';
import ExcelJS from 'exceljs';
import { startServer } from '../helpers/server.ts';
import { makeStructure } from '../helpers/fixtures.ts';
import { ManualClock } from '../../src/clock.ts';
import type { Scheduler } from '../../src/scheduler/service.ts';

const DAY = 86400000;

function passport(name: string, org: string, extra: Record<string, unknown>) {
  return {
    name,
    owner_org: org,
    provision: 'automatic',
    resources: [{ url: `http://example.org/${name}.csv` }],
    title_translated: { uz: name, en: name },
    notes_translated: { uz: `${name} tavsifi` },
    ...extra,
  };
}

// Q1 2026 on the Uzbek calendar, worked out by hand:
// stat   a1 monthly 10th (Jan 12 - the 10th is a Saturday -, Feb 10, Mar 10), updated 3 Jan, 3 Feb, 3 Mar: 3 on time
//        a2 monthly 10th, never updated: 3 overdue
//        a3 quarterly 20 March: moved to Tuesday 24 (20, 21, 23 March are days off); updated 30 March: late by 6 days
//        c1 monthly 10th, never updated, deleted 1 February: its 12 January deadline was missed (overdue);
//           not a passport at the quarter's end, and no deadlines after its deletion
// health b1 monthly 25th (Jan 26 - the 25th is a Sunday -, Feb 25, Mar 25), updated 23 Jan (on time), 27 Feb
//           (Feb 25 late by 2 days; the same update is after Feb 25 and before Mar 25: Mar 25 on time)
//        b2 annual 30 June: no deadline in Q1; deactivated 16 Feb and activated 18 Feb
//        b3 quarterly 15 January, never updated: overdue
const STAT = {
  code: '001',
  name: 'stat',
  passports: 3,
  deadlines: 8,
  on_time: 3,
  late: 1,
  late_days: 6,
  overdue: 4,
  pending: 0,
  deactivations: 0,
};
const HEALTH = {
  code: '002',
  name: 'health',
  passports: 3,
  deadlines: 4,
  on_time: 2,
  late: 1,
  late_days: 2,
  overdue: 1,
  pending: 0,
  deactivations: 1,
};
const TOTALS = {
  passports: 6,
  deadlines: 12,
  on_time: 5,
  late: 2,
  late_days: 8,
  overdue: 5,
  pending: 0,
  deactivations: 1,
};

t.test('the first quarter of a seeded catalogue', async (t) => {
  const clock = new ManualClock('2025-12-31T12:00:00Z');
  const s = await startServer(t, { clock, env: { PASPORT_SPARQL: 'false', PASPORT_SCHEDULER_INTERVAL: '0' } });
  const scheduler = s.pasport.services.extensions.scheduler as Scheduler;
  await makeStructure(s, '2');
  await s.ok('organization_create', { name: 'stat', title: 'Statistics', code: '001', structure: '2' });
  await s.ok('organization_create', { name: 'health', title: 'Health', code: '002', structure: '2' });
  const op = await s.user('operator', { operator: true });
  const editor = await s.user('editor');
  await s.ok('member_create', { id: 'stat', object: 'editor', object_type: 'user', capacity: 'editor' });
  const monthly = (day: number) => ({ update_frequency: 'monthly', update_schedule: { day } });
  for (const [name, org, extra] of [
    ['a1', 'stat', monthly(10)],
    ['a2', 'stat', monthly(10)],
    ['a3', 'stat', { update_frequency: 'quarterly', update_schedule: { month: 3, day: 20 } }],
    ['c1', 'stat', monthly(10)],
    ['b1', 'health', monthly(25)],
    ['b2', 'health', { update_frequency: 'annual', update_schedule: { month: 6, day: 30 } }],
    ['b3', 'health', { update_frequency: 'quarterly', update_schedule: { month: 1, day: 15 } }],
  ] as const)
    await s.ok('package_create', passport(name, org, extra));

  const events: Record<string, [string, string, Record<string, unknown>?][]> = {
    '01-03': [['package_data_updated', 'a1']],
    '02-03': [['package_data_updated', 'a1']],
    '03-03': [['package_data_updated', 'a1']],
    '03-30': [['package_data_updated', 'a3']],
    '01-23': [['package_data_updated', 'b1']],
    '02-27': [['package_data_updated', 'b1']],
    '02-01': [['package_delete', 'c1', { reason: 'duplicate' }]],
    '02-16': [['package_deactivate', 'b2', { reason: 'wrong licence' }]],
    '02-18': [['package_activate', 'b2']],
  };
  for (let t0 = Date.parse('2026-01-01T00:00:00Z'); t0 <= Date.parse('2026-04-01T00:00:00Z'); t0 += DAY) {
    const day = new Date(t0).toISOString().slice(0, 10);
    clock.set(`${day}T03:00:30Z`);
    t.equal((await scheduler.runDue()).failed, 0);
    clock.set(`${day}T07:00:00Z`);
    for (const [action, id, extra] of events[day.slice(5)] ?? []) await s.ok(action, { id, ...extra }, op.token);
  }

  const kept = await s.ok('monitoring_report_list', {}, op.token);
  t.equal(kept.count, 2, 'Q4 2025 (closed on 1 January, no deadlines) and Q1 2026');
  t.match(kept.results[0], {
    period: '2026-Q1',
    from: '2026-01-01',
    to: '2026-03-31',
    generated: '2026-04-01T03:00:30',
    totals: TOTALS,
  });
  t.match(kept.results[1], { period: '2025-Q4', totals: { passports: 7, deadlines: 0 } });
  const q1 = await s.ok('monitoring_report_show', { period: '2026-Q1' }, op.token);
  t.match(q1, { from: '2026-01-01', to: '2026-03-31', as_of: '2026-03-31', totals: TOTALS });
  t.match(q1.organizations, [STAT, HEALTH]);
  t.equal(q1.organizations.length, 2);
  t.same(
    await s.ok('monitoring_report', { from: '2026-01-01', to: '2026-03-31' }, op.token),
    { from: q1.from, to: q1.to, as_of: q1.as_of, organizations: q1.organizations, totals: q1.totals },
    'computing it again gives the kept report',
  );

  // Nothing done later changes the past: a late update, a new schedule, another deactivation.
  clock.set('2026-04-10T07:00:00Z');
  await s.ok('package_data_updated', { id: 'a2' }, op.token);
  await s.ok('package_patch', { id: 'b1', update_schedule: { day: 5 } }, op.token);
  await s.ok('package_deactivate', { id: 'a1', reason: 'broken' }, op.token);
  clock.set('2026-04-11T03:00:30Z');
  await scheduler.runDue();
  t.same(
    (await s.ok('monitoring_report', { from: '2026-01-01', to: '2026-03-31' }, op.token)).organizations,
    q1.organizations,
    'Q1 stays as it was',
  );
  t.same((await s.ok('monitoring_report_show', { id: kept.results[0].id }, op.token)).organizations, q1.organizations);
  const open = await s.ok(
    'monitoring_report',
    { from: '2026-04-01', to: '2026-06-30', organization: 'stat' },
    op.token,
  );
  t.match(
    open,
    { as_of: '2026-04-11', organizations: [{ name: 'stat', deadlines: 2, deactivations: 1 }] },
    'an open quarter is judged as of today',
  );

  // Who may read it.
  t.match(
    await s.ok('monitoring_report', { from: '2026-01-01', to: '2026-03-31', organization: 'stat' }, editor.token),
    { organizations: [STAT], totals: { deadlines: 8 } },
  );
  t.equal(
    (await s.call('monitoring_report', { from: '2026-01-01', to: '2026-03-31' }, { token: editor.token })).status,
    403,
    'an editor only for their organization',
  );
  t.equal(
    (
      await s.call(
        'monitoring_report',
        { from: '2026-01-01', to: '2026-03-31', organization: 'health' },
        { token: editor.token },
      )
    ).status,
    403,
  );
  t.equal((await s.call('monitoring_report', { from: '2026-01-01', to: '2026-03-31' }, { token: null })).status, 403);
  t.equal((await s.call('monitoring_report_list', {}, { token: editor.token })).status, 403);
  t.match(await s.call('monitoring_report', { from: '2026-04-01', to: '2026-03-31' }, { token: op.token }), {
    status: 409,
    body: { error: { to: [/before/] } },
  });
  t.match(await s.call('monitoring_report', { from: '2026-02-30', to: 'x' }, { token: op.token }), {
    status: 409,
    body: { error: { from: [/format/], to: [/format/] } },
  });

  // CSV and XLSX.
  const csv = await fetch(`${s.url}/monitoring/reports/2026-Q1.csv`, { headers: { Authorization: op.token } });
  t.equal(csv.status, 200);
  t.match(csv.headers.get('content-type'), /text\/csv/);
  t.same((await csv.text()).trim().split('\r\n'), [
    'code,name,title,passports,deadlines,on_time,late,late_days,overdue,pending,deactivations',
    '001,stat,Statistics,3,8,3,1,6,4,0,0',
    '002,health,Health,3,4,2,1,2,1,0,1',
    ',TOTAL,,6,12,5,2,8,5,0,1',
  ]);
  const xlsx = await fetch(`${s.url}/monitoring/report.xlsx?from=2026-01-01&to=2026-03-31`, {
    headers: { Authorization: op.token },
  });
  t.equal(xlsx.status, 200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
  const ws = wb.worksheets[0];
  t.same((ws.getRow(3).values as unknown[]).slice(1), ['001', 'stat', 'Statistics', 3, 8, 3, 1, 6, 4, 0, 0]);
  t.same((ws.getRow(5).values as unknown[]).slice(1, 12), ['', 'TOTAL', '', 6, 12, 5, 2, 8, 5, 0, 1]);
  t.equal(
    (await fetch(`${s.url}/monitoring/report.csv?from=2026-01-01&to=2026-03-31`)).status,
    403,
    'files follow the same rule',
  );
});
