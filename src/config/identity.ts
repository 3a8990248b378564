// Identity settings (issue 15): tokens, the portal session, sign-in providers, rate limits. Parsed from
// the environment here and nowhere else (the providers' secrets too: see providerEnv).
import fs from 'node:fs';
import { bool, int } from './parse.ts';

export type RateClass = 'read' | 'write' | 'anonymousWrite' | 'sparql' | 'datastoreSql';
export interface IdentityConfig {
  /** PASPORT_TOKEN_DEFAULT_TTL: lifetime of tokens created without expires_in; null = no expiry. */
  tokenDefaultTtlSeconds: number | null;
  /** PASPORT_SESSION_SECRET: signs the session cookie (same value on every instance); null = random per process. */
  sessionSecret: string | null;
  /** PASPORT_SESSION_TTL: lifetime of a portal session made by a sign-in. */
  sessionTtlSeconds: number;
  /** PASPORT_TRUSTED_ORIGINS: origins (besides SITE_URL's) whose pages may write with the session cookie. */
  trustedOrigins: string[];
  /** PASPORT_NATIONAL_ID_KEY: HMAC key of stored national ids; null = derived from the session secret. */
  nationalIdKey: string | null;
  /** PASPORT_AUTH_PROVIDERS: JSON, or the path of a JSON file, describing the sign-in providers. */
  providers: string | null;
  /** The variables the providers read: OIDC_* (the single-provider form), the session secret, and each
   * `clientSecretEnv` the providers' JSON names. Captured here so nothing else reads process.env. */
  providerEnv: Record<string, string | undefined>;
  rateLimit: {
    /** PASPORT_RATE_LIMIT (default on). */
    enabled: boolean;
    /** PASPORT_RATE_WINDOW: the window the limits count in, ms. */
    windowMs: number;
    /** PASPORT_RATE_LIMITS `read=600,write=120,...`: requests per window per token, user or IP. */
    max: Record<RateClass, number>;
    /** PASPORT_REDIS_URL: counters in Redis; unset: in PostgreSQL (rate_limit_counter). */
    redisUrl: string | null;
  };
  /** DataStore SQL: concurrent queries (PASPORT_DATASTORE_SQL_WORKERS) and their run-time limit from start (ms). */
  datastoreSql: { workers: number; timeoutMs: number };
}

function durationSeconds(v: string | undefined, name: string): number | null {
  if (v === undefined || v.trim() === '') return null;
  const m = /^\s*(\d+)\s*([smhd]?)\s*$/i.exec(v);
  if (!m || Number(m[1]) <= 0) throw new Error(`${name} is not a duration (3600, 90s, 30m, 8h, 7d): ${v}`);
  return Number(m[1]) * ({ '': 1, s: 1, m: 60, h: 3600, d: 86400 } as Record<string, number>)[m[2].toLowerCase()];
}

export function loadIdentityConfig(env: NodeJS.ProcessEnv): IdentityConfig {
  const max: Record<RateClass, number> = { read: 600, write: 120, anonymousWrite: 20, sparql: 60, datastoreSql: 60 };
  for (const part of (env.PASPORT_RATE_LIMITS ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)) {
    const [k, v] = part.split('=').map((x) => x.trim());
    if (!(k in max) || !/^\d+$/.test(v ?? ''))
      throw new Error(`PASPORT_RATE_LIMITS: expected class=number (${Object.keys(max).join(', ')}), got ${part}`);
    max[k as RateClass] = Number(v);
  }
  return {
    tokenDefaultTtlSeconds: durationSeconds(env.PASPORT_TOKEN_DEFAULT_TTL, 'PASPORT_TOKEN_DEFAULT_TTL'),
    sessionSecret: env.PASPORT_SESSION_SECRET || null,
    sessionTtlSeconds: durationSeconds(env.PASPORT_SESSION_TTL, 'PASPORT_SESSION_TTL') ?? 8 * 3600,
    trustedOrigins: (env.PASPORT_TRUSTED_ORIGINS ?? '')
      .split(',')
      .map((s) => s.trim().replace(/\/+$/, ''))
      .filter(Boolean),
    nationalIdKey: env.PASPORT_NATIONAL_ID_KEY || null,
    providers: env.PASPORT_AUTH_PROVIDERS?.trim() || null,
    providerEnv: providerEnv(env),
    rateLimit: {
      enabled: bool(env.PASPORT_RATE_LIMIT, true),
      windowMs: (durationSeconds(env.PASPORT_RATE_WINDOW, 'PASPORT_RATE_WINDOW') ?? 60) * 1000,
      max,
      redisUrl: env.PASPORT_REDIS_URL || null,
    },
    datastoreSql: {
      workers: int(env.PASPORT_DATASTORE_SQL_WORKERS, 4),
      timeoutMs: int(env.PASPORT_DATASTORE_SQL_TIMEOUT_MS, 5000),
    },
  };
}

function providerEnv(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const raw = env.PASPORT_AUTH_PROVIDERS ?? '';
  // The JSON may be inline or in a file; a secret's variable name is looked for in both forms' text.
  let text = raw;
  try {
    if (raw && !raw.trim().startsWith('[') && !raw.trim().startsWith('{')) text = fs.readFileSync(raw.trim(), 'utf8');
  } catch {
    // an unreadable file is reported by loadProviders, which reads it again
  }
  const named = [...text.matchAll(/"clientSecretEnv"\s*:\s*"([^"]+)"/g)].map((m) => m[1]);
  const keys = Object.keys(env).filter(
    (k) => k.startsWith('OIDC_') || k === 'PASPORT_SESSION_SECRET' || named.includes(k),
  );
  return Object.fromEntries(keys.map((k) => [k, env[k]]));
}
