// Starts the real Pasport server on a loopback port against a real database, and speaks HTTP to it.
import { settleBackground } from './settle.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { buildApp, type Pasport } from '../../src/app.ts';
import { ensureUser, createToken } from '../../src/auth/users.ts';
import fs from 'node:fs';
import { ADMIN_URL, freshDatabase, tempDir } from './db.ts';
import { templateDatabase, templateDataDir } from './templates.ts';
import { freePort } from './port.ts';
import type { Clock } from '../../src/clock.ts';

export interface TestServer {
  url: string;
  pasport: Pasport;
  config: Config;
  sysadmin: { id: string; name: string; token: string };
  /** POST (or GET with opts.get) an action; returns status and parsed body. */
  call(
    action: string,
    data?: Record<string, unknown>,
    opts?: { token?: string | null; get?: boolean },
  ): Promise<{ status: number; body: any }>;
  /** Calls an action and returns its result, failing loudly on an error envelope. */
  ok<T = any>(action: string, data?: Record<string, unknown>, token?: string | null): Promise<T>;
  user(
    name: string,
    opts?: { sysadmin?: boolean; operator?: boolean },
  ): Promise<{ id: string; name: string; token: string }>;
  /** Waits until every outbox consumer (search index, SPARQL store) has applied all writes so far. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

interface Teardown {
  teardown(fn: () => unknown): void;
}

export async function startServer(
  t: Teardown,
  opts: { embedded?: boolean; env?: Record<string, string>; config?: Partial<Config>; clock?: Clock } = {},
): Promise<TestServer> {
  let cleanup: () => Promise<void> | void;
  // Most fixtures create bare CKAN datasets (a name, maybe a title): the passport's mandatory languages
  // are tested where a test sets PASPORT_REQUIRED_LANGUAGES ('' gives the deployment default).
  // No SPARQL snapshot file unless a test asks for one: servers on PostgreSQL have no data directory of
  // their own, and parallel test files would share ./data. Rate limits are off unless a test turns them on:
  // suites make bursts from one loopback address. No link checks unless a test asks: fixtures' resource
  // URLs name hosts off this machine, and tests reach loopback only.
  let env: Record<string, string> = {
    LOG_LEVEL: 'warn',
    PASPORT_REQUIRED_LANGUAGES: 'none',
    SPARQL_SNAPSHOT: 'off',
    PASPORT_RATE_LIMIT: 'off',
    PASPORT_LINK_CHECK: 'false',
    ...opts.env,
  };
  if (opts.embedded) {
    const tmp = tempDir();
    fs.cpSync(await templateDataDir(), tmp.dir, { recursive: true });
    env = { ...env, PASPORT_DATA_DIR: tmp.dir };
    cleanup = tmp.remove;
  } else {
    const db = await freshDatabase(await templateDatabase(ADMIN_URL));
    env = { ...env, DATABASE_URL: db.url };
    cleanup = db.drop;
  }
  // The port is chosen before the app is built, so every URI minted at start-up (help links, RDF
  // IRIs of the SPARQL store) already names the real address.
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const config = loadConfig(
    { ...env, PORT: String(port), HOST: '127.0.0.1', SITE_URL: url } as NodeJS.ProcessEnv,
    opts.config,
  );
  const pasport = await buildApp(config, { logger: { level: env.LOG_LEVEL }, clock: opts.clock });
  await pasport.app.listen({ port, host: '127.0.0.1' });

  const admin = await ensureUser(pasport.services.db, 'admin', { sysadmin: true, email: 'admin@example.org' });
  const { token } = await createToken(pasport.services.db, admin.id, 'tests');

  const call: TestServer['call'] = async (action, data = {}, o = {}) => {
    const headers: Record<string, string> = {};
    const tok = o.token === undefined ? token : o.token;
    if (tok) headers.Authorization = tok;
    let res: Response;
    if (o.get) {
      const qs = new URLSearchParams();
      for (const [k, v] of Object.entries(data)) {
        if (Array.isArray(v)) v.forEach((x) => qs.append(k, typeof x === 'string' ? x : JSON.stringify(x)));
        else qs.append(k, typeof v === 'string' ? v : JSON.stringify(v));
      }
      res = await fetch(`${url}/api/3/action/${action}?${qs}`, { headers });
    } else {
      res = await fetch(`${url}/api/3/action/${action}`, {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/json' },
        body: JSON.stringify(data),
      });
    }
    const text = await res.text();
    let body: any;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    return { status: res.status, body };
  };

  let closed = false;
  const server: TestServer = {
    url,
    pasport,
    config,
    sysadmin: { id: admin.id, name: admin.name, token },
    call,
    async ok(action, data, tok) {
      const r = await call(action, data, { token: tok });
      if (r.status !== 200 || !r.body?.success)
        throw new Error(`${action} failed: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.result;
    },
    async user(name, uo = {}) {
      const u = await ensureUser(pasport.services.db, name, { email: `${name}@example.org`, ...uo });
      const { token: tk } = await createToken(pasport.services.db, u.id, 'tests');
      return { id: u.id, name: u.name, token: tk };
    },
    settle: () => settleBackground(pasport.services),
    async close() {
      if (closed) return;
      closed = true;
      await pasport.close();
      await cleanup();
    },
  };
  t.teardown(() => server.close());
  return server;
}
