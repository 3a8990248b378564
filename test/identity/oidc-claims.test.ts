// A standard OpenID Connect provider (oidc-provider, real HTTP) configured through PASPORT_AUTH_PROVIDERS
// beside a second provider: claims mapped to roles and memberships, the next sign-in updating them, and
// logout through the provider's end_session_endpoint.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { startServer } from '../helpers/server.ts';
import { atProvider } from '../helpers/oidc-browser.ts';

const accounts: Record<string, Record<string, unknown>> = {
  'sub-dina': {
    preferred_username: 'dina',
    name: 'Dina Sultanova',
    email: 'dina@gov.kz',
    email_verified: true,
    iin: '900101300123',
    groups: ['pasport-operators'],
    orgs: [{ bin: '100140000001', head: 'yes' }],
  },
};

t.test('OpenID Connect provider with claim mapping', async (t) => {
  let handler: http.RequestListener = (_req, res) => {
    res.statusCode = 503;
    res.end();
  };
  const op = http.createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => op.listen(0, '127.0.0.1', resolve));
  t.teardown(
    () =>
      new Promise<void>((resolve) => {
        op.closeAllConnections();
        op.close(() => resolve());
      }),
  );
  const issuer = `http://127.0.0.1:${(op.address() as AddressInfo).port}`;
  const providers = [
    {
      name: 'egov',
      type: 'oidc',
      issuer,
      clientId: 'pasport-kz',
      clientSecretEnv: 'EGOV_TEST_SECRET',
      scope: 'openid profile email pasport',
      mapping: {
        nationalId: 'iin',
        roles: { operator: { claim: 'groups[]', values: ['pasport-operators'] } },
        organizations: {
          claim: 'orgs',
          externalId: 'bin',
          capacity: { claim: 'head', values: { yes: 'admin' }, default: 'member' },
        },
      },
    },
    {
      name: 'other',
      type: 'oauth2',
      clientId: 'x',
      authorizationUrl: 'https://id.example.org/a',
      tokenUrl: 'https://id.example.org/t',
    },
  ];
  const s = await startServer(t, {
    env: { PASPORT_AUTH_PROVIDERS: JSON.stringify(providers), EGOV_TEST_SECRET: 'egov-secret' },
  });
  const { default: Provider } = await import('oidc-provider' as string);
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'pasport-kz',
        client_secret: 'egov-secret',
        redirect_uris: [`${s.url}/auth/egov/callback`],
        post_logout_redirect_uris: [`${s.url}/`],
        response_types: ['code'],
        grant_types: ['authorization_code'],
      },
    ],
    async findAccount(_ctx: unknown, sub: string) {
      const a = accounts[sub];
      return a ? { accountId: sub, claims: async () => ({ sub, ...a }) } : undefined;
    },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'preferred_username'],
      pasport: ['iin', 'groups', 'orgs'],
    },
    cookies: { keys: ['oidc-test-cookie-key'] },
    features: { devInteractions: { enabled: true } },
  });
  handler = provider.callback();
  await s.ok('organization_create', { name: 'kz-stat', external_id: '100140000001' });
  await s.ok('organization_create', { name: 'kz-health', external_id: '100140000002' });

  async function signIn(sub: string) {
    const res = await fetch(`${s.url}/auth/egov/login`, { redirect: 'manual' });
    const cookie = res.headers.getSetCookie()[0].split(';')[0];
    const back = await atProvider(res.headers.get('location')!, sub, s.url);
    const cb = await fetch(back, { redirect: 'manual', headers: { cookie } });
    return {
      status: cb.status,
      body: (await cb.json()) as any,
      cookies: cb.headers.getSetCookie().map((c) => c.split(';')[0]),
    };
  }
  const members = async (id: string) =>
    await s.pasport.services.db
      .selectFrom('member')
      .innerJoin('group', 'group.id', 'member.group_id')
      .select(['group.name', 'member.capacity'])
      .where('table_id', '=', id)
      .where('member.state', '=', 'active')
      .orderBy('group.name')
      .execute();

  const first = await signIn('sub-dina');
  t.equal(first.status, 200, JSON.stringify(first.body));
  t.equal(first.body.user.name, 'dina');
  t.equal(first.body.user.operator, true, 'operator from the groups claim');
  t.same(await members(first.body.user.id), [{ name: 'kz-stat', capacity: 'admin' }], 'membership from the orgs claim');
  const row = await s.pasport.services.db
    .selectFrom('user')
    .select(['oidc_sub', 'national_id_hash'])
    .where('id', '=', first.body.user.id)
    .executeTakeFirstOrThrow();
  t.equal(row.oidc_sub, 'egov:sub-dina', 'subjects are per provider');
  t.match(row.national_id_hash, /^[0-9a-f]{64}$/);

  accounts['sub-dina'].groups = [];
  accounts['sub-dina'].orgs = [{ bin: '100140000002', head: 'no' }];
  const second = await signIn('sub-dina');
  t.equal(second.body.user.id, first.body.user.id);
  t.equal(second.body.user.operator, false, 'role removed with the claim');
  t.same(
    await members(first.body.user.id),
    [{ name: 'kz-health', capacity: 'member' }],
    'memberships follow the claims',
  );

  const session = second.cookies.find((c) => c.startsWith('pasport_session='))!;
  const idp = second.cookies.find((c) => c.startsWith('pasport_idp='))!;
  const out = await fetch(`${s.url}/auth/egov/logout`, {
    redirect: 'manual',
    headers: { cookie: `${session}; ${idp}` },
  });
  t.equal(out.status, 302);
  const end = new URL(out.headers.get('location')!);
  t.equal(`${end.origin}${end.pathname}`, `${issuer}/session/end`, "sent to the provider's end_session_endpoint");
  t.ok(end.searchParams.get('id_token_hint'), 'with the ID token as hint');
  t.equal(end.searchParams.get('post_logout_redirect_uri'), `${s.url}/`);
  t.equal(
    (await s.call('api_token_list', {}, { token: second.body.token })).status,
    403,
    'the sign-in token is revoked',
  );

  const list = (await (await fetch(`${s.url}/auth/providers`)).json()) as any[];
  t.same(
    list.map((p) => p.name),
    ['egov', 'other'],
    'several providers at once',
  );
  const other = await fetch(`${s.url}/auth/other/login`, { redirect: 'manual' });
  t.equal(new URL(other.headers.get('location')!).origin, 'https://id.example.org');
  t.equal((await fetch(`${s.url}/auth/nope/login`, { redirect: 'manual' })).status, 404, 'unknown provider');
});
