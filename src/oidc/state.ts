// What a sign-in must remember between /auth/oidc/login and the callback (state, nonce, PKCE verifier),
// kept in the browser as a short-lived cookie encrypted and authenticated with AES-256-GCM: no server-side
// session table, any instance sharing OIDC_STATE_SECRET can finish the sign-in, and the verifier stays
// secret even from the browser's scripts (the cookie is also HttpOnly).
import crypto from 'node:crypto';

export const STATE_COOKIE = 'pasport_oidc';
export const STATE_TTL_MS = 10 * 60 * 1000;

export interface SignInState {
  state: string;
  nonce: string;
  verifier: string;
  /** Epoch milliseconds after which the sign-in must start again. */
  expires: number;
}

export class StateSealer {
  private key: Buffer;

  constructor(secret: string | null) {
    this.key = crypto
      .createHash('sha256')
      .update('pasport-oidc-state\0')
      .update(secret ?? crypto.randomBytes(32))
      .digest();
  }

  seal(s: SignInState): string {
    return this.sealJson(s);
  }

  /** Any small JSON value, encrypted and authenticated (the provider's tokens kept for logout). */
  sealJson(s: unknown): string {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(s), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  /** The value, or null when the cookie was forged, altered or truncated. */
  openJson(sealed: string | undefined): unknown {
    if (!sealed || sealed.length > 4096) return null;
    try {
      const raw = Buffer.from(sealed, 'base64url');
      if (raw.length < 29) return null;
      const decipher = crypto.createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8'));
    } catch {
      return null;
    }
  }

  /** The state, or null when the cookie was forged, altered, truncated or has expired. */
  open(sealed: string | undefined, now = Date.now()): SignInState | null {
    const s = this.openJson(sealed) as SignInState | null;
    if (!s || typeof s !== 'object') return null;
    if (
      typeof s.state !== 'string' ||
      typeof s.nonce !== 'string' ||
      typeof s.verifier !== 'string' ||
      typeof s.expires !== 'number'
    )
      return null;
    return s.expires > now ? s : null;
  }
}

/** States already used by a callback on this instance, until their cookie would have expired anyway:
 * a replayed callback (same URL, same cookie) is refused before the provider is asked again. */
export class UsedStates {
  private map = new Map<string, number>();

  /** Records the state; false when it was already used. */
  claim(state: string, expires: number, now = Date.now()): boolean {
    if (this.map.size > 10000) for (const [k, until] of this.map) if (until < now) this.map.delete(k);
    if (this.map.has(state)) return false;
    this.map.set(state, expires);
    return true;
  }
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return undefined;
}

export function stateCookie(
  value: string,
  opts: { secure: boolean; maxAgeSeconds: number; provider?: string },
): string {
  // Lax, not Strict: the provider brings the browser back with a cross-site top-level GET.
  return `${STATE_COOKIE}=${value}; Path=/auth/${opts.provider ?? 'oidc'}; Max-Age=${opts.maxAgeSeconds}; HttpOnly; SameSite=Lax${opts.secure ? '; Secure' : ''}`;
}
