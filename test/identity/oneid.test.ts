// Sign-in through an OAuth2 server configured like OneID (test/helpers/oneid.ts, real HTTP): the whole
// flow, refusals of replayed or tampered answers, claims mapped to roles and memberships, memberships
// updated on the next sign-in, the session cookie with its Origin check, and logout.
import t from 'tap';
import { startServer } from '../helpers/server.ts';
import { startOneId } from '../helpers/oneid.ts';
import { UsedStates } from '../../src/oidc/state.ts';

const OPERATOR_TIN = '200000001';

t.test('OneID-like OAuth2 sign-in', async (t) => {
  let site = '';
  const oneid = await startOneId({
    id: 'pasport-uz',
    secret: 'oneid-test-secret',
    redirectUri: () => `${site}/auth/oneid/callback`,
  });
  t.teardown(() => oneid.close());
  const providers = [
    {
      name: 'oneid',
      title: 'OneID',
      type: 'oauth2',
      clientId: 'pasport-uz',
      clientSecretEnv: 'ONEID_TEST_SECRET',
      scope: 'pasport-uz',
      authorizationUrl: oneid.endpoint,
      tokenUrl: oneid.endpoint,
      userinfoUrl: oneid.endpoint,
      responseType: 'one_code',
      grantType: 'one_authorization_code',
      pkce: false,
      userinfo: { style: 'form', grantType: 'one_access_token_identify', params: { scope: 'pasport-uz' } },
      logout: { url: oneid.endpoint, grantType: 'one_log_out' },
      mapping: {
        subject: 'user_id',
        username: 'user_id',
        fullname: ['sur_name', 'first_name', 'mid_name'],
        email: 'email',
        nationalId: 'pin',
        roles: {
          operator: { claim: 'legal_info[].le_tin', values: [OPERATOR_TIN] },
          sysadmin: { claim: 'pin', values: ['30000000000001'] },
        },
        organizations: {
          claim: 'legal_info',
          externalId: 'le_tin',
          capacity: { claim: 'is_basic', values: { true: 'admin' }, default: 'editor' },
        },
      },
    },
  ];
  const s = await startServer(t, {
    env: {
      PASPORT_AUTH_PROVIDERS: JSON.stringify(providers),
      PASPORT_SESSION_SECRET: 'session-secret',
      ONEID_TEST_SECRET: 'oneid-test-secret',
    },
  });
  site = s.url;
  for (const [name, tin] of [
    ['min-eco', '201111111'],
    ['min-fin', '202222222'],
    ['stat', '203333333'],
    ['operator-org', OPERATOR_TIN],
  ]) {
    await s.ok('organization_create', { name, title: name, external_id: tin });
  }
  oneid.people.aziz = {
    user_id: 'aziz.k',
    pin: '31234567890123',
    first_name: 'Aziz',
    sur_name: 'Karimov',
    mid_name: 'Olimovich',
    email: 'aziz@example.uz',
    legal_info: [
      { le_tin: '201111111', le_name: 'Min Eco', is_basic: true },
      { le_tin: '202222222', le_name: 'Min Fin', is_basic: false },
      { le_tin: '209999999', is_basic: false },
    ],
  };

  async function begin() {
    const res = await fetch(`${s.url}/auth/oneid/login`, { redirect: 'manual' });
    t.equal(res.status, 302);
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .find((c) => c.startsWith('pasport_oidc='))!;
    return { location: new URL(res.headers.get('location')!), cookie };
  }
  async function atOneId(location: URL, login: string) {
    const form = await fetch(location);
    t.equal(form.status, 200, 'OneID accepts the authorization request');
    const html = await form.text();
    const field = (n: string) => new RegExp(`name="${n}" value="([^"]*)"`).exec(html)![1];
    const res = await fetch(`${oneid.url}/sso/login`, {
      method: 'POST',
      redirect: 'manual',
      body: new URLSearchParams({ login, state: field('state'), redirect_uri: field('redirect_uri') }),
    });
    return res.headers.get('location')!;
  }
  async function back(url: string, cookie: string | null) {
    const res = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
    return { status: res.status, body: (await res.json()) as any, cookies: res.headers.getSetCookie() };
  }
  async function signIn(login: string) {
    const { location, cookie } = await begin();
    const to = await atOneId(location, login);
    return { to, cookie, ...(await back(to, cookie)) };
  }
  const members = async (userId: string) =>
    await s.pasport.services.db
      .selectFrom('member')
      .innerJoin('group', 'group.id', 'member.group_id')
      .select(['group.name', 'member.capacity', 'member.synced_from'])
      .where('table_id', '=', userId)
      .where('member.state', '=', 'active')
      .orderBy('group.name')
      .execute();

  const first = await signIn('aziz');
  let sessionCookie = '';
  await t.test('authorization request in OneID terms', async (t) => {
    const { location } = await begin();
    t.equal(location.searchParams.get('response_type'), 'one_code');
    t.equal(location.searchParams.get('client_id'), 'pasport-uz');
    t.equal(location.searchParams.get('scope'), 'pasport-uz');
    t.notOk(location.searchParams.get('client_secret'), 'no secret in the browser');
  });

  await t.test('full sign-in maps claims to the person, roles and memberships', async (t) => {
    t.equal(first.status, 200, JSON.stringify(first.body));
    const { user, token } = first.body;
    t.equal(user.name, 'aziz-k');
    t.equal(user.fullname, 'Karimov Aziz Olimovich');
    t.equal(user.email, 'aziz@example.uz');
    t.equal(user.operator, false, 'not staff of the operator');
    t.equal(user.sysadmin, false);
    const grants = oneid.calls.map((c) => c.grant_type);
    t.same(grants.slice(0, 2), ['one_authorization_code', 'one_access_token_identify']);
    t.equal(oneid.calls[1].scope, 'pasport-uz', 'identify call carries the configured scope');
    t.same(
      await members(user.id),
      [
        { name: 'min-eco', capacity: 'admin', synced_from: 'oneid' },
        { name: 'min-fin', capacity: 'editor', synced_from: 'oneid' },
      ],
      'memberships by external_id, capacity from is_basic; unknown TIN ignored',
    );
    t.same(first.body.memberships.unknown, ['209999999']);
    const row = await s.pasport.services.db
      .selectFrom('user')
      .selectAll()
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    t.match(row.national_id_hash, /^[0-9a-f]{64}$/, 'national id stored as an HMAC');
    t.equal(row.oidc_sub, 'oneid:aziz.k');
    const shown = await s.call('user_show', { id: user.id });
    t.notOk(
      JSON.stringify(shown.body).includes('31234567890123') ||
        JSON.stringify(shown.body).includes(row.national_id_hash!),
      'never returned, even to a sysadmin',
    );
    const orgs = await s.ok('organization_list_for_user', { permission: 'create_dataset' }, token);
    t.same(orgs.map((o: any) => o.name).sort(), ['min-eco', 'min-fin'], 'the token acts with those memberships');
    sessionCookie = first.cookies.find((c: string) => c.startsWith('pasport_session='))!;
    t.match(sessionCookie, /HttpOnly/);
    t.match(sessionCookie, /SameSite=Lax/);
    t.match(sessionCookie, /Path=\//);
    t.notMatch(sessionCookie, /Secure/, 'not Secure on a plain-http site');
    sessionCookie = sessionCookie.split(';')[0];
  });

  await t.test('replayed and tampered answers are refused', async (t) => {
    const replay = await back(first.to, first.cookie);
    t.equal(replay.status, 403);
    t.match(replay.body.error.message, /already used/);
    (s.pasport.services.extensions.oidc as any).get('oneid').browser.used = new UsedStates();
    const code = await back(first.to, first.cookie);
    t.equal(code.status, 400, 'another instance: the provider refuses the used code');
    t.match(code.body.error.message, /invalid_grant/);
    const { location, cookie } = await begin();
    const to = new URL(await atOneId(location, 'aziz'));
    to.searchParams.set('state', `${to.searchParams.get('state')}x`);
    const tampered = await back(to.href, cookie);
    t.equal(tampered.status, 403);
    t.match(tampered.body.error.message, /state does not match/);
    to.searchParams.set('state', location.searchParams.get('state')!);
    to.searchParams.set('code', 'forged-code');
    const forged = await back(to.href, cookie);
    t.equal(forged.status, 400);
    t.match(forged.body.error.message, /invalid_grant/);
  });

  await t.test('the session cookie: reads anywhere, writes only from a trusted origin', async (t) => {
    const me = await fetch(`${s.url}/api/3/action/user_show?id=aziz-k`, { headers: { cookie: sessionCookie } });
    t.equal(((await me.json()) as any).result.email, 'aziz@example.uz', 'the cookie identifies the user');
    const write = (origin: string | null) =>
      fetch(`${s.url}/api/3/action/user_update`, {
        method: 'POST',
        headers: { cookie: sessionCookie, 'content-type': 'application/json', ...(origin ? { origin } : {}) },
        body: JSON.stringify({ id: 'aziz-k', fullname: 'Changed by the portal', email: 'aziz@example.uz' }),
      });
    t.equal((await write('https://evil.example')).status, 403, 'cross-site write refused');
    t.equal((await write(null)).status, 403, 'a write without Origin or Referer refused');
    t.equal((await write(s.url)).status, 200, 'same-origin write passes');
    const forged = sessionCookie.replace(/~.*/, '~AAAA');
    const r = await fetch(`${s.url}/api/3/action/user_show?id=aziz-k`, { headers: { cookie: forged } });
    t.notOk(((await r.json()) as any).result.email, 'a cookie with a bad signature is anonymous');
  });

  await t.test('the next sign-in updates memberships and roles', async (t) => {
    const userId = first.body.user.id;
    // A membership made by hand is never touched by a sign-in.
    await s.ok('organization_member_create', { id: 'stat', username: 'aziz-k', role: 'member' });
    oneid.people.aziz.legal_info = [
      { le_tin: '201111111', is_basic: false },
      { le_tin: OPERATOR_TIN, is_basic: false },
    ];
    const again = await signIn('aziz');
    t.equal(again.status, 200);
    t.equal(again.body.user.id, userId, 'same person');
    t.equal(again.body.user.operator, true, 'staff of the operator organization: operator');
    t.same(
      await members(userId),
      [
        { name: 'min-eco', capacity: 'editor', synced_from: 'oneid' },
        { name: 'operator-org', capacity: 'editor', synced_from: 'oneid' },
        { name: 'stat', capacity: 'member', synced_from: null },
      ],
      'capacity changed, membership gone, new one added, hand-made kept',
    );
    t.same(again.body.memberships, {
      added: ['operator-org'],
      changed: ['min-eco'],
      removed: ['min-fin'],
      unknown: [],
    });
    oneid.people.aziz.legal_info = [];
    const third = await signIn('aziz');
    t.equal(third.body.user.operator, false, 'the role goes with the claim');
    t.same(
      (await members(userId)).map((m) => m.name),
      ['stat'],
    );
  });

  await t.test('logout ends the session here and at OneID', async (t) => {
    const signed = await signIn('aziz');
    const cookies = signed.cookies.map((c: string) => c.split(';')[0]);
    const session = cookies.find((c: string) => c.startsWith('pasport_session='))!;
    const idp = cookies.find((c: string) => c.startsWith('pasport_idp='))!;
    const res = await fetch(`${s.url}/auth/oneid/logout`, {
      redirect: 'manual',
      headers: { cookie: `${session}; ${idp}` },
    });
    t.equal(res.status, 302);
    t.equal(res.headers.get('location'), `${s.url}/`);
    t.match(res.headers.getSetCookie().join('\n'), /pasport_session=;.*Max-Age=0/, 'cookie cleared');
    t.same(oneid.loggedOut, ['aziz'], 'one_log_out sent with the access token');
    t.equal(oneid.calls.at(-1)!.grant_type, 'one_log_out');
    const after = await fetch(`${s.url}/api/3/action/user_show?id=aziz-k`, { headers: { cookie: session } });
    t.notOk(((await after.json()) as any).result.email, 'the old cookie is anonymous now');
    t.equal((await s.call('api_token_list', {}, { token: signed.body.token })).status, 403, 'its token is revoked');
    const providers = await (await fetch(`${s.url}/auth/providers`)).json();
    t.same(providers, [{ name: 'oneid', title: 'OneID', login: '/auth/oneid/login', logout: '/auth/oneid/logout' }]);
  });
});
