import t from 'tap';
import { sql } from 'kysely';
import { startServer } from '../helpers/server.ts';
import { TokenCache } from '../../src/auth/token-cache.ts';

t.test('API tokens', async (t) => {
  const s = await startServer(t);
  const alice = await s.user('alice');
  const bob = await s.user('bob');
  const db = s.pasport.services.db;

  const raw = async (headers: Record<string, string>, action = 'user_show') => {
    const res = await fetch(`${s.url}/api/3/action/${action}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: '{}',
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  await t.test('api_token_create', async (t) => {
    const r = await s.call('api_token_create', { user: 'alice', name: 'laptop' }, { token: alice.token });
    t.equal(r.status, 200);
    t.same(Object.keys(r.body.result), ['token']);
    const token = r.body.result.token as string;
    t.match(token, /^[\w-]+\.[\w-]+\.[\w-]+$/, 'looks like a JWT');
    t.equal((await s.ok('user_show', {}, token)).name, 'alice');
    // by id, and by a sysadmin for someone else
    t.ok((await s.ok('api_token_create', { user: alice.id, name: 'by-id' }, alice.token)).token);
    t.ok((await s.ok('api_token_create', { user: 'alice', name: 'by-admin' })).token);

    let e = await s.call('api_token_create', { user: 'alice', name: 'x' }, { token: bob.token });
    t.equal(e.status, 403, 'not for another user');
    t.equal(e.body.error.__type, 'Authorization Error');
    e = await s.call('api_token_create', { user: 'alice', name: 'x' }, { token: null });
    t.equal(e.status, 403, 'not for anonymous');
    e = await s.call('api_token_create', { user: 'nobody', name: 'x' }, { token: bob.token });
    t.equal(e.status, 404);
    t.same(e.body.error, { __type: 'Not Found Error', message: 'Not found: User not found' });
    e = await s.call('api_token_create', { user: 'nobody', name: 'x' });
    t.equal(e.status, 404);
    t.equal(e.body.error.message, 'Not found: User not found');
    e = await s.call('api_token_create', { user: 'alice' }, { token: alice.token });
    t.equal(e.status, 409);
    t.same(e.body.error.name, ['Missing value']);
    e = await s.call('api_token_create', { user: 'alice', name: 'x', expires_in: 0 }, { token: alice.token });
    t.equal(e.status, 409);
    e = await s.call(
      'api_token_create',
      { user: 'alice', name: 'x', expires_in: 100, unit: 31536000 },
      { token: alice.token },
    );
    t.equal(e.status, 409, 'absurd lifetimes are refused');
  });

  await t.test('tokens are stored hashed', async (t) => {
    const { token } = await s.ok('api_token_create', { user: 'alice', name: 'secret-check' }, alice.token);
    const dump = await sql<{ t: string }>`SELECT row_to_json(a)::text AS t FROM api_token a`.execute(db);
    t.ok(dump.rows.length >= 4);
    for (const row of dump.rows) {
      t.notOk(row.t.includes(token), 'raw token not in the table');
      t.notOk(row.t.includes(token.split('.')[2]), 'nor its secret part');
    }
    const listed = await s.call('api_token_list', { user_id: 'alice' }, { token: alice.token, get: true });
    t.notOk(JSON.stringify(listed.body).includes(token.split('.')[2]));
  });

  await t.test('both headers, Bearer tolerated', async (t) => {
    const { token } = await s.ok('api_token_create', { user: 'alice', name: 'headers' }, alice.token);
    t.equal((await raw({ Authorization: token })).body.result.name, 'alice', 'Authorization raw');
    t.equal((await raw({ Authorization: `Bearer ${token}` })).body.result.name, 'alice', 'Bearer prefix');
    t.equal((await raw({ 'X-CKAN-API-Key': token })).body.result.name, 'alice', 'X-CKAN-API-Key');
  });

  await t.test('unknown tokens run as anonymous', async (t) => {
    const forged = alice.token.slice(0, -4) + 'AAAA';
    const variants: Record<string, string>[] = [
      { Authorization: 'garbage' },
      { Authorization: forged },
      { 'X-CKAN-API-Key': 'nope.nope.nope' },
    ];
    for (const headers of variants) {
      let r = await raw(headers);
      t.equal(r.status, 404, 'user_show without id as anonymous');
      r = await raw(headers, 'package_create');
      t.equal(r.status, 403);
      t.equal(r.body.error.message, 'Access denied: User  not authorized to create packages');
    }
  });

  await t.test('expired tokens are anonymous', async (t) => {
    const { token } = await s.ok(
      'api_token_create',
      { user: 'alice', name: 'short', expires_in: 1, unit: 1 },
      alice.token,
    );
    t.equal((await s.ok('user_show', {}, token)).name, 'alice', 'works before expiry');
    const list = await s.ok('api_token_list', {}, alice.token);
    const entry = list.find((x: any) => x.name === 'short');
    t.ok(entry.expires_at, 'expiry is listed');
    await new Promise((r) => setTimeout(r, 1300));
    const r = await s.call('user_show', {}, { token, get: true });
    t.equal(r.status, 404, 'expired token is anonymous');
    const days = await s.ok(
      'api_token_create',
      { user: 'alice', name: 'days', expires_in: 2, unit: 86400 },
      alice.token,
    );
    const d = (await s.ok('api_token_list', {}, alice.token)).find((x: any) => x.name === 'days');
    const ms = new Date(d.expires_at + 'Z').getTime() - Date.now();
    t.ok(ms > 2 * 86400e3 - 60e3 && ms <= 2 * 86400e3, 'expires_in * unit seconds');
    t.ok(days.token);
    // Expired in the database directly, and already cached as valid: still refused once expired.
    const { token: t2 } = await s.ok('api_token_create', { user: 'alice', name: 'db-expired' }, alice.token);
    await s.ok('user_show', {}, t2);
    await db
      .updateTable('api_token')
      .set({ expires_at: '2000-01-01T00:00:00' })
      .where('name', '=', 'db-expired')
      .execute();
    s.pasport.services.tokenCache.clear();
    t.equal((await s.call('user_show', {}, { token: t2, get: true })).status, 404);
  });

  await t.test('api_token_list', async (t) => {
    const list = await s.ok('api_token_list', { user_id: 'alice' }, alice.token);
    t.ok(list.length >= 5);
    for (const x of list) {
      // CKAN's keys, and the token's scopes (src/auth/scopes.ts).
      t.same(Object.keys(x).sort(), ['created', 'expires_at', 'id', 'last_access', 'name', 'scope', 'user_id']);
      t.equal(x.user_id, alice.id);
    }
    t.same(
      (await s.ok('api_token_list', { user: 'alice' })).map((x: any) => x.id),
      list.map((x: any) => x.id),
      'sysadmin, `user` alias',
    );
    t.same(
      (await s.ok('api_token_list', {}, alice.token)).map((x: any) => x.id),
      list.map((x: any) => x.id),
      'defaults to the caller',
    );
    let r = await s.call('api_token_list', { user_id: 'alice' }, { token: bob.token, get: true });
    t.equal(r.status, 403);
    r = await s.call('api_token_list', { user_id: 'alice' }, { token: null, get: true });
    t.equal(r.status, 403);
    r = await s.call('api_token_list', { user_id: 'ghost' }, { token: bob.token, get: true });
    t.equal(r.status, 404);
  });

  await t.test('api_token_revoke stops a token at once', async (t) => {
    const { token } = await s.ok('api_token_create', { user: 'alice', name: 'to-revoke' }, alice.token);
    // Warm the token cache, then revoke by the token itself.
    t.equal((await s.ok('user_show', {}, token)).name, 'alice');
    t.equal((await s.ok('user_show', {}, token)).name, 'alice');
    let r = await s.call('api_token_revoke', { token }, { token: bob.token });
    t.equal(r.status, 403, 'not someone else’s token');
    t.equal((await s.ok('user_show', {}, token)).name, 'alice', 'still valid after a refused revoke');
    t.equal(await s.ok('api_token_revoke', { token }, alice.token), null);
    r = await s.call('user_show', {}, { token, get: true });
    t.equal(r.status, 404, 'revoked token is anonymous immediately');
    r = await s.call('package_create', { name: 'x' }, { token });
    t.equal(r.body.error.message, 'Access denied: User  not authorized to create packages');
    t.notOk(
      (await s.ok('api_token_list', {}, alice.token)).some((x: any) => x.name === 'to-revoke'),
      'not listed any more',
    );

    // By jti (the id api_token_list shows), a token revoking itself, and by a sysadmin.
    const { token: t2 } = await s.ok('api_token_create', { user: 'alice', name: 'by-jti' }, alice.token);
    await s.ok('user_show', {}, t2);
    const jti = (await s.ok('api_token_list', {}, alice.token)).find((x: any) => x.name === 'by-jti').id;
    t.equal(JSON.parse(Buffer.from(t2.split('.')[1], 'base64url').toString()).jti, jti, 'jti is the token id');
    r = await s.call('api_token_revoke', { jti }, { token: bob.token });
    t.equal(r.status, 403);
    await s.ok('api_token_revoke', { jti }, t2);
    t.equal((await s.call('user_show', {}, { token: t2, get: true })).status, 404);
    const { token: t3 } = await s.ok('api_token_create', { user: 'bob', name: 'admin-revokes' }, bob.token);
    await s.ok('api_token_revoke', { token: `Bearer ${t3}` });
    t.equal((await s.call('user_show', {}, { token: t3, get: true })).status, 404);

    r = await s.call('api_token_revoke', {}, { token: alice.token });
    t.equal(r.status, 409);
    t.same(r.body.error.token, ['Missing value']);
    r = await s.call('api_token_revoke', { jti: '00000000-0000-4000-8000-000000000000' }, { token: alice.token });
    t.equal(r.status, 404);
    r = await s.call('api_token_revoke', { jti: 'not-a-uuid' }, { token: alice.token });
    t.equal(r.status, 404);
    r = await s.call('api_token_revoke', { token: 'made.up.token' }, { token: alice.token });
    t.equal(r.status, 404);
    r = await s.call('api_token_revoke', { jti }, { token: null });
    t.equal(r.status, 403);
    t.equal(
      (await s.call('api_token_revoke', { jti }, { token: alice.token })).status,
      200,
      'revoking twice is harmless',
    );
    t.equal((await s.ok('user_show', {}, alice.token)).name, 'alice', 'other tokens unaffected');
  });
});

t.test('a token not yet cached is read once, however many requests bring it at the same time', async (t) => {
  const cache = new TokenCache();
  const alice = { id: 'a', name: 'alice', sysadmin: false, operator: false, scopes: null, tokenId: 't' };
  let reads = 0;
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const read = async () => {
    reads++;
    await gate;
    return { user: alice, expiresAt: null };
  };
  const all = Promise.all(Array.from({ length: 32 }, () => cache.lookup('h', read)));
  release();
  t.same(
    (await all).map((u) => u?.name),
    Array(32).fill('alice'),
  );
  t.equal(reads, 1, 'one read for 32 concurrent requests');
  t.equal((await cache.lookup('h', read))?.name, 'alice');
  t.equal(reads, 1, 'then served from the cache');

  // A revoke (clear) while a read is under way: that read's answer is neither cached nor shared.
  cache.clear();
  let late!: () => void;
  const slow = new Promise<void>((r) => (late = r));
  const first = cache.lookup('h', async () => {
    reads++;
    await slow;
    return { user: alice, expiresAt: null };
  });
  cache.clear();
  const second = cache.lookup('h', async () => {
    reads++;
    return { user: null, expiresAt: null };
  });
  late();
  t.equal((await first)?.name, 'alice', 'the request that began before the revoke');
  t.equal(await second, null, 'a request after the revoke reads again and sees it');
  t.equal(await cache.lookup('h', read), null, 'and what it read is what is cached');
  t.equal(reads, 3);
});
