// Sign-in through the national identity service (OneID, eGov IDP): Pasport is an OpenID Connect
// Relying Party. Environment variables (for README):
//
//   OIDC_ISSUER         the provider's issuer URL, e.g. https://sso.egov.uz. Unset: no sign-in routes.
//   OIDC_CLIENT_ID      the client id Pasport is registered with (required with OIDC_ISSUER)
//   OIDC_CLIENT_SECRET  its secret (client_secret_basic); unset for a public client (PKCE only)
//   OIDC_REDIRECT_URI   default `${SITE_URL}/auth/oidc/callback`; must be registered at the provider
//   OIDC_SCOPES         default `openid profile email` (`openid` is always added)
//   OIDC_TOKEN_TTL      lifetime of the API token a sign-in returns: seconds, or 30m / 8h / 7d; default 8h
//   OIDC_STATE_SECRET   key that encrypts the short-lived sign-in cookie (state, nonce, PKCE verifier);
//                       set the same value on every instance behind one load balancer. Default: random
//                       per process (a sign-in must then come back to the instance that started it).
//
// Plain-http issuers are accepted only on loopback addresses (development and tests).
export interface OidcConfig {
  issuer: URL;
  clientId: string;
  clientSecret: string | null;
  /** null: derived from SITE_URL at request time. */
  redirectUri: string | null;
  scopes: string;
  tokenTtlSeconds: number;
  stateSecret: string | null;
}

/** `3600`, `90s`, `30m`, `8h`, `7d` -> seconds. */
export function parseDuration(v: string): number | null {
  const m = /^\s*(\d+)\s*([smhd]?)\s*$/i.exec(v);
  if (!m) return null;
  const n = Number(m[1]) * ({ '': 1, s: 1, m: 60, h: 3600, d: 86400 } as Record<string, number>)[m[2].toLowerCase()];
  return n > 0 ? n : null;
}

export function isLoopback(url: URL): boolean {
  return ['127.0.0.1', 'localhost', '[::1]', '::1'].includes(url.hostname) || /^127\./.test(url.hostname);
}

/** The OpenID Connect settings (read by src/config.ts, the one reader of the environment), or null when sign-in is not configured. Throws on a broken setting. */
export function loadOidcConfig(env: NodeJS.ProcessEnv): OidcConfig | null {
  const issuerText = env.OIDC_ISSUER?.trim();
  if (!issuerText) return null;
  let issuer: URL;
  try {
    issuer = new URL(issuerText);
  } catch {
    throw new Error(`OIDC_ISSUER is not a URL: ${issuerText}`);
  }
  if (issuer.protocol !== 'https:' && !(issuer.protocol === 'http:' && isLoopback(issuer))) {
    throw new Error('OIDC_ISSUER must be an https URL (plain http only on loopback addresses)');
  }
  const clientId = env.OIDC_CLIENT_ID?.trim();
  if (!clientId) throw new Error('OIDC_CLIENT_ID is required when OIDC_ISSUER is set');
  const redirectUri = env.OIDC_REDIRECT_URI?.trim() || null;
  if (redirectUri) {
    try {
      new URL(redirectUri);
    } catch {
      throw new Error(`OIDC_REDIRECT_URI is not a URL: ${redirectUri}`);
    }
  }
  const scopes = new Set((env.OIDC_SCOPES?.trim() || 'openid profile email').split(/[\s,]+/).filter(Boolean));
  scopes.add('openid');
  const ttl = env.OIDC_TOKEN_TTL?.trim() ? parseDuration(env.OIDC_TOKEN_TTL) : 8 * 3600;
  if (!ttl) throw new Error(`OIDC_TOKEN_TTL is not a duration: ${env.OIDC_TOKEN_TTL}`);
  return {
    issuer,
    clientId,
    clientSecret: env.OIDC_CLIENT_SECRET || null,
    redirectUri,
    scopes: ['openid', ...[...scopes].filter((s) => s !== 'openid')].join(' '),
    tokenTtlSeconds: ttl,
    stateSecret: env.OIDC_STATE_SECRET || null,
  };
}
