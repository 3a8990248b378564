// Every data update counts and is recorded (issue 13 item 2), over HTTP with a manual clock: DataStore
// loads, file uploads, URL changes and package_data_updated write the history; last_data_update,
// next_update_due and overdue_days follow it in the portal's time zone.
import t from 'tap';
import { ManualClock } from '../../src/clock.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { makeOrg, makeStructure, passport } from '../helpers/fixtures.ts';

async function uploadFile(s: TestServer, action: string, fields: Record<string, string>, token: string) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('upload', new Blob(['a,b\n1,2\n']), 'data.csv');
  const res = await fetch(`${s.url}/api/3/action/${action}`, {
    method: 'POST',
    body: form,
    headers: { Authorization: token },
  });
  return { status: res.status, body: (await res.json()) as any };
}

t.test('data updates', async (t) => {
  // 06:00 in Tashkent on 20 April 2026 (a Monday); no public holidays (calendar: none), weekends only.
  const clock = new ManualClock('2026-04-20T01:00:00Z');
  const s = await startServer(t, { clock, env: { PASPORT_CALENDAR: 'none', PASPORT_SPARQL: 'false' } });
  await makeStructure(s, '1');
  const org = await makeOrg(s, 'stat', { code: '001', structure: '1' });
  const editor = await s.user('author');
  const outsider = await s.user('outsider');
  const op = await s.user('op', { operator: true });
  await s.ok('member_create', { id: org.id, object: editor.name, object_type: 'user', capacity: 'editor' });

  const created = await s.ok('package_create', passport('monthly', 'stat'), op.token);
  t.equal(created.next_update_due, '2026-05-11', 'monthly on the 10th: 10 May is a Sunday, so Monday 11 May');
  t.equal(created.last_data_update, null);

  t.test('the reported bug: updated 9 May, due 10 June, not overdue on 11 May', async (t) => {
    clock.set('2026-05-09T10:00:00Z');
    const rid = created.resources[0].id;
    const r = await s.call(
      'datastore_create',
      { resource_id: rid, force: true, fields: [{ id: 'a', type: 'text' }], records: [{ a: 'x' }] },
      { token: editor.token },
    );
    t.equal(r.status, 200, JSON.stringify(r.body));
    clock.set('2026-05-11T10:00:00Z');
    const shown = await s.ok('package_show', { id: 'monthly' }, null);
    t.equal(shown.last_data_update, '2026-05-09T10:00:00');
    t.equal(shown.next_update_due, '2026-06-10');
    t.equal(shown.overdue_days, 0);
    clock.set('2026-06-12T10:00:00Z');
    const late = await s.ok('package_show', { id: 'monthly' }, null);
    t.equal(late.overdue_days, 2, "the cached dict moves with the clock's day");
    const hist = await s.ok('package_data_update_list', { id: 'monthly' }, editor.token);
    t.equal(hist.length, 1);
    t.match(hist[0], { source: 'datastore', resource_id: rid, at: '2026-05-09T10:00:00', user_id: editor.id });
    const anonHist = await s.ok('package_data_update_list', { id: 'monthly' }, null);
    t.notOk('user_id' in anonHist[0], 'who updated is not public');
  });

  t.test('a file upload counts', async (t) => {
    clock.set('2026-06-12T12:00:00Z');
    const r = await uploadFile(s, 'resource_create', { package_id: 'monthly', name: 'file' }, editor.token);
    t.equal(r.status, 200, JSON.stringify(r.body));
    const shown = await s.ok('package_show', { id: 'monthly' });
    t.equal(shown.last_data_update, '2026-06-12T12:00:00');
    t.equal(shown.next_update_due, '2026-08-10', 'a late update satisfies the next deadline (10 July): due 10 August');
    t.equal(shown.overdue_days, 0);
    const hist = await s.ok('package_data_update_list', { id: 'monthly' });
    t.equal(hist[0].source, 'upload');
    t.equal(hist[0].resource_id, r.body.result.id);
  });

  t.test('a URL change counts; the same URL or a metadata edit does not', async (t) => {
    const p = await s.ok(
      'package_create',
      passport('files', 'stat', { update_frequency: 'quarterly', update_schedule: { month: 1, day: 15 } }),
      op.token,
    );
    const rid = p.resources[0].id;
    clock.set('2026-07-01T08:00:00Z');
    await s.ok('resource_patch', { id: rid, description: 'only metadata' }, editor.token);
    t.equal((await s.ok('package_show', { id: 'files' })).last_data_update, null, 'a description is not data');
    await s.ok('resource_patch', { id: rid, url: 'http://example.org/data-2026q3.csv' }, editor.token);
    const shown = await s.ok('package_show', { id: 'files' });
    t.equal(shown.last_data_update, '2026-07-01T08:00:00');
    t.equal(shown.next_update_due, '2026-10-15', 'satisfies 15 July; next the quarter after');
    clock.set('2026-07-02T08:00:00Z');
    const full = await s.ok('package_show', { id: 'files' });
    await s.ok('package_update', { ...full }, editor.token);
    t.equal(
      (await s.ok('package_data_update_list', { id: 'files' })).length,
      1,
      'package_update with the same resources records nothing',
    );
    clock.set('2026-07-03T08:00:00Z');
    await s.ok(
      'package_patch',
      { id: 'files', resources: [{ ...full.resources[0], url: 'http://example.org/data-v2.csv' }] },
      editor.token,
    );
    const hist = await s.ok('package_data_update_list', { id: 'files' });
    t.same(
      hist.map((h: any) => [h.source, h.at]),
      [
        ['url', '2026-07-03T08:00:00'],
        ['url', '2026-07-01T08:00:00'],
      ],
    );
  });

  t.test('package_data_updated for automatic and external provision', async (t) => {
    await s.ok(
      'package_create',
      passport('pushed', 'stat', { provision: 'automatic', update_frequency: 'daily', update_schedule: null }),
      op.token,
    );
    await s.ok(
      'package_create',
      passport('ext', 'stat', {
        provision: 'external',
        external_api: 'https://api.example.org/v1',
        update_frequency: 'annual',
        update_schedule: { month: 12, day: 31 },
      }),
      op.token,
    );
    clock.set('2026-07-09T20:30:00Z'); // 01:30 on Friday 10 July in Tashkent
    const r = await s.ok('package_data_updated', { id: 'pushed', note: 'nightly push' }, editor.token);
    t.match(
      r,
      {
        source: 'api',
        note: 'nightly push',
        at: '2026-07-09T20:30:00',
        next_update_due: '2026-07-13',
        overdue_days: 0,
      },
      "Friday's (Tashkent) update: due Monday",
    );
    const e = await s.ok('package_data_updated', { id: 'ext' }, op.token);
    t.equal(e.source, 'external');
    t.equal(e.next_update_due, '2027-12-31');
    const withResource = await s.call(
      'package_data_updated',
      { id: 'pushed', resource_id: created.resources[0].id },
      { token: editor.token },
    );
    t.equal(withResource.status, 409, 'the resource must belong to the dataset');
    const manual = await s.call('package_data_updated', { id: 'monthly' }, { token: editor.token });
    t.equal(manual.status, 409, 'manual provision records its updates by uploads and loads');
    const denied = await s.call('package_data_updated', { id: 'pushed' }, { token: outsider.token });
    t.equal(denied.status, 403);
    const anon = await s.call('package_data_updated', { id: 'pushed' }, { token: null });
    t.equal(anon.status, 403);
    const missing = await s.call('package_data_updated', { id: 'nope' }, { token: op.token });
    t.equal(missing.status, 404);
    const noId = await s.call('package_data_updated', {}, { token: op.token });
    t.equal(noId.status, 409);
    clock.set('2026-07-15T06:00:00Z');
    const shown = await s.ok('package_show', { id: 'pushed' }, null);
    t.equal(shown.overdue_days, 2, 'daily: due 13 July, 15 July is two days late');
    const list = await s.ok('package_data_update_list', { id: 'pushed' });
    t.equal(list.length, 1, 'refused calls record nothing');
  });
});
