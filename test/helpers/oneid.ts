// A real HTTP server speaking the OAuth2 variant of Uzbekistan's OneID as public integrations describe
// it: one endpoint, GET with response_type=one_code shows a login form whose POST redirects back with a
// code; POSTed forms with grant_type=one_authorization_code (code -> access token, single use, checked
// against client secret and redirect_uri), one_access_token_identify (access token -> the person) and
// one_log_out (ends the access token). Tests change `people` between sign-ins.
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OneIdPerson {
  [claim: string]: unknown;
}

export interface OneIdServer {
  url: string;
  endpoint: string;
  people: Record<string, OneIdPerson>;
  /** Grants received, in order (what the relying party asked for). */
  calls: { grant_type: string; [k: string]: string }[];
  loggedOut: string[];
  close(): Promise<void>;
}

const PATH = '/sso/oauth/Authorization.do';

async function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export async function startOneId(client: {
  id: string;
  secret: string;
  redirectUri: () => string;
}): Promise<OneIdServer> {
  const codes = new Map<string, { login: string; redirectUri: string; used: boolean }>();
  const tokens = new Map<string, { login: string; active: boolean }>();
  const server: OneIdServer = { url: '', endpoint: '', people: {}, calls: [], loggedOut: [], close: async () => {} };

  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const handler = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', server.url);
    if (url.pathname === PATH && req.method === 'GET') {
      const q = url.searchParams;
      if (
        q.get('response_type') !== 'one_code' ||
        q.get('client_id') !== client.id ||
        q.get('redirect_uri') !== client.redirectUri()
      ) {
        return json(res, 400, { error: 'invalid_request' });
      }
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end(
        `<form method="post" action="/sso/login"><input name="login"><input type="hidden" name="state" value="${q.get('state')}"><input type="hidden" name="redirect_uri" value="${q.get('redirect_uri')}"></form>`,
      );
    }
    if (url.pathname === '/sso/login' && req.method === 'POST') {
      const f = await readForm(req);
      const login = f.get('login') ?? '';
      if (!server.people[login]) return json(res, 401, { error: 'unknown person' });
      const code = crypto.randomUUID();
      codes.set(code, { login, redirectUri: f.get('redirect_uri')!, used: false });
      const back = new URL(f.get('redirect_uri')!);
      back.searchParams.set('code', code);
      back.searchParams.set('state', f.get('state') ?? '');
      res.writeHead(302, { location: back.href });
      return res.end();
    }
    if (url.pathname !== PATH || req.method !== 'POST') return json(res, 404, { error: 'not_found' });
    const f = await readForm(req);
    const grant = f.get('grant_type') ?? '';
    server.calls.push(Object.fromEntries(f) as OneIdServer['calls'][number]);
    if (f.get('client_id') !== client.id || f.get('client_secret') !== client.secret)
      return json(res, 401, { error: 'invalid_client' });
    if (grant === 'one_authorization_code') {
      const c = codes.get(f.get('code') ?? '');
      if (!c || c.used || c.redirectUri !== f.get('redirect_uri'))
        return json(res, 400, {
          error: 'invalid_grant',
          error_description: 'code unknown, used or for another redirect_uri',
        });
      c.used = true;
      const token = crypto.randomBytes(24).toString('hex');
      tokens.set(token, { login: c.login, active: true });
      return json(res, 200, {
        access_token: token,
        refresh_token: crypto.randomUUID(),
        token_type: 'Bearer',
        expires_in: 3600,
        scope: f.get('scope') ?? '',
      });
    }
    if (grant === 'one_access_token_identify') {
      const tok = tokens.get(f.get('access_token') ?? '');
      if (!tok?.active) return json(res, 400, { error: 'invalid_token' });
      return json(res, 200, { ...server.people[tok.login], valid: 'true' });
    }
    if (grant === 'one_log_out') {
      const tok = tokens.get(f.get('access_token') ?? '');
      if (tok) {
        tok.active = false;
        server.loggedOut.push(tok.login);
      }
      return json(res, 200, { msg: 'ok' });
    }
    return json(res, 400, { error: 'unsupported_grant_type' });
  };

  const http1 = http.createServer((req, res) => {
    handler(req, res).catch(() => json(res, 500, { error: 'server_error' }));
  });
  await new Promise<void>((resolve) => http1.listen(0, '127.0.0.1', resolve));
  server.url = `http://127.0.0.1:${(http1.address() as AddressInfo).port}`;
  server.endpoint = `${server.url}${PATH}`;
  server.close = () =>
    new Promise<void>((resolve) => {
      http1.closeAllConnections();
      http1.close(() => resolve());
    });
  return server;
}
