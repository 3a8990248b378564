// The operator/author split of the seeds (PASPORT_OPERATOR_WORKFLOW, on by default) and the mandatory
// languages (PASPORT_REQUIRED_LANGUAGES), over HTTP: every reserved field and action.
import t from 'tap';
import { startServer } from '../helpers/server.ts';
import { makeGroup, makeOrg, makeStructure, passport } from '../helpers/fixtures.ts';

t.test('operator and author', async (t) => {
  // PASPORT_REQUIRED_LANGUAGES unset: the deployment default, the first portal language (uz).
  const s = await startServer(t, { env: { PASPORT_SPARQL: 'false', PASPORT_REQUIRED_LANGUAGES: '' } });
  await makeStructure(s, '1');
  const org = await makeOrg(s, 'stat', { code: '001', structure: '1' });
  const other = await makeOrg(s, 'other', { code: '002', structure: '1' });
  await makeGroup(s, 'economy');
  await makeGroup(s, 'health');
  const op = await s.user('op', { operator: true });
  const author = await s.user('author');
  const admin = await s.user('orgadmin');
  await s.ok('member_create', { id: org.id, object: author.name, object_type: 'user', capacity: 'editor' });
  await s.ok('member_create', { id: org.id, object: admin.name, object_type: 'user', capacity: 'admin' });
  // An editor of both organizations: only the workflow stops them moving a passport between them.
  await s.ok('member_create', { id: other.id, object: author.name, object_type: 'user', capacity: 'editor' });
  await s.ok('member_create', { id: other.id, object: admin.name, object_type: 'user', capacity: 'admin' });

  t.test("creating passports is the operator's", async (t) => {
    for (const u of [author, admin]) {
      const r = await s.call('package_create', passport(`by-${u.name}`, 'stat'), { token: u.token });
      t.equal(r.status, 403, `${u.name} may not create`);
      t.match(r.body.error.message, /created by the operator/);
    }
    const p = await s.ok('package_create', passport('pop', 'stat', { sphere: 'economy' }), op.token);
    t.equal(p.passport_code, '1-001-0001');
    t.ok(await s.ok('package_create', passport('by-admin', 'stat')), 'sysadmins too');
    const noNotes = await s.call(
      'package_create',
      { ...passport('no-notes', 'stat'), notes_translated: { ru: 'Описание' } },
      { token: op.token },
    );
    t.equal(noNotes.status, 409);
    t.same(
      noNotes.body.error.notes_translated,
      ['Missing value in: uz'],
      'by default the first portal language is mandatory',
    );
  });

  t.test('each reserved field: authors may not change it', async (t) => {
    const changes: Record<string, unknown> = {
      owner_org: 'other',
      sphere: 'health',
      priority: 'low',
      relevance: 'high',
      ai_ready: false,
      update_frequency: 'quarterly',
      update_schedule: { day: 11 },
    };
    for (const [field, value] of Object.entries(changes)) {
      for (const action of ['package_patch', 'package_update'] as const) {
        const base = action === 'package_update' ? await s.ok('package_show', { id: 'pop' }) : { id: 'pop' };
        const r = await s.call(action, { ...base, [field]: value }, { token: author.token });
        t.equal(r.status, 403, `${action} ${field}`);
        t.match(r.body.error.message, new RegExp(`change ${field}`));
      }
      const revise = await s.call(
        'package_revise',
        { match: { name: 'pop' }, update: { [field]: value } },
        { token: admin.token },
      );
      t.equal(revise.status, 403, `package_revise ${field} by an org admin`);
    }
    const after = await s.ok('package_show', { id: 'pop' });
    t.match(
      after,
      {
        owner_org: org.id,
        sphere: 'economy',
        priority: 'high',
        relevance: 'medium',
        ai_ready: true,
        update_frequency: 'monthly',
        update_schedule: { day: 10 },
      },
      'nothing changed',
    );
  });

  t.test('authors fill titles, descriptions, contacts and resources; reserved fields left out are kept', async (t) => {
    const cur = await s.ok('package_show', { id: 'pop' });
    const patched = await s.ok(
      'package_patch',
      {
        id: 'pop',
        title_translated: { ...cur.title_translated, ru: 'Население' },
        notes_translated: { uz: 'Yangi tavsif', ru: 'Описание' },
        responsible: {
          fullname_translated: { uz: 'Ali Valiyev' },
          phone: '+998 71 000 00 00',
          email: 'ali@example.org',
        },
        resources: [...cur.resources, { url: 'http://example.org/2026.csv', name: '2026' }],
      },
      author.token,
    );
    t.equal(patched.title_translated.ru, 'Население');
    t.equal(patched.notes_translated.ru, 'Описание');
    t.equal(patched.responsible.phone, '+998 71 000 00 00');
    t.equal(patched.num_resources, 2);
    // package_update that does not mention the reserved fields: CKAN would clear them; they are kept.
    const { priority, relevance, sphere, ai_ready, update_frequency, update_schedule, owner_org, ...rest } = patched;
    const updated = await s.ok('package_update', { ...rest, owner_org, title: 'Aholi' }, author.token);
    t.match(updated, {
      priority: 'high',
      relevance: 'medium',
      sphere: 'economy',
      ai_ready: true,
      update_frequency: 'monthly',
      update_schedule: { day: 10 },
      title: 'Aholi',
    });
    const same = await s.ok('package_update', { ...updated, owner_org: 'stat', sphere: 'economy' }, author.token);
    t.equal(same.owner_org, org.id, 'the same values by name are no change');
  });

  t.test('operators set the reserved fields', async (t) => {
    const p = await s.ok(
      'package_patch',
      {
        id: 'pop',
        priority: 'low',
        relevance: 'high',
        sphere: 'health',
        ai_ready: false,
        update_frequency: 'quarterly',
        update_schedule: { month: 2, day: 15 },
        owner_org: 'other',
      },
      op.token,
    );
    t.match(p, {
      priority: 'low',
      relevance: 'high',
      sphere: 'health',
      ai_ready: false,
      update_frequency: 'quarterly',
      update_schedule: { month: 2, day: 15 },
    });
    t.equal(p.organization.name, 'other');
    await s.ok('package_patch', { id: 'pop', owner_org: 'stat' }, op.token);
  });

  t.test("deleting is the operator's, with a reason", async (t) => {
    for (const u of [author, admin]) {
      const r = await s.call('package_delete', { id: 'pop', reason: 'duplicate' }, { token: u.token });
      t.equal(r.status, 403, `${u.name} may not delete`);
    }
    const noReason = await s.call('package_delete', { id: 'pop' }, { token: op.token });
    t.equal(noReason.status, 409);
    t.same(noReason.body.error.reason, ['Missing value']);
    const blank = await s.call('package_delete', { id: 'pop', reason: '   ' }, { token: op.token });
    t.equal(blank.status, 409, 'a blank reason is no reason');
    t.equal((await s.ok('package_show', { id: 'pop' })).state, 'active', 'nothing half-done');
    await s.ok('package_delete', { id: 'pop', reason: 'duplicate of 1-001-0002' }, op.token);
    const gone = await s.ok('package_show', { id: 'pop' });
    t.match(gone, { state: 'deleted', deleted_reason: 'duplicate of 1-001-0002', deleted_by: op.id });
  });
});

t.test('mandatory languages', async (t) => {
  const s = await startServer(t, {
    env: {
      PASPORT_SPARQL: 'false',
      PASPORT_LANGUAGES: 'kk,ru,en',
      PASPORT_REQUIRED_LANGUAGES: 'kk,ru',
      PASPORT_CALENDAR: 'kz',
    },
  });
  await s.ok('structure_create', { code: '1', name_translated: { kk: 'Министрліктер', ru: 'Министерства' } });
  await makeOrg(s, 'stat', { code: '001', structure: '1' });
  const good = {
    name: 'pharmacies',
    owner_org: 'stat',
    title_translated: { kk: 'Дәріханалар', ru: 'Аптеки' },
    notes_translated: { kk: 'Астана дәріханалары', ru: 'Аптеки Астаны' },
  };
  const p = await s.ok('package_create', good);
  t.equal(p.title, 'Дәріханалар');

  const noTitle = await s.call('package_create', {
    ...good,
    name: 'x1',
    title_translated: { kk: 'Дәріханалар', en: 'Pharmacies' },
  });
  t.equal(noTitle.status, 409);
  t.same(noTitle.body.error.title_translated, ['Missing value in: ru']);
  const none = await s.call('package_create', { name: 'x2', owner_org: 'stat' });
  t.equal(none.status, 409);
  t.same(
    none.body.error.title_translated,
    ['Missing value in: kk, ru'],
    'a passport with no title in any language is refused',
  );
  t.same(none.body.error.notes_translated, ['Missing value in: kk, ru']);
  const blankRu = await s.call('package_create', { ...good, name: 'x3', notes_translated: { kk: 'бар', ru: '  ' } });
  t.same(blankRu.body.error.notes_translated, ['Missing value in: ru'], 'blank is missing');
  const byTitle = await s.call('package_create', {
    name: 'x4',
    owner_org: 'stat',
    title: 'Атауы',
    notes: 'Сипаттама',
    title_translated: { ru: 'Название' },
    notes_translated: { ru: 'Описание' },
  });
  t.equal(byTitle.status, 200, 'title and notes fill the first language');

  const dropped = await s.call('package_patch', { id: 'pharmacies', notes_translated: { kk: 'Астана дәріханалары' } });
  t.equal(dropped.status, 409, 'an update may not drop a required language');
  t.equal((await s.ok('package_show', { id: 'pharmacies' })).notes_translated.ru, 'Аптеки Астаны');

  // Descriptors: names and descriptions in the required languages.
  const rid = p.resources?.[0]?.id ?? (await s.ok('resource_create', { package_id: 'pharmacies', url: '' })).id;
  const meta = {
    apiUri: 'pharmacies',
    nameKk: 'Дәріханалар',
    nameRu: 'Аптеки',
    descriptionKk: 'Сипаттама',
    descriptionRu: 'Описание',
    keywords: ['аптека'],
    responsible: { fullnameKk: 'Ахметов А.', fullnameRu: 'Ахметов А.', phone: '+7 7172 000000', email: 'a@example.kz' },
    fields: { id: { type: 'String', labelKk: 'id', labelRu: 'id', pkey: true } },
  };
  const ok = await s.ok('descriptor_validate', { descriptor: meta });
  t.same(ok, { valid: true, errors: [] });
  const { nameRu, ...noRu } = meta;
  const bad = await s.ok('descriptor_validate', { descriptor: noRu });
  t.equal(bad.valid, false);
  t.match(JSON.stringify(bad.errors), /nameRu/, 'a descriptor without the Russian name is reported');
  const create = await s.call('datastore_create', { resource_id: rid, force: true, descriptor: noRu });
  t.equal(create.status, 409, 'and refused');
});

t.test("the workflow off: CKAN's rules", async (t) => {
  const s = await startServer(t, { env: { PASPORT_SPARQL: 'false', PASPORT_OPERATOR_WORKFLOW: 'false' } });
  await makeStructure(s, '1');
  const org = await makeOrg(s, 'stat', { code: '001', structure: '1' });
  const author = await s.user('author');
  await s.ok('member_create', { id: org.id, object: author.name, object_type: 'user', capacity: 'editor' });
  const p = await s.ok('package_create', passport('mine', 'stat'), author.token);
  t.equal((await s.ok('package_patch', { id: p.id, priority: 'low' }, author.token)).priority, 'low');
  await s.ok('package_delete', { id: p.id }, author.token);
  t.equal((await s.ok('package_show', { id: p.id })).state, 'deleted');
});
