// OpenID Connect sign-in (authorization code flow with PKCE, state and nonce) against the national
// identity service. GET /auth/oidc/login sends the browser to the provider; GET /auth/oidc/callback
// checks the answer, finds or creates the user by subject, and returns {user, token} with a fresh API
// token for the front end. Without OIDC_ISSUER nothing is registered.
import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import * as oidc from 'openid-client';
import type { ModuleContext, PasportModule } from '../modules/types.ts';
import type { Services } from '../services.ts';
import { ActionError, NotAuthorized, ServiceUnavailable } from '../api/errors.ts';
import { createToken } from '../auth/users.ts';
import { userDictFor } from '../actions/user/dict.ts';
import { isLoopback, type OidcConfig } from './config.ts';
import { readCookie, stateCookie, StateSealer, STATE_COOKIE, STATE_TTL_MS, UsedStates } from './state.ts';
import { upsertOidcUser, type OidcClaims } from './users.ts';

export const TOKEN_NAME = 'oidc sign-in';
const JSON_TYPE = 'application/json;charset=utf-8';

/** A sign-in failure the caller can do something about: 400, CKAN envelope. */
class SignInError extends ActionError {
  readonly status = 400;
  envelope() {
    return { __type: 'Sign-in Error', message: this.message };
  }
}

function expiryIn(seconds: number): string {
  return new Date(Date.now() + seconds * 1000).toISOString().slice(0, 23) + '000';
}

export class OidcRelyingParty {
  private discovered: Promise<oidc.Configuration> | null = null;
  private sealer: StateSealer;
  private used = new UsedStates();

  constructor(readonly cfg: OidcConfig, private services: Services) {
    this.sealer = new StateSealer(cfg.stateSecret);
  }

  redirectUri(): string {
    return this.cfg.redirectUri ?? `${this.services.config.siteUrl}/auth/oidc/callback`;
  }

  /** Discovery happens on first use and is retried after a failure: a provider that is down when
   * Pasport starts must not keep sign-in broken once it is back. */
  configuration(): Promise<oidc.Configuration> {
    this.discovered ??= oidc.discovery(
      this.cfg.issuer,
      this.cfg.clientId,
      { redirect_uris: [this.redirectUri()], response_types: ['code'] },
      this.cfg.clientSecret ? oidc.ClientSecretBasic(this.cfg.clientSecret) : oidc.None(),
      { execute: isLoopback(this.cfg.issuer) && this.cfg.issuer.protocol === 'http:' ? [oidc.allowInsecureRequests] : [], timeout: 10 },
    ).catch((err) => {
      this.discovered = null;
      throw new ServiceUnavailable(`The identity provider is unavailable: ${(err as Error).message}`, 5);
    });
    return this.discovered;
  }

  private secureCookie(): boolean {
    return this.redirectUri().startsWith('https:');
  }

  async login(_req: FastifyRequest, reply: FastifyReply) {
    const config = await this.configuration();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri(),
      scope: this.cfg.scopes,
      response_type: 'code',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    const sealed = this.sealer.seal({ state, nonce, verifier, expires: Date.now() + STATE_TTL_MS });
    return reply.code(302)
      .header('set-cookie', stateCookie(sealed, { secure: this.secureCookie(), maxAgeSeconds: STATE_TTL_MS / 1000 }))
      .header('cache-control', 'no-store')
      .header('location', url.href)
      .send();
  }

  async callback(req: FastifyRequest, reply: FastifyReply) {
    // Whatever happens, the sign-in cookie has served its purpose.
    reply.header('set-cookie', stateCookie('', { secure: this.secureCookie(), maxAgeSeconds: 0 }));
    const query = new URL(req.url, 'http://callback.invalid').searchParams;
    const saved = this.sealer.open(readCookie(req.headers.cookie, STATE_COOKIE));
    if (!saved) throw new NotAuthorized('Sign-in session missing or expired; start again at /auth/oidc/login');
    const state = query.get('state');
    if (!state || !timingSafeEqual(state, saved.state)) throw new NotAuthorized('Sign-in state does not match');
    if (!this.used.claim(saved.state, saved.expires)) throw new NotAuthorized('This sign-in response was already used');
    const error = query.get('error');
    if (error) throw new NotAuthorized(`The identity provider refused the sign-in: ${error}${query.get('error_description') ? ` (${query.get('error_description')})` : ''}`);
    if (!query.get('code')) throw new SignInError('Sign-in response without code');

    const config = await this.configuration();
    // The URL the provider redirected to, rebuilt from configuration rather than from the Host header.
    const current = new URL(this.redirectUri());
    current.search = query.toString();
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: saved.verifier,
        expectedState: saved.state,
        expectedNonce: saved.nonce,
        idTokenExpected: true,
      });
    } catch (err) {
      throw mapClientError(err);
    }
    const claims = tokens.claims() as OidcClaims | undefined;
    if (!claims?.sub) throw new NotAuthorized('The identity provider sent no ID token subject');
    let info: Record<string, unknown> = {};
    if (config.serverMetadata().userinfo_endpoint && tokens.access_token) {
      // Many providers put the profile only in userinfo; the ID token alone is still enough to sign in.
      info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub).catch((err) => {
        req.log.warn({ err }, 'oidc userinfo failed');
        return {};
      }) as Record<string, unknown>;
    }
    const db = this.services.db;
    const { user, token, expiresAt } = await db.transaction().execute(async (trx) => {
      const row = await upsertOidcUser(trx, { ...info, ...claims, sub: claims.sub });
      // One token per sign-in: drop this user's expired ones so they do not pile up in api_token_list.
      await trx.deleteFrom('api_token').where('user_id', '=', row.id).where('name', '=', TOKEN_NAME)
        .where('expires_at', '<', expiryIn(0)).execute();
      const expiresAt = expiryIn(this.cfg.tokenTtlSeconds);
      const { token } = await createToken(trx, row.id, TOKEN_NAME, expiresAt);
      const authUser = { id: row.id, name: row.name, sysadmin: row.sysadmin, operator: row.operator };
      return { user: await userDictFor({ db: trx, user: authUser }, row), token, expiresAt };
    });
    return reply.code(200).type(JSON_TYPE).header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').send(JSON.stringify({ user, token, expires_at: expiresAt }));
  }
}

function timingSafeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/** openid-client's failures as CKAN errors: refusals are 403, bad exchanges 400, a dead provider 503. */
function mapClientError(err: unknown): ActionError {
  if (err instanceof ActionError) return err;
  if (err instanceof oidc.AuthorizationResponseError) return new NotAuthorized(`The identity provider refused the sign-in: ${err.error}`);
  if (err instanceof oidc.ResponseBodyError) {
    // invalid_grant: the code was already used, has expired, or does not belong to this verifier.
    return new SignInError(`The identity provider rejected the code: ${err.error}${err.error_description ? ` (${err.error_description})` : ''}`);
  }
  if (err instanceof oidc.ClientError) return new NotAuthorized(`Sign-in response rejected: ${err.message}`);
  const cause = (err as { cause?: unknown }).cause;
  if (err instanceof TypeError || cause) return new ServiceUnavailable('The identity provider is unavailable', 5);
  return new SignInError(`Sign-in failed: ${(err as Error).message ?? String(err)}`);
}

function sendFailure(req: FastifyRequest, reply: FastifyReply, err: unknown) {
  const e = err instanceof ActionError ? err : null;
  if (!e) {
    req.log.error({ err }, 'oidc sign-in failed');
    return reply.code(500).type(JSON_TYPE).header('cache-control', 'no-store')
      .send(JSON.stringify({ success: false, error: { __type: 'Internal Server Error', message: 'Internal Server Error' } }));
  }
  if (e instanceof ServiceUnavailable) reply.header('retry-after', String(e.retryAfter));
  return reply.code(e.status).type(JSON_TYPE).header('cache-control', 'no-store')
    .send(JSON.stringify({ success: false, error: e.envelope() ?? { __type: 'Bad Request', message: e.message } }));
}

const module: PasportModule = {
  name: 'oidc',
  async start({ app, services }: ModuleContext) {
    const cfg = services.config.oidc;
    if (!cfg) return;
    const rp = new OidcRelyingParty(cfg, services);
    services.extensions.oidc = rp;
    const wrap = (fn: (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>) => async (req: FastifyRequest, reply: FastifyReply) => {
      try {
        return await fn(req, reply);
      } catch (err) {
        return sendFailure(req, reply, err);
      }
    };
    const hide = { schema: { hide: true } };
    app.get('/auth/oidc/login', hide, wrap((req, reply) => rp.login(req, reply)));
    app.get('/auth/oidc/callback', hide, wrap((req, reply) => rp.callback(req, reply)));
  },
};

export default module;
