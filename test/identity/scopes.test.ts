// A token's scope is enforced on every action: every registered action is called with a sysadmin token
// of each scope (a sysadmin, so no authorization rule refuses first), and the answer is a scope refusal
// exactly when actionScope() says the scope does not cover the action. Then expiry and revocation.
import t from 'tap';
import { startServer } from '../helpers/server.ts';
import { loadActions } from '../../src/actions/registry.ts';
import { actionScope, SCOPES, scopeAllows } from '../../src/auth/scopes.ts';

t.test('token scopes, table-driven over the registry', async (t) => {
  const s = await startServer(t, { env: { PASPORT_TOKEN_DEFAULT_TTL: '7d' } });
  const tokens: Record<string, string> = {};
  for (const scope of SCOPES) {
    tokens[scope] = (
      await s.ok('api_token_create', { user: s.sysadmin.id, name: `only-${scope}`, scope: [scope] })
    ).token;
  }
  const actions = await loadActions();
  t.ok(actions.size > 50, `the registry holds ${actions.size} actions`);
  const classes = new Map<string, number>();
  for (const def of actions.values()) classes.set(actionScope(def), (classes.get(actionScope(def)) ?? 0) + 1);
  t.same([...classes.keys()].sort(), [...SCOPES].sort(), 'every scope class has actions');

  let refused = 0;
  let allowed = 0;
  const wrong: string[] = [];
  for (const def of actions.values()) {
    const needed = actionScope(def);
    for (const scope of SCOPES) {
      const r = await s.call(def.name, {}, { token: tokens[scope] });
      const scopeRefusal = r.status === 403 && /scope/.test(String(r.body?.error?.message));
      const expected = !scopeAllows([scope], needed);
      if (scopeRefusal !== expected)
        wrong.push(
          `${def.name} (${needed}) with ${scope}: ${r.status} ${JSON.stringify(r.body?.error ?? '').slice(0, 120)}`,
        );
      if (expected) refused++;
      else allowed++;
    }
  }
  t.same(wrong, [], `${refused} calls refused for scope, ${allowed} let through to the action`);
  t.ok(refused > 100 && allowed > 100, 'both outcomes are exercised');

  const list = await s.ok('api_token_list', { user_id: s.sysadmin.id });
  const ds = list.find((x: any) => x.name === 'only-datasets:write');
  t.same(ds.scope, ['read', 'datasets:write'], 'api_token_list shows the scope, read included');
  t.ok(
    ds.expires_at > new Date(Date.now() + 6 * 86400e3).toISOString().slice(0, 19),
    'the deployment default expiry applies',
  );
  t.notOk(JSON.stringify(list).includes(tokens.read), 'the secret is never listed');
  t.ok(
    list.every((x: any) => !('token_hash' in x) && !('token' in x)),
    'no token or hash key',
  );
  const legacy = list.find((x: any) => x.name === 'tests');
  t.same(legacy.scope, [...SCOPES], 'a token without scope has every scope');

  const bad = await s.call('api_token_create', { user: s.sysadmin.id, name: 'x', scope: 'everything' });
  t.equal(bad.status, 409, 'an unknown scope is a validation error');
  t.match(bad.body.error.scope[0], /Unknown scope/);
  const mint = await s.call(
    'api_token_create',
    { user: s.sysadmin.id, name: 'wider' },
    { token: tokens['datasets:write'] },
  );
  t.equal(mint.status, 403, 'a restricted token cannot mint a token');

  // A read token reads and uses its last_access; a dataset token writes datasets but not the DataStore.
  const u = await s.user('scoped-editor');
  await s.ok('organization_create', { name: 'org-scopes', users: [{ name: u.name, capacity: 'admin' }] });
  const dsToken = (await s.ok('api_token_create', { user: u.id, name: 'ds', scope: 'datasets:write' }, u.token)).token;
  t.equal(
    (await s.call('package_show', { id: 'nope' }, { token: dsToken })).status,
    404,
    'reads pass with a write scope',
  );
  const org = await s.ok('organization_show', { id: 'org-scopes' });
  t.equal(org.name, 'org-scopes');

  t.test('expiry and revocation', async (t) => {
    const short = (await s.ok('api_token_create', { user: u.id, name: 'short', expires_in: 3600 }, u.token)).token;
    t.equal((await s.call('api_token_list', {}, { token: short })).status, 200, 'a fresh token works');
    await s.pasport.services.db
      .updateTable('api_token')
      .set({ expires_at: '2000-01-01T00:00:00.000000' })
      .where('name', '=', 'short')
      .execute();
    s.pasport.services.tokenCache.clear();
    const expired = await s.call('api_token_list', {}, { token: short });
    t.equal(expired.status, 403, 'an expired token is anonymous');
    const list = await s.ok('api_token_list', { user_id: u.id }, u.token);
    const ds = list.find((x: any) => x.name === 'ds');
    await s.ok('api_token_revoke', { jti: ds.id }, u.token);
    t.equal(
      (await s.call('package_create', { name: 'after-revoke', owner_org: 'org-scopes' }, { token: dsToken })).status,
      403,
      'a revoked token writes nothing',
    );
    t.ok(
      list.some((x: any) => x.name === 'ds' && 'last_access' in x),
      'last use is listed',
    );
  });
});
