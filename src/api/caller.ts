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

/**
 * The token a request carries: `Authorization` when it is not blank, else `X-CKAN-API-Key` (ckanapi
 * sends both; CKAN 2.11 reads Authorization, 2.10 also the API-key header). A blank header is no token.
 */
export function requestToken(req: Pick<FastifyRequest, 'headers'>): string | undefined {
  for (const name of ['authorization', 'x-ckan-api-key']) {
    const v = req.headers[name];
    const s = Array.isArray(v) ? v[0] : v;
    if (typeof s === 'string' && s.trim()) return s;
  }
  return undefined;
}

/** Adds names to the Vary header, keeping those already there. */
export function addVary(reply: FastifyReply, names: string): void {
  const current = reply.getHeader('vary');
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

/** A token header wins; else the portal's session cookie, for writes only from a trusted origin
 * (src/auth/session.ts explains the CSRF choice). */
async function identify(services: Services, req: FastifyRequest): Promise<AuthUser | null> {
  const token = requestToken(req);
  if (token) return userForToken(services, token);
  const session = req.headers.cookie ? sessionToken(services.config, req.headers.cookie) : undefined;
  if (!session || !sameOriginWrite(services.config, req)) return null;
  const user = await userForToken(services, session);
  return user && { ...user, via: 'session' };
}

const asked = new WeakMap<FastifyRequest, Promise<AuthUser | null>>();

export function installCaller(app: FastifyInstance, services: Services): void {
  app.decorateRequest('caller', function caller(this: FastifyRequest) {
    let p = asked.get(this);
    if (!p) {
      p = identify(services, this);
      asked.set(this, p);
    }
    return p;
  });
  app.addHook('onSend', async (req, reply, payload) => {
    const p = asked.get(req);
    if (!p) return payload;
    addVary(reply, CREDENTIAL_HEADERS);
    const user = await p.catch(() => null);
    if (user && !reply.hasHeader('cache-control')) reply.header('cache-control', 'private, no-store');
    return payload;
  });
}
