// The portal's session cookie: a front end in the browser signs in through /auth/{provider}/login and
// then calls the Action API with the cookie instead of a token header. The cookie carries an API token
// (one row in api_token, so expiry, revocation and api_token_list work as for any token) followed by an
// HMAC of it under PASPORT_SESSION_SECRET: a cookie set by another application on a sibling domain,
// or altered, is ignored. HttpOnly (scripts never see it), SameSite=Lax, Secure when SITE_URL is https.
//
// CSRF: writes authenticated by the cookie must come from a trusted origin. We check Origin (or, when
// a browser omits it, Referer) against SITE_URL and PASPORT_TRUSTED_ORIGINS rather than a double-submit
// token: every browser that sends cookies sends Origin on a cross-site POST, the check needs no state
// and no change to CKAN clients, and API-token callers (no cookie) are not affected at all. A write
// that fails the check runs as anonymous, which every write action refuses.
import crypto from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import { readCookie } from '../oidc/state.ts';

export const SESSION_COOKIE = 'pasport_session';
const processKey = crypto.randomBytes(32);
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

function key(config: Config): Buffer | string {
  return config.identity.sessionSecret ?? processKey;
}

function sign(config: Config, token: string): string {
  return crypto.createHmac('sha256', key(config)).update(`session\0${token}`).digest('base64url');
}

export function sessionCookie(config: Config, token: string | null, maxAgeSeconds: number): string {
  const secure = config.siteUrl.startsWith('https:') ? '; Secure' : '';
  const value = token ? `${token}~${sign(config, token)}` : '';
  return `${SESSION_COOKIE}=${value}; Path=/; Max-Age=${token ? maxAgeSeconds : 0}; HttpOnly; SameSite=Lax${secure}`;
}

/** The API token inside a valid session cookie, or undefined. */
export function sessionToken(config: Config, cookieHeader: string | undefined): string | undefined {
  const raw = readCookie(cookieHeader, SESSION_COOKIE);
  if (!raw || raw.length > 4096) return undefined;
  const i = raw.lastIndexOf('~');
  if (i <= 0) return undefined;
  const token = raw.slice(0, i);
  const given = Buffer.from(raw.slice(i + 1));
  const expected = Buffer.from(sign(config, token));
  return given.length === expected.length && crypto.timingSafeEqual(given, expected) ? token : undefined;
}

/** May a request authenticated by the cookie act? Reads always; writes only from a trusted origin. */
export function sameOriginWrite(config: Config, req: Pick<FastifyRequest, 'method' | 'headers'>): boolean {
  if (SAFE.has(req.method)) return true;
  const origin =
    req.headers.origin ??
    (() => {
      try {
        return new URL(String(req.headers.referer)).origin;
      } catch {
        return undefined;
      }
    })();
  if (!origin || origin === 'null') return false;
  return origin === new URL(config.siteUrl).origin || config.identity.trustedOrigins.includes(origin);
}
