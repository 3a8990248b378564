// Standard OpenID Connect (authorization code, PKCE, state, nonce, ID token) with openid-client.
import type { FastifyRequest } from 'fastify';
import * as oidc from 'openid-client';
import { ActionError, NotAuthorized, ServiceUnavailable } from '../errors.ts';
import { isLoopback } from './config.ts';
import { SignInError, type BrowserState, type SignInFlow, type SignInResult } from './flow.ts';
import type { OidcProvider } from './providers.ts';
import type { SignInState } from './state.ts';

export class OidcFlow implements SignInFlow {
  private discovered: Promise<oidc.Configuration> | null = null;

  constructor(
    readonly provider: OidcProvider,
    private browser: BrowserState,
  ) {}

  /** Discovery happens on first use and is retried after a failure: a provider that is down when
   * Pasport starts must not keep sign-in broken once it is back. */
  configuration(): Promise<oidc.Configuration> {
    const p = this.provider;
    this.discovered ??= oidc
      .discovery(
        p.issuer,
        p.clientId,
        { redirect_uris: [this.browser.redirectUri()], response_types: ['code'] },
        p.clientSecret ? oidc.ClientSecretBasic(p.clientSecret) : oidc.None(),
        {
          execute: isLoopback(p.issuer) && p.issuer.protocol === 'http:' ? [oidc.allowInsecureRequests] : [],
          timeout: 10,
        },
      )
      .catch((err) => {
        this.discovered = null;
        throw new ServiceUnavailable(`The identity provider is unavailable: ${(err as Error).message}`, 5);
      });
    return this.discovered;
  }

  async authorizationUrl(s: SignInState): Promise<URL> {
    return oidc.buildAuthorizationUrl(await this.configuration(), {
      redirect_uri: this.browser.redirectUri(),
      scope: this.provider.scope,
      response_type: 'code',
      code_challenge: await oidc.calculatePKCECodeChallenge(s.verifier),
      code_challenge_method: 'S256',
      state: s.state,
      nonce: s.nonce,
    });
  }

  async exchange(query: URLSearchParams, saved: SignInState, req: FastifyRequest): Promise<SignInResult> {
    const config = await this.configuration();
    // The URL the provider redirected to, rebuilt from configuration rather than from the Host header.
    const current = new URL(this.browser.redirectUri());
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
    const claims = tokens.claims();
    if (!claims?.sub) throw new NotAuthorized('The identity provider sent no ID token subject');
    let info: Record<string, unknown> = {};
    if (config.serverMetadata().userinfo_endpoint && tokens.access_token) {
      // Many providers put the profile only in userinfo; the ID token alone is still enough to sign in.
      info = (await oidc.fetchUserInfo(config, tokens.access_token, claims.sub).catch((err) => {
        req.log.warn({ err }, 'oidc userinfo failed');
        return {};
      })) as Record<string, unknown>;
    }
    return { claims: { ...info, ...claims }, idToken: tokens.id_token, accessToken: tokens.access_token };
  }

  async logout(result: { idToken?: string | null }, after: string): Promise<string | null> {
    const config = await this.configuration().catch(() => null);
    if (!config?.serverMetadata().end_session_endpoint) return null;
    return oidc.buildEndSessionUrl(config, {
      post_logout_redirect_uri: after,
      ...(result.idToken ? { id_token_hint: result.idToken } : { client_id: this.provider.clientId }),
    }).href;
  }
}

/** openid-client's failures as CKAN errors: refusals are 403, bad exchanges 400, a dead provider 503. */
function mapClientError(err: unknown): ActionError {
  if (err instanceof ActionError) return err;
  if (err instanceof oidc.AuthorizationResponseError)
    return new NotAuthorized(`The identity provider refused the sign-in: ${err.error}`);
  if (err instanceof oidc.ResponseBodyError) {
    // invalid_grant: the code was already used, has expired, or does not belong to this verifier.
    return new SignInError(
      `The identity provider rejected the code: ${err.error}${err.error_description ? ` (${err.error_description})` : ''}`,
    );
  }
  if (err instanceof oidc.ClientError) return new NotAuthorized(`Sign-in response rejected: ${err.message}`);
  const cause = (err as { cause?: unknown }).cause;
  if (err instanceof TypeError || cause) return new ServiceUnavailable('The identity provider is unavailable', 5);
  return new SignInError(`Sign-in failed: ${(err as Error).message ?? String(err)}`);
}
