// What every sign-in flow shares: the error shapes, and the browser's sign-in state (state, nonce, PKCE
// verifier) sealed in a short-lived cookie scoped to /auth/{provider}, refused when replayed or altered.
import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ActionError, NotAuthorized } from '../errors.ts';
import type { Services } from '../services.ts';
import type { Provider } from './providers.ts';
import {
  readCookie,
  stateCookie,
  StateSealer,
  STATE_COOKIE,
  STATE_TTL_MS,
  UsedStates,
  type SignInState,
} from './state.ts';

/** A sign-in failure the caller can do something about: 400, CKAN envelope. */
export class SignInError extends ActionError {
  readonly status = 400;
  envelope() {
    return { __type: 'Sign-in Error', message: this.message };
  }
}

/** What a provider told us about the person, and what logout needs later. */
export interface SignInResult {
  claims: Record<string, unknown>;
  idToken?: string;
  accessToken?: string;
}

export interface SignInFlow {
  readonly provider: Provider;
  /** The provider's authorization URL for this state. */
  authorizationUrl(s: SignInState): Promise<URL>;
  /** Exchanges the callback's code; `query` has already passed the state checks. */
  exchange(query: URLSearchParams, s: SignInState, req: FastifyRequest): Promise<SignInResult>;
  /** Where the browser goes after Pasport's logout (the provider's end-session, when it has one). */
  logout(result: { idToken?: string | null; accessToken?: string | null }, after: string): Promise<string | null>;
}

export function timingSafeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

export class BrowserState {
  private sealer: StateSealer;
  private used = new UsedStates();

  constructor(
    private provider: Provider,
    private services: Services,
  ) {
    this.sealer = new StateSealer(provider.stateSecret);
  }

  redirectUri(): string {
    return this.provider.redirectUri ?? `${this.services.config.siteUrl}/auth/${this.provider.name}/callback`;
  }

  secure(): boolean {
    return this.redirectUri().startsWith('https:');
  }

  fresh(): SignInState {
    const r = () => crypto.randomBytes(32).toString('base64url');
    return { state: r(), nonce: r(), verifier: r(), expires: Date.now() + STATE_TTL_MS };
  }

  set(reply: FastifyReply, s: SignInState) {
    reply.header(
      'set-cookie',
      stateCookie(this.sealer.seal(s), {
        secure: this.secure(),
        maxAgeSeconds: STATE_TTL_MS / 1000,
        provider: this.provider.name,
      }),
    );
  }

  /** Checks the callback against the cookie: present, untampered, same state, first use, no error. */
  check(req: FastifyRequest, reply: FastifyReply): { query: URLSearchParams; saved: SignInState } {
    // Whatever happens, the sign-in cookie has served its purpose.
    reply.header(
      'set-cookie',
      stateCookie('', { secure: this.secure(), maxAgeSeconds: 0, provider: this.provider.name }),
    );
    const query = new URL(req.url, 'http://callback.invalid').searchParams;
    const saved = this.sealer.open(readCookie(req.headers.cookie, STATE_COOKIE));
    if (!saved)
      throw new NotAuthorized(`Sign-in session missing or expired; start again at /auth/${this.provider.name}/login`);
    const state = query.get('state');
    if (!state || !timingSafeEqual(state, saved.state)) throw new NotAuthorized('Sign-in state does not match');
    if (!this.used.claim(saved.state, saved.expires)) throw new NotAuthorized('This sign-in response was already used');
    const error = query.get('error');
    if (error)
      throw new NotAuthorized(
        `The identity provider refused the sign-in: ${error}${query.get('error_description') ? ` (${query.get('error_description')})` : ''}`,
      );
    if (!query.get('code')) throw new SignInError('Sign-in response without code');
    return { query, saved };
  }
}
