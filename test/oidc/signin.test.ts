// The whole authorization-code flow against a real OpenID Provider (oidc-provider) on loopback: the
// browser is played by fetch with manual redirects and a cookie jar per host.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { startServer } from '../helpers/server.ts';
import { Jar, unescape } from '../helpers/oidc-browser.ts';
import { UsedStates } from '../../src/oidc/state.ts';

interface Account {
  preferred_username?: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
}
const accounts: Record<string, Account> = {
  'sub-ivan': {
    preferred_username: 'Ivan.Petrov',
    email: 'ivan@example.uz',
    email_verified: true,
    name: 'Ivan Petrov',
  },
  'sub-fake-admin': {
    preferred_username: 'admin',
    email: 'admin@example.org',
    email_verified: false,
    name: 'Not the admin',
  },
  'sub-cyrillic': { preferred_username: 'Жанна', name: 'Жанна Ким' },
};

t.test('OpenID Connect sign-in', async (t) => {
  // The provider's port must be known before Pasport starts (OIDC_ISSUER), and Pasport's before the
  // provider's client is registered (redirect_uris): listen first, attach the provider afterwards.
  let handler: http.RequestListener = (_req, res) => {
    res.statusCode = 503;
    res.end();
  };
  const opServer = http.createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => opServer.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => opServer.close(() => resolve())));
  const issuer = `http://127.0.0.1:${(opServer.address() as AddressInfo).port}`;

  const s = await startServer(t, {
    env: { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: 'pasport', OIDC_CLIENT_SECRET: 'pasport-test-secret' },
  });
  const redirectUri = `${s.url}/auth/oidc/callback`;

  const { default: Provider } = await import('oidc-provider' as string);
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'pasport',
        client_secret: 'pasport-test-secret',
        redirect_uris: [redirectUri],
        response_types: ['code'],
        grant_types: ['authorization_code'],
      },
    ],
    async findAccount(_ctx: unknown, sub: string) {
      const a = accounts[sub];
      return a ? { accountId: sub, claims: async () => ({ sub, ...a }) } : undefined;
    },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'preferred_username'] },
    cookies: { keys: ['oidc-test-cookie-key'] },
    features: { devInteractions: { enabled: true } },
  });
  handler = provider.callback();

  /** GET /auth/oidc/login; returns the provider URL and Pasport's sign-in cookie. */
  async function startLogin() {
    const res = await fetch(`${s.url}/auth/oidc/login`, { redirect: 'manual' });
    t.equal(res.status, 302, 'login redirects');
    const jar = new Jar();
    jar.store(res);
    return {
      location: res.headers.get('location')!,
      setCookie: res.headers.getSetCookie().join('\n'),
      cookie: jar.get('pasport_oidc')!,
    };
  }

  /** Plays the browser at the provider: follows redirects, fills the login and consent forms, and
   * stops at the redirect back to Pasport. `abort` takes the "cancel" link instead of signing in. */
  async function atProvider(location: string, login: string, opts: { abort?: boolean } = {}) {
    const jar = new Jar();
    let url = location;
    let init: RequestInit = {};
    for (let i = 0; i < 20; i++) {
      if (url.startsWith(s.url)) return url;
      const res = await fetch(url, {
        ...init,
        redirect: 'manual',
        headers: { ...(init.headers as Record<string, string>), cookie: jar.header() },
      });
      jar.store(res);
      init = {};
      if (res.status >= 300 && res.status < 400) {
        url = new URL(res.headers.get('location')!, url).href;
        continue;
      }
      const html = await res.text();
      if (res.status !== 200) throw new Error(`provider said ${res.status}: ${html.slice(0, 300)}`);
      if (opts.abort) {
        const abort = /href="([^"]*\/abort)"/.exec(html);
        if (!abort) throw new Error('no abort link');
        url = new URL(unescape(abort[1]), url).href;
        continue;
      }
      const action = /<form[^>]*action="([^"]+)"/.exec(html);
      const prompt = /name="prompt" value="(\w+)"/.exec(html);
      if (!action || !prompt) throw new Error(`no form in ${html.slice(0, 300)}`);
      const body = new URLSearchParams({
        prompt: prompt[1],
        ...(prompt[1] === 'login' ? { login, password: 'any' } : {}),
      });
      url = new URL(unescape(action[1]), url).href;
      init = {
        method: 'POST',
        body: body.toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      };
    }
    throw new Error('too many redirects at the provider');
  }

  const callback = async (url: string, cookie: string | null) => {
    const res = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie: `pasport_oidc=${cookie}` } : {} });
    const text = await res.text();
    let body: any;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    return { status: res.status, body, headers: res.headers };
  };

  async function signIn(login: string) {
    const { location, cookie } = await startLogin();
    const back = await atProvider(location, login);
    return { back, cookie, result: await callback(back, cookie) };
  }

  let first: { back: string; cookie: string };
  let ivanId = '';

  await t.test('login redirect: PKCE, state, nonce, sealed cookie', async (t) => {
    const { location, setCookie, cookie } = await startLogin();
    const u = new URL(location);
    t.equal(u.origin, issuer);
    t.equal(u.searchParams.get('client_id'), 'pasport');
    t.equal(u.searchParams.get('redirect_uri'), redirectUri);
    t.equal(u.searchParams.get('response_type'), 'code');
    t.same(u.searchParams.get('scope')!.split(' ').sort(), ['email', 'openid', 'profile']);
    t.equal(u.searchParams.get('code_challenge_method'), 'S256');
    t.match(u.searchParams.get('code_challenge'), /^[\w-]{43}$/);
    t.match(u.searchParams.get('state'), /^[\w-]{20,}$/);
    t.match(u.searchParams.get('nonce'), /^[\w-]{20,}$/);
    t.match(setCookie, /HttpOnly/);
    t.match(setCookie, /SameSite=Lax/);
    t.match(setCookie, /Path=\/auth\/oidc/);
    t.notOk(cookie.includes(u.searchParams.get('state')!), 'state is not readable in the cookie');
    const again = await startLogin();
    t.not(new URL(again.location).searchParams.get('state'), u.searchParams.get('state'), 'fresh state per login');
  });

  await t.test('full sign-in creates the user and returns a working token', async (t) => {
    const { back, cookie, result } = await signIn('sub-ivan');
    first = { back, cookie };
    t.equal(result.status, 200, JSON.stringify(result.body));
    t.equal(result.headers.get('cache-control'), 'no-store');
    t.match(result.headers.get('set-cookie'), /pasport_oidc=;.*Max-Age=0/, 'sign-in cookie cleared');
    const { user, token } = result.body;
    t.equal(user.name, 'ivan-petrov', 'name from preferred_username, made valid');
    t.equal(user.fullname, 'Ivan Petrov');
    t.equal(user.email, 'ivan@example.uz', 'the user sees their own email');
    t.equal(user.sysadmin, false);
    t.equal(user.operator, false);
    ivanId = user.id;
    const row = await s.pasport.services.db
      .selectFrom('user')
      .selectAll()
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    t.equal(row.oidc_sub, 'sub-ivan');

    const me = await s.ok('user_show', {}, token);
    t.equal(me.id, user.id);
    t.equal(me.email, 'ivan@example.uz');
    const list = await s.ok('api_token_list', {}, token);
    t.equal(list.length, 1);
    t.equal(list[0].name, 'oidc sign-in');
    const ms = new Date(list[0].expires_at + 'Z').getTime() - Date.now();
    t.ok(ms > 8 * 3600e3 - 120e3 && ms <= 8 * 3600e3, 'expires after OIDC_TOKEN_TTL (default 8 h)');
    t.equal(result.body.expires_at, list[0].expires_at);
    // Unprivileged: the new account cannot do operator things.
    t.equal((await s.call('user_create', { name: 'x1', email: 'x1@example.org' }, { token })).status, 403);
  });

  await t.test('replaying the callback is refused', async (t) => {
    const r = await callback(first.back, first.cookie);
    t.equal(r.status, 403);
    t.same(r.body, {
      success: false,
      error: { __type: 'Authorization Error', message: 'Access denied: This sign-in response was already used' },
    });
  });

  await t.test('a reused code is refused by the provider', async (t) => {
    // Another instance (same OIDC_STATE_SECRET) that never saw the first callback: only the provider's
    // single-use codes stop the replay there.
    ((s.pasport.services.extensions.oidc as any).get('oidc').browser as any).used = new UsedStates();
    const r = await callback(first.back, first.cookie);
    t.equal(r.status, 400, JSON.stringify(r.body));
    t.equal(r.body.success, false);
    t.match(r.body.error.message, /invalid_grant/);
    // The old code with a new, valid sign-in session: PKCE and the code's single use both fail it.
    const fresh = await startLogin();
    const old = new URL(first.back);
    old.searchParams.set('state', new URL(fresh.location).searchParams.get('state')!);
    const r2 = await callback(old.href, fresh.cookie);
    t.equal(r2.status, 400);
    t.match(r2.body.error.message, /invalid_grant/);
  });

  await t.test('signing in again finds the same user by subject', async (t) => {
    accounts['sub-ivan'].name = 'Ivan P. Petrov';
    const { result } = await signIn('sub-ivan');
    t.equal(result.status, 200);
    t.equal(result.body.user.id, ivanId);
    t.equal(result.body.user.name, 'ivan-petrov');
    t.equal(result.body.user.fullname, 'Ivan P. Petrov', 'profile refreshed');
    t.equal((await s.ok('api_token_list', {}, result.body.token)).length, 2, 'one token per sign-in');
    await s.pasport.services.db
      .updateTable('api_token')
      .set({ expires_at: '2000-01-01T00:00:00' })
      .where('user_id', '=', ivanId)
      .execute();
    s.pasport.services.tokenCache.clear();
    const third = await signIn('sub-ivan');
    t.equal(third.result.status, 200);
    t.equal((await s.ok('api_token_list', {}, third.result.body.token)).length, 1, 'expired sign-in tokens are pruned');
  });

  await t.test('names are derived safely and never take over accounts', async (t) => {
    const { result } = await signIn('sub-fake-admin');
    t.equal(result.status, 200);
    t.not(result.body.user.id, s.sysadmin.id);
    t.equal(result.body.user.name, 'admin-2', 'a taken name gets a suffix');
    t.equal(result.body.user.sysadmin, false);
    t.equal(result.body.user.email, null, 'unverified email is not kept');
    const admin = await s.ok('user_show', { id: 'admin' });
    t.equal(admin.email, 'admin@example.org', 'the real admin is untouched');
    const cyr = await signIn('sub-cyrillic');
    t.equal(cyr.result.status, 200);
    t.match(cyr.result.body.user.name, /^user-[0-9a-f]{10}$/, 'no usable ascii: neutral name');
    t.equal(cyr.result.body.user.fullname, 'Жанна Ким');
  });

  await t.test('a disabled account cannot sign in', async (t) => {
    await s.ok('user_update', { id: ivanId, state: 'deleted' });
    const { result } = await signIn('sub-ivan');
    t.equal(result.status, 403);
    t.equal(result.body.error.__type, 'Authorization Error');
    await s.ok('user_update', { id: ivanId, state: 'active' });
  });

  await t.test('tampered state, cookie, missing cookie', async (t) => {
    const { location, cookie } = await startLogin();
    const back = await atProvider(location, 'sub-ivan');
    const tampered = new URL(back);
    tampered.searchParams.set(
      'state',
      tampered.searchParams.get('state')!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')),
    );
    let r = await callback(tampered.href, cookie);
    t.equal(r.status, 403);
    t.equal(r.body.error.message, 'Access denied: Sign-in state does not match');
    const forged = cookie.slice(0, 20) + (cookie[20] === 'A' ? 'B' : 'A') + cookie.slice(21);
    r = await callback(back, forged);
    t.equal(r.status, 403);
    t.match(r.body.error.message, /missing or expired/);
    r = await callback(back, null);
    t.equal(r.status, 403);
    t.match(r.body.error.message, /missing or expired/);
    r = await callback(`${s.url}/auth/oidc/callback`, cookie);
    t.equal(r.status, 403, 'no state at all');
    // The untampered response still works: failed attempts did not burn it.
    r = await callback(back, cookie);
    t.equal(r.status, 200);
  });

  await t.test('provider errors', async (t) => {
    // The user cancels at the provider: it comes back with error=access_denied.
    const { location, cookie } = await startLogin();
    const back = await atProvider(location, 'sub-ivan', { abort: true });
    t.equal(new URL(back).searchParams.get('error'), 'access_denied');
    let r = await callback(back, cookie);
    t.equal(r.status, 403);
    t.match(r.body.error.message, /refused the sign-in: access_denied/);
    // A response with the right state but neither code nor error.
    const l2 = await startLogin();
    r = await callback(`${redirectUri}?state=${new URL(l2.location).searchParams.get('state')}`, l2.cookie);
    t.equal(r.status, 400);
    t.equal(r.body.error.__type, 'Sign-in Error');
    // A code the provider never issued.
    const l3 = await startLogin();
    r = await callback(
      `${redirectUri}?code=made-up&state=${new URL(l3.location).searchParams.get('state')}&iss=${encodeURIComponent(issuer)}`,
      l3.cookie,
    );
    t.equal(r.status, 400);
    t.match(r.body.error.message, /invalid_grant/);
  });
});
