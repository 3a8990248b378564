// The read rule's parity test: "who may see this dataset" is defined once (src/auth/permissions.ts) and
// derived three times (the imperative check, the SQL filter, the search index's label filter). For
// every role x dataset state, every surface must give the answer in the table below.
import t from 'tap';
import { sql } from 'kysely';
import { startServer } from '../helpers/server.ts';
import { makeOrg, makeStructure, passport } from '../helpers/fixtures.ts';
import { visiblePackages } from '../../src/packages/visibility.ts';
import { visibilityFor } from '../../src/search/service.ts';
import { visibilitySql } from '../../src/search/engines/pg-query.ts';
import { DOC_TABLE } from '../../src/search/engines/postgres.ts';
import type { AuthUser } from '../../src/actions/types.ts';

const ROLES = ['anonymous', 'plain user', 'member', 'editor', 'admin', 'creator', 'operator', 'sysadmin'] as const;
type Role = (typeof ROLES)[number];

/** Who reads each dataset (CKAN's DefaultPermissionLabels; drafts need edit rights). */
const EXPECTED: Record<string, Role[]> = {
  public: [...ROLES],
  private: ['member', 'editor', 'admin', 'operator', 'sysadmin'],
  draft: ['editor', 'admin', 'operator', 'sysadmin'],
  'draft private': ['editor', 'admin', 'operator', 'sysadmin'],
  deleted: ['member', 'editor', 'admin', 'operator', 'sysadmin'],
  'unowned draft': ['creator', 'operator', 'sysadmin'],
  'unowned deleted': ['creator', 'operator', 'sysadmin'],
  // A deactivated organization receives no new datasets; what it has is read as before.
  'deactivated org public': [...ROLES],
  'deactivated org private': ['member', 'editor', 'admin', 'operator', 'sysadmin'],
  // Deactivated by the operator (package_deactivate): hidden like a private dataset.
  deactivated: ['member', 'editor', 'admin', 'operator', 'sysadmin'],
};

t.test('one read rule, every surface agrees', async (t) => {
  // CKAN's own rules for who creates what (the operator workflow reserves creation to operators).
  const s = await startServer(t, { config: { createUnownedDataset: true, operatorWorkflow: false } });
  await makeStructure(s, '6');
  const org = await makeOrg(s, 'rule-org', { code: '001', structure: '6' });
  const users: Record<Role, { id: string; name: string; token: string } | null> = {
    anonymous: null,
    'plain user': await s.user('rule-plain'),
    member: await s.user('rule-member'),
    editor: await s.user('rule-editor'),
    admin: await s.user('rule-admin'),
    creator: await s.user('rule-creator'),
    operator: await s.user('rule-operator', { operator: true }),
    sysadmin: { ...s.sysadmin },
  };
  for (const role of ['member', 'editor', 'admin'] as const) {
    await s.ok('organization_member_create', { id: org.id, username: users[role]!.name, role });
  }
  const ids: Record<string, string> = {};
  const mk = async (state: string, data: Record<string, unknown>, token?: string) => {
    const name = `rule-${state.replace(/ /g, '-')}`;
    const p = await s.ok('package_create', { ...passport(name, 'rule-org'), ...data }, token);
    ids[state] = p.id;
    return p;
  };
  await mk('public', {});
  await mk('private', { private: true });
  await mk('draft', { state: 'draft' });
  await mk('draft private', { state: 'draft', private: true });
  await s.ok('package_delete', { id: (await mk('deleted', {})).id, reason: 'test' });
  await s.ok('package_deactivate', { id: (await mk('deactivated', {})).id, reason: 'test' });
  await mk('unowned draft', { owner_org: null, state: 'draft' }, users.creator!.token);
  await s.ok('package_delete', {
    id: (await mk('unowned deleted', { owner_org: null }, users.creator!.token)).id,
    reason: 'test',
  });
  const retired = await makeOrg(s, 'rule-retired', { code: '002', structure: '6' });
  for (const role of ['member', 'editor', 'admin'] as const) {
    await s.ok('organization_member_create', { id: retired.id, username: users[role]!.name, role });
  }
  await mk('deactivated org public', { owner_org: 'rule-retired' });
  await mk('deactivated org private', { owner_org: 'rule-retired', private: true });
  await s.ok('organization_patch', { id: retired.id, active: false });
  await s.settle();

  const db = s.pasport.services.db;
  const flags = { includePrivate: true, includeDrafts: true, includeDeleted: true };
  const authUser = async (role: Role): Promise<AuthUser | null> => {
    const u = users[role];
    if (!u) return null;
    const row = await db
      .selectFrom('user')
      .select(['id', 'name', 'sysadmin', 'operator'])
      .where('id', '=', u.id)
      .executeTakeFirstOrThrow();
    return row;
  };

  for (const role of ROLES) {
    t.test(role, async (t) => {
      const user = await authUser(role);
      const ctx = { db, user };
      const token = users[role]?.token ?? null;
      const sqlSeen = new Set(
        (await visiblePackages(ctx, db.selectFrom('package'), flags).select('package.id').execute()).map((r) => r.id),
      );
      const v = await visibilityFor(ctx, flags);
      const indexSeen = new Set(
        (
          await sql<{ id: string }>`SELECT d.id FROM ${sql.raw(DOC_TABLE)} d WHERE ${visibilitySql(v)}`.execute(db)
        ).rows.map((r) => r.id),
      );
      const search = await s.ok(
        'package_search',
        { include_private: true, include_drafts: true, include_deleted: true, rows: 1000, fq: 'name:rule-*' },
        token,
      );
      const searchSeen = new Set<string>(search.results.map((r: any) => r.id));
      for (const [state, readers] of Object.entries(EXPECTED)) {
        const want = readers.includes(role);
        const shown = await s.call('package_show', { id: ids[state] }, { token });
        t.equal(shown.status, want ? 200 : 403, `${state}: package_show (the imperative rule)`);
        t.equal(sqlSeen.has(ids[state]), want, `${state}: the SQL filter`);
        t.equal(indexSeen.has(ids[state]), want, `${state}: the search index's labels`);
        t.equal(searchSeen.has(ids[state]), want, `${state}: package_search`);
      }
    });
  }
});
