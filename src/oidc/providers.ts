// Sign-in providers as configuration. PASPORT_AUTH_PROVIDERS holds JSON (or the path of a JSON file):
// a list of providers, each either standard OpenID Connect (`"type": "oidc"`: discovery, PKCE, ID token)
// or an OAuth2 profile (`"type": "oauth2"`) whose endpoints, grant names, parameter names and user-info
// call are configured, which is what Uzbekistan's OneID needs (README, "Sign-in providers"). Secrets never
// sit in this JSON: `clientSecretEnv` names the environment variable that holds one, `clientSecretFile`
// a file. The legacy OIDC_ISSUER variables still describe one OpenID Connect provider named `oidc`.
import fs from 'node:fs';
import { isLoopback, loadOidcConfig, parseDuration } from './config.ts';
import { parseMapping, type ClaimMapping } from './claims.ts';

interface Common {
  name: string;
  title: string;
  clientId: string;
  clientSecret: string | null;
  /** null: `${SITE_URL}/auth/{name}/callback`. */
  redirectUri: string | null;
  scope: string;
  mapping: ClaimMapping;
  /** Lifetime of the API token a sign-in returns and of the session cookie. */
  tokenTtlSeconds: number;
  stateSecret: string | null;
  /** Where the browser goes after logout (default: SITE_URL). */
  postLogoutRedirectUri: string | null;
}

export interface OidcProvider extends Common {
  type: 'oidc';
  issuer: URL;
}

/** How a call to the provider carries the access token: as a form field of a POST (OneID), or as a
 * Bearer header of a GET or POST (RFC 6750). */
export type CallStyle = 'form' | 'bearer-get' | 'bearer-post';

export interface OAuth2Provider extends Common {
  type: 'oauth2';
  authorizationUrl: URL;
  tokenUrl: URL;
  userinfoUrl: URL | null;
  responseType: string;
  grantType: string;
  pkce: boolean;
  userinfo: { style: CallStyle; grantType: string | null; params: Record<string, string> };
  /** Names of the parameters the provider reads, where they differ from RFC 6749's. */
  params: {
    clientId: string;
    clientSecret: string;
    code: string;
    redirectUri: string;
    accessToken: string;
    scope: string;
    state: string;
  };
  /** Logout: a browser redirect (`redirect`) or a back-channel call ending the provider's session. */
  logout: { redirectUrl: URL | null; call: { url: URL; grantType: string | null } | null };
}

export type Provider = OidcProvider | OAuth2Provider;

const NAME = /^[a-z0-9][a-z0-9_-]{0,39}$/;

function url(v: unknown, what: string): URL {
  let u: URL;
  try {
    u = new URL(String(v));
  } catch {
    throw new Error(`${what} is not a URL: ${String(v)}`);
  }
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && isLoopback(u)))
    throw new Error(`${what} must be https (plain http only on loopback): ${u.href}`);
  return u;
}

function secret(p: Record<string, unknown>, env: NodeJS.ProcessEnv, name: string): string | null {
  if ('clientSecret' in p)
    throw new Error(
      `provider ${name}: put the secret in an environment variable (clientSecretEnv) or a file (clientSecretFile), not in the JSON`,
    );
  if (typeof p.clientSecretEnv === 'string') {
    const v = env[p.clientSecretEnv];
    if (!v) throw new Error(`provider ${name}: ${p.clientSecretEnv} (clientSecretEnv) is not set`);
    return v;
  }
  if (typeof p.clientSecretFile === 'string') return fs.readFileSync(p.clientSecretFile, 'utf8').trim();
  return null;
}

const str = (v: unknown, dflt: string) => (typeof v === 'string' && v.trim() ? v.trim() : dflt);

function common(p: Record<string, unknown>, env: NodeJS.ProcessEnv): Common {
  const name = String(p.name ?? '');
  if (!NAME.test(name)) throw new Error(`provider name must match ${NAME}: ${name}`);
  if (typeof p.clientId !== 'string' || !p.clientId) throw new Error(`provider ${name}: clientId is required`);
  const ttl = p.tokenTtl === undefined ? 8 * 3600 : parseDuration(String(p.tokenTtl));
  if (!ttl) throw new Error(`provider ${name}: tokenTtl is not a duration`);
  return {
    name,
    title: str(p.title, name),
    clientId: p.clientId,
    clientSecret: secret(p, env, name),
    redirectUri: typeof p.redirectUri === 'string' ? url(p.redirectUri, `provider ${name}: redirectUri`).href : null,
    scope: str(p.scope, p.type === 'oidc' ? 'openid profile email' : ''),
    mapping: parseMapping(p.mapping ?? {}, name),
    tokenTtlSeconds: ttl,
    stateSecret: env.OIDC_STATE_SECRET || env.PASPORT_SESSION_SECRET || null,
    postLogoutRedirectUri: typeof p.postLogoutRedirectUri === 'string' ? p.postLogoutRedirectUri : null,
  };
}

function oauth2(p: Record<string, unknown>, base: Common): OAuth2Provider {
  const at = (k: string) => url(p[k], `provider ${base.name}: ${k}`);
  const ui = (p.userinfo ?? {}) as Record<string, unknown>;
  const style = str(ui.style, 'bearer-get');
  if (!['form', 'bearer-get', 'bearer-post'].includes(style))
    throw new Error(`provider ${base.name}: userinfo.style must be form, bearer-get or bearer-post`);
  const names = (p.params ?? {}) as Record<string, string>;
  const lo = (p.logout ?? {}) as Record<string, unknown>;
  return {
    ...base,
    type: 'oauth2',
    authorizationUrl: at('authorizationUrl'),
    tokenUrl: at('tokenUrl'),
    userinfoUrl: p.userinfoUrl ? at('userinfoUrl') : null,
    responseType: str(p.responseType, 'code'),
    grantType: str(p.grantType, 'authorization_code'),
    pkce: p.pkce !== false,
    userinfo: {
      style: style as CallStyle,
      grantType: typeof ui.grantType === 'string' ? ui.grantType : null,
      params: (ui.params ?? {}) as Record<string, string>,
    },
    params: {
      clientId: str(names.clientId, 'client_id'),
      clientSecret: str(names.clientSecret, 'client_secret'),
      code: str(names.code, 'code'),
      redirectUri: str(names.redirectUri, 'redirect_uri'),
      accessToken: str(names.accessToken, 'access_token'),
      scope: str(names.scope, 'scope'),
      state: str(names.state, 'state'),
    },
    logout: {
      redirectUrl: lo.redirectUrl ? url(lo.redirectUrl, `provider ${base.name}: logout.redirectUrl`) : null,
      call: lo.url
        ? {
            url: url(lo.url, `provider ${base.name}: logout.url`),
            grantType: typeof lo.grantType === 'string' ? lo.grantType : null,
          }
        : null,
    },
  };
}

/** The configured providers (possibly none). Throws with the provider's name on a broken setting. */
export function loadProviders(raw: string | null, env: NodeJS.ProcessEnv): Provider[] {
  const out: Provider[] = [];
  const legacy = loadOidcConfig(env);
  if (legacy) {
    out.push({
      type: 'oidc',
      name: 'oidc',
      title: 'OpenID Connect',
      issuer: legacy.issuer,
      clientId: legacy.clientId,
      clientSecret: legacy.clientSecret,
      redirectUri: legacy.redirectUri,
      scope: legacy.scopes,
      tokenTtlSeconds: legacy.tokenTtlSeconds,
      stateSecret: legacy.stateSecret,
      mapping: parseMapping({}, 'oidc'),
      postLogoutRedirectUri: null,
    });
  }
  if (!raw) return out;
  let list: unknown;
  try {
    list = JSON.parse(raw.startsWith('[') || raw.startsWith('{') ? raw : fs.readFileSync(raw, 'utf8'));
  } catch (err) {
    throw new Error(`PASPORT_AUTH_PROVIDERS is neither JSON nor a readable JSON file: ${(err as Error).message}`);
  }
  for (const p of (Array.isArray(list) ? list : [list]) as Record<string, unknown>[]) {
    const base = common(p, env);
    if (out.some((o) => o.name === base.name)) throw new Error(`provider ${base.name} is configured twice`);
    if (p.type === 'oidc') {
      const scopes = new Set(base.scope.split(/[\s,]+/).filter(Boolean));
      scopes.add('openid');
      out.push({
        ...base,
        type: 'oidc',
        issuer: url(p.issuer, `provider ${base.name}: issuer`),
        scope: [...scopes].join(' '),
      });
    } else if (p.type === 'oauth2') out.push(oauth2(p, base));
    else throw new Error(`provider ${base.name}: type must be oidc or oauth2`);
  }
  return out;
}
