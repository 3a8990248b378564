// The authorization table (a helper for write-actions*.test.ts): every write action in the registry, called over HTTP against an object of
// organization A by anonymous, a plain user, and a member, an editor and an admin of organization B:
// each is refused with 403 and nothing in the database changes; a sysadmin passes the rule. Cases that
// smuggle a key the caller may edit (package_id, name_or_id, match as JSON text) beside the object of
// A are in the table too: the rule must check the object the handler touches.
import type { Test } from 'tap';
import { startServer, type TestServer } from '../helpers/server.ts';
import { makeOrg, makeStructure, passport } from '../helpers/fixtures.ts';
import { loadActions } from '../../src/actions/registry.ts';

type Input = Record<string, unknown>;
interface Case {
  action: string;
  label?: string;
  /** Builds the input (fresh objects of organization A when the action consumes them). */
  input: () => Promise<Input>;
  /** The sysadmin's status: 200, or 409 where the input is deliberately incomplete past the rule. */
  sysadmin?: number;
  /** Actions on the caller's own inbox: only anonymous is refused (another's notice: inbox.test.ts). */
  selfScoped?: boolean;
  /** Open to every caller by design (why): the row checks that anonymous passes the rule. */
  open?: string;
}

/** The site-content types (src/content/defs.ts): operators write them, nobody else. */
const CONTENT_TYPES = ['news', 'page', 'instruction', 'glossary_term', 'faq', 'legal_act'];

async function snapshot(s: TestServer): Promise<string> {
  const db = s.pasport.services.db;
  const parts = await Promise.all([
    db
      .selectFrom('package')
      .select(['id', 'name', 'title', 'state', 'private', 'owner_org', 'metadata_modified', 'title_translated'])
      .orderBy('id')
      .execute(),
    db
      .selectFrom('resource')
      .select(['id', 'package_id', 'state', 'url', 'name', 'metadata_modified'])
      .orderBy('id')
      .execute(),
    db
      .selectFrom('group')
      .select(['id', 'name', 'title', 'state', 'code', 'active', 'external_id'])
      .orderBy('id')
      .execute(),
    db
      .selectFrom('member')
      .select(['group_id', 'table_id', 'capacity', 'state'])
      .orderBy('group_id')
      .orderBy('table_id')
      .execute(),
    db.selectFrom('structure').select(['id', 'code', 'state', 'name_translated']).orderBy('id').execute(),
    db.selectFrom('user').select(['id', 'name', 'fullname', 'state', 'sysadmin', 'operator']).orderBy('id').execute(),
    db.selectFrom('api_token').select(['id', 'revoked_at']).orderBy('id').execute(),
    db
      .selectFrom('datastore_resource')
      .select(['resource_id', 'active', 'fields', 'descriptor'])
      .orderBy('resource_id')
      .execute(),
    db
      .selectFrom('content_item')
      .select(['id', 'name', 'title_translated', 'active', 'modified'])
      .orderBy('id')
      .execute(),
    db
      .selectFrom('showcase')
      .select(['id', 'name', 'title_translated', 'state', 'metadata_modified'])
      .orderBy('id')
      .execute(),
    db
      .selectFrom('showcase_package')
      .select(['showcase_id', 'package_id'])
      .orderBy('showcase_id')
      .orderBy('package_id')
      .execute(),
    db.selectFrom('holiday').select(['day', 'kind', 'name']).orderBy('day').execute(),
    db.selectFrom('data_update').select(['id', 'package_id']).orderBy('id').execute(),
    db.selectFrom('package_status_change').select(['id', 'package_id']).orderBy('id').execute(),
    db.selectFrom('comment').select(['id', 'package_id', 'status', 'body']).orderBy('id').execute(),
    db.selectFrom('download_purpose').select(['id', 'name', 'label_translated', 'active']).orderBy('id').execute(),
    db.selectFrom('survey').select(['id', 'name', 'title_translated', 'active']).orderBy('id').execute(),
    db.selectFrom('harvest_source').select(['id', 'name', 'title', 'state', 'config']).orderBy('id').execute(),
    db.selectFrom('harvest_job').select(['id', 'status']).orderBy('id').execute(),
    db.selectFrom('external_source').select(['package_id', 'url', 'format']).orderBy('package_id').execute(),
    db
      .selectFrom('data_request')
      .select(['id', 'status', 'votes', 'organization_id', 'requester_email', 'erased_at'])
      .orderBy('id')
      .execute(),
    db
      .selectFrom('feedback')
      .select(['id', 'status', 'answer', 'answer_due', 'organization_id', 'email', 'erased_at'])
      .orderBy('id')
      .execute(),
  ]);
  return JSON.stringify(parts);
}

export async function authorizationTable(t: Test, opts: { embedded?: boolean; only?: string[] } = {}) {
  const s = await startServer(t, { embedded: opts.embedded });
  await makeStructure(s, '7');
  const orgA = await makeOrg(s, 'org-a', { code: '001', structure: '7' });
  const orgB = await makeOrg(s, 'org-b', { code: '002', structure: '7' });
  const group = await s.ok('group_create', { name: 'sphere-g', title: 'G' });
  const plain = await s.user('plain');
  const memberB = await s.user('member-b');
  const editorB = await s.user('editor-b');
  const adminB = await s.user('admin-b');
  const editorA = await s.user('editor-a');
  const victim = await s.user('victim');
  const bystander = await s.user('bystander');
  for (const [u, capacity] of [
    [memberB, 'member'],
    [editorB, 'editor'],
    [adminB, 'admin'],
  ] as const) {
    await s.ok('organization_member_create', { id: orgB.id, username: u.name, role: capacity });
  }
  await s.ok('organization_member_create', { id: orgA.id, username: editorA.name, role: 'editor' });
  const dsA = await s.ok('package_create', passport('ds-a', 'org-a'));
  // Passports are created by the operator (PASPORT_OPERATOR_WORKFLOW); editor B edits ds-b.
  const dsB = await s.ok('package_create', passport('ds-b', 'org-b'));
  const rA = dsA.resources[0];
  await s.ok('datastore_create', {
    resource_id: rA.id,
    force: true,
    fields: [{ id: 'k', type: 'text' }],
    primary_key: ['k'],
    records: [{ k: 'a' }],
  });
  const victimToken = (await s.ok('api_token_list', { user_id: victim.name }))[0];

  let n = 0;
  const fresh = async () => s.ok('package_create', passport(`fresh-${++n}`, 'org-a'));
  const showcase = async () => s.ok('ckanext_showcase_create', { name: `showcase-${++n}`, title: 'S' });
  const deactivated = async () => {
    const id = (await fresh()).id as string;
    await s.ok('package_deactivate', { id, reason: 'test' });
    return id;
  };
  const freshTable = async () => {
    const r = await s.ok('resource_create', { package_id: dsA.id, url: 'http://example.org/x.csv' });
    await s.ok('datastore_create', {
      resource_id: r.id,
      force: true,
      fields: [{ id: 'k', type: 'text' }],
      records: [{ k: 'a' }],
    });
    return r.id as string;
  };
  const harvestSource = async () =>
    s.ok('harvest_source_create', {
      name: `hs-${++n}`,
      url: 'http://127.0.0.1:9/',
      source_type: 'ckan',
      owner_org: 'org-a',
    });
  const externalPassport = async () =>
    s.ok(
      'package_create',
      passport(`ext-${++n}`, 'org-a', { provision: 'external', external_api: 'http://example.org/api' }),
    );
  // Citizens' requests and feedback about organization A (src/requests, src/feedback).
  const request = async (publish = false) => {
    const r = await s.ok('request_create', { title: `request ${++n}`, organization: 'org-a' });
    if (publish) await s.ok('request_publish_for_voting', { id: r.id });
    return r.id as string;
  };
  const feedback = async () =>
    (await s.ok('feedback_create', { message: `message ${++n}`, package: dsA.id })).id as string;
  const cases: Case[] = [
    { action: 'package_create', input: async () => ({ ...passport(`new-${++n}`, 'org-a') }) },
    { action: 'package_update', input: async () => ({ ...dsA, title: 'hacked' }) },
    {
      action: 'package_update',
      label: 'name_or_id of an own dataset, name of A',
      input: async () => ({
        name_or_id: dsB.name,
        name: dsA.name,
        owner_org: 'org-a',
        title: 'hacked',
        resources: dsA.resources,
      }),
    },
    { action: 'package_patch', input: async () => ({ id: dsA.id, title: 'hacked' }) },
    { action: 'package_delete', input: async () => ({ id: (await fresh()).id, reason: 'test' }) },
    { action: 'package_revise', input: async () => ({ match: { id: dsA.id }, update: { title: 'hacked' } }) },
    {
      action: 'package_revise',
      label: 'match as JSON text',
      input: async () => ({ match: JSON.stringify({ id: dsA.id }), update: JSON.stringify({ notes: 'hacked' }) }),
    },
    { action: 'resource_create', input: async () => ({ package_id: dsA.id, url: 'http://example.org/hacked.csv' }) },
    {
      action: 'resource_update',
      label: 'package_id of an own dataset',
      input: async () => ({ id: rA.id, package_id: dsB.id, url: 'http://example.org/hacked.csv' }),
    },
    {
      action: 'resource_patch',
      label: 'package_id of an own dataset',
      input: async () => ({ id: rA.id, package_id: dsB.id, name: 'hacked' }),
    },
    {
      action: 'resource_delete',
      label: 'package_id of an own dataset',
      input: async () => ({
        id: (await s.ok('resource_create', { package_id: dsA.id, url: 'http://example.org/d.csv' })).id,
        package_id: dsB.id,
      }),
    },
    {
      action: 'datastore_create',
      input: async () => ({
        resource_id: (await s.ok('resource_create', { package_id: dsA.id, url: 'http://example.org/n.csv' })).id,
        force: true,
        fields: [{ id: 'x', type: 'int' }],
      }),
    },
    {
      action: 'datastore_create',
      label: 'new resource in A',
      input: async () => ({ resource: { package_id: dsA.id, name: 'new' }, fields: [{ id: 'x', type: 'int' }] }),
    },
    {
      action: 'datastore_upsert',
      input: async () => ({ resource_id: rA.id, force: true, method: 'upsert', records: [{ k: 'hacked' }] }),
    },
    { action: 'datastore_delete', input: async () => ({ resource_id: await freshTable(), force: true }) },
    { action: 'datastore_records_delete', input: async () => ({ resource_id: rA.id, force: true, filters: {} }) },
    { action: 'datastore_upload', input: async () => ({ resource_id: rA.id }), sysadmin: 409 },
    { action: 'descriptor_update', input: async () => ({ resource_id: rA.id, descriptor: {} }), sysadmin: 409 },
    { action: 'organization_create', input: async () => ({ name: `org-new-${++n}` }) },
    { action: 'organization_update', input: async () => ({ id: orgA.id, title: 'hacked' }) },
    { action: 'organization_patch', input: async () => ({ id: orgA.id, title: 'hacked' }) },
    { action: 'organization_delete', input: async () => ({ id: (await makeOrg(s, `org-empty-${++n}`)).id }) },
    {
      action: 'organization_import',
      input: async () => ({
        records: [
          { name: orgA.name, external_id: `hijack-${++n}` },
          { name: `org-imported-${n}`, title: 'x' },
        ],
      }),
    },
    {
      action: 'organization_member_create',
      input: async () => ({ id: orgA.id, username: bystander.name, role: 'admin' }),
    },
    { action: 'organization_member_delete', input: async () => ({ id: orgA.id, username: editorA.name }) },
    {
      action: 'member_create',
      input: async () => ({ id: orgA.id, object: bystander.name, object_type: 'user', capacity: 'admin' }),
    },
    { action: 'member_delete', input: async () => ({ id: orgA.id, object: editorA.name, object_type: 'user' }) },
    { action: 'group_create', input: async () => ({ name: `group-new-${++n}` }) },
    { action: 'group_update', input: async () => ({ id: group.id, title: 'hacked' }) },
    { action: 'group_patch', input: async () => ({ id: group.id, title: 'hacked' }) },
    {
      action: 'group_delete',
      input: async () => ({ id: (await s.ok('group_create', { name: `group-gone-${++n}` })).id }),
    },
    { action: 'structure_create', input: async () => ({ code: String(100 + ++n), name_translated: { uz: 'x' } }) },
    { action: 'structure_update', input: async () => ({ id: '7', name_translated: { uz: 'hacked' } }) },
    { action: 'structure_delete', input: async () => ({ id: (await makeStructure(s, String(200 + ++n))).id }) },
    { action: 'user_create', input: async () => ({ name: `new-user-${++n}`, email: `u${n}@example.org` }) },
    { action: 'user_update', input: async () => ({ id: victim.id, fullname: 'hacked' }) },
    { action: 'api_token_create', input: async () => ({ user: victim.name, name: 'stolen' }) },
    { action: 'api_token_revoke', input: async () => ({ jti: victimToken.id }) },
    ...CONTENT_TYPES.flatMap((type): Case[] => {
      // A legal act also needs its number and date.
      const own = type === 'legal_act' ? { number: 'PP-1', date: '2021-05-02' } : {};
      const item = async () =>
        s.ok(`${type}_create`, { name: `${type.replace('_', '-')}-${++n}`, title_translated: { uz: 'x' }, ...own });
      return [
        {
          action: `${type}_create`,
          input: async () => ({
            name: `${type.replace('_', '-')}-new-${++n}`,
            title_translated: { uz: 'hacked' },
            ...own,
          }),
        },
        {
          action: `${type}_update`,
          input: async () => ({ id: (await item()).id, title_translated: { uz: 'hacked' }, ...own }),
        },
        { action: `${type}_patch`, input: async () => ({ id: (await item()).id, title_translated: { uz: 'hacked' } }) },
        { action: `${type}_delete`, input: async () => ({ id: (await item()).id }) },
      ];
    }),
    { action: 'ckanext_showcase_create', input: async () => ({ name: `showcase-new-${++n}`, title: 'hacked' }) },
    { action: 'ckanext_showcase_update', input: async () => ({ id: (await showcase()).id, title: 'hacked' }) },
    { action: 'ckanext_showcase_delete', input: async () => ({ id: (await showcase()).id }) },
    {
      action: 'ckanext_showcase_package_association_create',
      input: async () => ({ package_id: dsA.id, showcase_id: (await showcase()).id }),
    },
    {
      action: 'ckanext_showcase_package_association_delete',
      input: async () => {
        const sc = await showcase();
        await s.ok('ckanext_showcase_package_association_create', { package_id: dsA.id, showcase_id: sc.id });
        return { package_id: dsA.id, showcase_id: sc.id };
      },
    },
    {
      action: 'holiday_create',
      input: async () => ({
        date: `2027-03-${String(10 + (++n % 15)).padStart(2, '0')}`,
        kind: 'holiday',
        name: 'hacked',
      }),
    },
    {
      action: 'holiday_delete',
      input: async () => {
        const date = `2027-04-${String(10 + (++n % 15)).padStart(2, '0')}`;
        await s.ok('holiday_create', { date, kind: 'holiday', name: 'x' });
        return { date };
      },
    },
    { action: 'package_deactivate', input: async () => ({ id: (await fresh()).id, reason: 'hacked' }) },
    { action: 'package_activate', input: async () => ({ id: await deactivated() }) },
    { action: 'package_fix_submitted', input: async () => ({ id: await deactivated(), message: 'hacked' }) },
    // ds-a is provided manually: past the rule, the sysadmin is told its loads record updates (409).
    { action: 'package_data_updated', input: async () => ({ id: dsA.id, note: 'hacked' }), sysadmin: 409 },
    ...voiceCases(s, {
      dsA,
      privA: async () => (await s.ok('package_create', passport(`private-${++n}`, 'org-a', { private: true }))).id,
      editorA,
    }),
    {
      action: 'harvest_source_create',
      input: async () => ({
        name: `hs-new-${++n}`,
        url: 'http://127.0.0.1:9/',
        source_type: 'ckan',
        owner_org: 'org-a',
      }),
    },
    { action: 'harvest_source_update', input: async () => ({ id: (await harvestSource()).id, title: 'hacked' }) },
    { action: 'harvest_source_delete', input: async () => ({ id: (await harvestSource()).id }) },
    { action: 'harvest_source_clear', input: async () => ({ id: (await harvestSource()).id }) },
    { action: 'harvest_job_create', input: async () => ({ source_id: (await harvestSource()).id, dry_run: true }) },
    {
      action: 'external_source_update',
      input: async () => ({ id: (await externalPassport()).id, url: 'http://127.0.0.1:9/x.json', format: 'json' }),
    },
    {
      action: 'request_create',
      open: 'anyone may ask for a dataset',
      input: async () => ({ title: 'wanted', email: 'citizen@example.net', organization: 'org-a' }),
    },
    {
      action: 'request_vote',
      open: 'anyone may vote (anonymous voters confirm by e-mail)',
      input: async () => ({ id: await request(true), email: 'voter@example.net' }),
    },
    {
      action: 'request_unvote',
      open: 'anyone may withdraw their own vote',
      input: async () => ({ id: await request(true) }),
    },
    {
      action: 'request_vote_confirm',
      open: 'the e-mailed token is the credential',
      input: async () => ({ token: 'not-a-token' }),
    },
    {
      action: 'feedback_create',
      open: 'anyone may write to the operator',
      input: async () => ({ message: 'hello', email: 'citizen@example.net', package: dsA.id }),
    },
    { action: 'request_publish_for_voting', input: async () => ({ id: await request() }) },
    { action: 'request_close', input: async () => ({ id: await request(), reason: 'hacked' }) },
    // Past the rule the sysadmin is told the request lacks votes (forward) or is not forwarded (accept, refuse).
    {
      action: 'request_forward',
      input: async () => ({ id: await request(true), organization: 'org-b' }),
      sysadmin: 409,
    },
    { action: 'request_accept', input: async () => ({ id: await request(true), package: dsA.id }), sysadmin: 409 },
    { action: 'request_refuse', input: async () => ({ id: await request(true), reason: 'hacked' }), sysadmin: 409 },
    { action: 'request_personal_data_erase', input: async () => ({ id: await request() }) },
    { action: 'feedback_forward', input: async () => ({ id: await feedback() }) },
    { action: 'feedback_answer', input: async () => ({ id: await feedback(), answer: 'hacked' }) },
    { action: 'feedback_extend', input: async () => ({ id: await feedback(), reason: 'hacked' }), sysadmin: 409 },
    { action: 'feedback_personal_data_erase', input: async () => ({ id: await feedback() }) },
    {
      action: 'notification_show',
      input: async () => ({ id: '00000000-0000-4000-8000-000000000000' }),
      selfScoped: true,
    },
    { action: 'notification_mark_read', input: async () => ({ all: true }), selfScoped: true },
    { action: 'notification_preferences_update', input: async () => ({ language: 'ru' }), selfScoped: true },
  ];

  const writes = [...(await loadActions()).values()].filter((d) => !d.sideEffectFree).map((d) => d.name);
  if (!opts.only)
    t.same(
      writes.filter((w) => !cases.some((c) => c.action === w)),
      [],
      'every write action in the registry has a row',
    );

  const roles: [string, string | null][] = [
    ['anonymous', null],
    ['plain user', plain.token],
    ['member of B', memberB.token],
    ['editor of B', editorB.token],
    ['admin of B', adminB.token],
  ];
  for (const c of cases.filter((x) => !opts.only || opts.only.includes(x.action))) {
    t.test(`${c.action}${c.label ? ` (${c.label})` : ''}`, async (t) => {
      const input = await c.input();
      if (c.open) {
        for (const [role, token] of roles) {
          const r = await s.call(c.action, input, { token });
          t.not(r.status, 403, `${role}: the rule lets anyone through`);
          t.ok(r.status < 500, `${role}: no server error (${r.status})`);
        }
        return;
      }
      const before = await snapshot(s);
      for (const [role, token] of c.selfScoped ? roles.slice(0, 1) : roles) {
        const r = await s.call(c.action, input, { token });
        t.equal(r.status, 403, `${role}: 403`);
        t.equal(r.body?.error?.__type, 'Authorization Error', `${role}: CKAN's Authorization Error`);
      }
      t.equal(await snapshot(s), before, 'nothing changed');
      if (c.selfScoped) return;
      const r = await s.call(c.action, input);
      t.equal(r.status, c.sysadmin ?? 200, `sysadmin passes the rule: ${JSON.stringify(r.body?.error ?? '')}`);
    });
  }
}

/** Comments, download purposes and surveys (src/comments, src/downloads-purpose, src/surveys). */
function voiceCases(
  s: TestServer,
  o: { dsA: { id: string }; privA: () => Promise<string>; editorA: { token: string } },
): Case[] {
  let n = 0;
  // A pending comment by editor A on ds-a (plain users and B's members may not moderate it).
  const pending = async () =>
    (await s.ok('comment_create', { package_id: o.dsA.id, body: `pending ${++n}` }, o.editorA.token)).id as string;
  return [
    {
      action: 'comment_create',
      label: 'on a private dataset of A',
      input: async () => ({ package_id: await o.privA(), body: 'hacked' }),
    },
    { action: 'comment_approve', input: async () => ({ id: await pending() }) },
    { action: 'comment_reject', input: async () => ({ id: await pending(), reason: 'hacked' }) },
    {
      action: 'comment_delete',
      label: "another user's comment",
      input: async () => ({
        id: (await s.ok('comment_create', { package_id: o.dsA.id, body: 'mine' }, (await s.user('commenter')).token))
          .id,
      }),
    },
    {
      action: 'download_purpose_create',
      input: async () => ({ name: `purpose-new-${++n}`, label_translated: { en: 'hacked' } }),
    },
    { action: 'download_purpose_update', input: async () => ({ id: 'research', label_translated: { en: 'hacked' } }) },
    {
      action: 'download_purpose_delete',
      input: async () => ({
        id: (await s.ok('download_purpose_create', { name: `purpose-gone-${++n}`, label_translated: { en: 'x' } })).id,
      }),
    },
    {
      action: 'survey_create',
      input: async () => ({
        name: `survey-new-${++n}`,
        title_translated: { en: 'hacked' },
        questions: [{ id: 'q', type: 'text', text_translated: { en: 'q' } }],
      }),
    },
    {
      action: 'survey_update',
      input: async () => ({
        id: (
          await s.ok('survey_create', {
            name: `survey-${++n}`,
            title_translated: { en: 'S' },
            questions: [{ id: 'q', type: 'text', text_translated: { en: 'q' } }],
          })
        ).id,
        title_translated: { en: 'hacked' },
      }),
    },
    {
      action: 'survey_submit',
      open: 'citizens answer surveys without signing in',
      input: async () => ({
        id: (
          await s.ok('survey_create', {
            name: `survey-open-${++n}`,
            title_translated: { en: 'S' },
            questions: [{ id: 'q', type: 'text', text_translated: { en: 'q' } }],
          })
        ).id,
        answers: { q: 'fine' },
      }),
    },
  ];
}
