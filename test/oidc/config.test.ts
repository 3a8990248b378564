import net from 'node:net';
import t from 'tap';
import { startServer } from '../helpers/server.ts';
import { loadOidcConfig, parseDuration } from '../../src/oidc/config.ts';
import { nameFromClaims } from '../../src/oidc/users.ts';
import { StateSealer } from '../../src/oidc/state.ts';

t.test('configuration', async (t) => {
  t.equal(loadOidcConfig({}), null, 'no issuer: sign-in off');
  const c = loadOidcConfig({ OIDC_ISSUER: 'https://sso.egov.uz', OIDC_CLIENT_ID: 'pasport' })!;
  t.equal(c.scopes, 'openid profile email');
  t.equal(c.tokenTtlSeconds, 8 * 3600);
  t.equal(c.redirectUri, null, 'derived from SITE_URL when unset');
  t.equal(c.clientSecret, null);
  t.equal(
    loadOidcConfig({ OIDC_ISSUER: 'https://x.uz', OIDC_CLIENT_ID: 'a', OIDC_SCOPES: 'profile,pinfl' })!.scopes,
    'openid profile pinfl',
    'openid always asked',
  );
  t.equal(
    loadOidcConfig({ OIDC_ISSUER: 'https://x.uz', OIDC_CLIENT_ID: 'a', OIDC_TOKEN_TTL: '30m' })!.tokenTtlSeconds,
    1800,
  );
  t.throws(
    () => loadOidcConfig({ OIDC_ISSUER: 'http://sso.example.uz', OIDC_CLIENT_ID: 'a' }),
    /https/,
    'plain http only on loopback',
  );
  t.ok(loadOidcConfig({ OIDC_ISSUER: 'http://127.0.0.1:9999', OIDC_CLIENT_ID: 'a' }));
  t.throws(() => loadOidcConfig({ OIDC_ISSUER: 'https://x.uz' }), /OIDC_CLIENT_ID/);
  t.throws(() => loadOidcConfig({ OIDC_ISSUER: 'not a url', OIDC_CLIENT_ID: 'a' }), /not a URL/);
  t.throws(
    () => loadOidcConfig({ OIDC_ISSUER: 'https://x.uz', OIDC_CLIENT_ID: 'a', OIDC_TOKEN_TTL: 'forever' }),
    /duration/,
  );
  t.same(['3600', '90s', '30m', '8h', '7d', '0', 'x'].map(parseDuration), [3600, 90, 1800, 28800, 604800, null, null]);
});

t.test('user names from claims', async (t) => {
  t.equal(nameFromClaims({ sub: 's', preferred_username: 'Ivan.Petrov' }), 'ivan-petrov');
  t.equal(nameFromClaims({ sub: 's', email: 'Olga_K@mail.uz' }), 'olga_k');
  t.equal(nameFromClaims({ sub: 's', preferred_username: 'José Núñez' }), 'jose-nunez');
  t.equal(nameFromClaims({ sub: 's', preferred_username: '../../etc' }), 'etc');
  t.match(nameFromClaims({ sub: 's', preferred_username: 'Жанна' }), /^user-[0-9a-f]{10}$/);
  t.match(nameFromClaims({ sub: 's', preferred_username: 'new' }), /^user-/, 'reserved names avoided');
  t.match(nameFromClaims({ sub: 's' }), /^user-/);
  t.ok(nameFromClaims({ sub: 's', preferred_username: 'a'.repeat(300) }).length <= 90);
});

t.test('sealed sign-in state', async (t) => {
  const a = new StateSealer('k1');
  const sealed = a.seal({ state: 's', nonce: 'n', verifier: 'v', expires: Date.now() + 1000 });
  t.match(a.open(sealed), { state: 's', nonce: 'n', verifier: 'v' });
  t.equal(new StateSealer('k2').open(sealed), null, 'another key');
  t.equal(a.open(sealed, Date.now() + 2000), null, 'expired');
  t.equal(a.open(sealed.slice(0, -2)), null, 'truncated');
  t.equal(a.open('garbage'), null);
  t.equal(a.open(undefined), null);
});

t.test('routes', async (t) => {
  await t.test('without OIDC_ISSUER nothing is registered', async (t) => {
    const s = await startServer(t);
    for (const p of ['/auth/oidc/login', '/auth/oidc/callback']) {
      const r = await fetch(`${s.url}${p}`, { redirect: 'manual' });
      t.equal(r.status, 404, p);
    }
    t.notOk('oidc' in s.pasport.services.extensions);
  });

  await t.test('a provider that is down gives 503, not 500', async (t) => {
    // A loopback port nobody listens on.
    const port = await new Promise<number>((resolve) => {
      const srv = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as net.AddressInfo).port;
        srv.close(() => resolve(p));
      });
    });
    const s = await startServer(t, { env: { OIDC_ISSUER: `http://127.0.0.1:${port}`, OIDC_CLIENT_ID: 'pasport' } });
    const r = await fetch(`${s.url}/auth/oidc/login`, { redirect: 'manual' });
    t.equal(r.status, 503);
    const body = (await r.json()) as any;
    t.equal(body.success, false);
    t.equal(body.error.__type, 'Service Unavailable');
    t.ok(r.headers.get('retry-after'));
    const cb = await fetch(`${s.url}/auth/oidc/callback?code=x&state=y`, { redirect: 'manual' });
    t.equal(cb.status, 403, 'callback without a sign-in session');
  });
});
