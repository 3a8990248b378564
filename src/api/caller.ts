// The one place that identifies the caller of an HTTP request, for every surface (Action API,
// downloads, DataStore dumps, SPARQL): `await req.caller()` gives the user or null (anonymous). It is
// looked up once per request, and an answer that asked who the caller is says so to caches: it varies
// on the credential headers, and is private when a user was identified (a CDN must never serve one
// caller's private dataset to another). Browsers of the portal front end are identified by the session
// cookie instead (src/auth/session.ts).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthUser } from '../actions/types.ts';
import type { Services } from '../services.ts';
import { userForToken } from '../auth/tokens.ts';
import { sameOriginWrite, sessionToken } from '../auth/session.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The user the request's API token belongs to, or null: resolved once per request. */
    caller(): Promise<AuthUser | null>;
  }
}

export const CREDENTIAL_HEADERS = 'Authorization, X-CKAN-API-Key';

const TOKEN_HEADERS = ['authorization', 'x-ckan-api-key'];

/**
 * The token a request carries: `Authorization` when it is not blank, else `X-CKAN-API-Key` (ckanapi
 * sends both; CKAN 2.11 reads Authorization, 2.10 also the API-key header). A blank header is no token.
 */
export function requestToken(req: Pick<FastifyRequest, 'headers'>): string | undefined {
  for (const name of TOKEN_HEADERS) {
    const v = req.headers[name];
    const s = Array.isArray(v) ? v[0] : v;
    if (typeof s === 'string' && s.trim()) return s;
  }
  return undefined;
}

/** Adds names to the Vary header, keeping those already there. */
export function addVary(reply: FastifyReply, names: string): void {
  const current = reply.getHeader('vary');
  if (current === undefined) {
    reply.header('vary', names);
    return;
  }
  const have = new Set(
    String(current ?? '')
      .split(',')
      .map((x) => x.trim().toLowerCase())
      .filter(Boolean),
  );
  const extra = names
    .split(',')
    .map((x) => x.trim())
    .filter((x) => !have.has(x.toLowerCase()));
  if (!extra.length) return;
  reply.header('vary', [current, ...extra].filter(Boolean).join(', '));
}

/** The credential a request carries and how: a token header wins; else the portal's session cookie,
 * for writes only from a trusted origin (src/auth/session.ts explains the CSRF choice). Null: none. */
function credential(services: Services, req: FastifyRequest): { token: string; session: boolean } | null {
  const token = requestToken(req);
  if (token) return { token, session: false };
  const session = req.headers.cookie ? sessionToken(services.config, req.headers.cookie) : undefined;
  return session && sameOriginWrite(services.config, req) ? { token: session, session: true } : null;
}

async function identify(services: Services, cred: { token: string; session: boolean }): Promise<AuthUser | null> {
  const user = await userForToken(services, cred.token);
  return user && cred.session ? { ...user, via: 'session' } : user;
}

const asked = new WeakMap<FastifyRequest, Promise<AuthUser | null>>();
const NOBODY: Promise<AuthUser | null> = Promise.resolve(null);

/**
 * The caller when it is known without waiting: null for a request that carries no credential at all
 * (most anonymous reads), undefined when its token must be looked up (`await req.caller()`). Lets a
 * hook stay synchronous for anonymous requests: an async hook costs every request a promise and a turn.
 */
export function callerAtOnce(services: Services, req: FastifyRequest): null | undefined {
  const p = asked.get(req);
  if (p) return p === NOBODY ? null : undefined;
  const cred = credential(services, req);
  if (!cred) {
    asked.set(req, NOBODY);
    return null;
  }
  const lookup = identify(services, cred);
  lookup.catch(() => {}); // a failed lookup is reported to whoever awaits req.caller(), never unhandled
  asked.set(req, lookup);
  return undefined;
}

export function installCaller(app: FastifyInstance, services: Services): void {
  app.decorateRequest('caller', function caller(this: FastifyRequest) {
    if (callerAtOnce(services, this) === null) return NOBODY;
    return asked.get(this)!;
  });
  // A callback hook: an anonymous answer (no credential) is finished without a promise.
  app.addHook('onSend', (req, reply, payload, done) => {
    const p = asked.get(req);
    if (!p) return done(null, payload);
    addVary(reply, CREDENTIAL_HEADERS);
    if (p === NOBODY) return done(null, payload);
    p.catch(() => null).then((user) => {
      if (user && !reply.hasHeader('cache-control')) reply.header('cache-control', 'private, no-store');
      done(null, payload);
    });
  });
}
