// An OAuth2 profile described by configuration (src/oidc/providers.ts): authorization code flow with
// configurable response type, grant names and parameter names, and a user-info call that may be a POST
// of form fields to the token endpoint itself. Uzbekistan's OneID is one such profile: response_type
// `one_code`, grant_type `one_authorization_code` for the code, `one_access_token_identify` for the
// person's data, `one_log_out` to end the provider's session (README, "Sign-in providers").
import crypto from 'node:crypto';
import { NotAuthorized, ServiceUnavailable } from '../errors.ts';
import { SignInError, type BrowserState, type SignInFlow, type SignInResult } from './flow.ts';
import type { OAuth2Provider } from './providers.ts';
import type { SignInState } from './state.ts';

const TIMEOUT_MS = 10_000;

export class OAuth2Flow implements SignInFlow {
  constructor(
    readonly provider: OAuth2Provider,
    private browser: BrowserState,
  ) {}

  async authorizationUrl(s: SignInState): Promise<URL> {
    const p = this.provider;
    const url = new URL(p.authorizationUrl);
    url.searchParams.set('response_type', p.responseType);
    url.searchParams.set(p.params.clientId, p.clientId);
    url.searchParams.set(p.params.redirectUri, this.browser.redirectUri());
    if (p.scope) url.searchParams.set(p.params.scope, p.scope);
    url.searchParams.set(p.params.state, s.state);
    if (p.pkce) {
      url.searchParams.set('code_challenge', crypto.createHash('sha256').update(s.verifier).digest('base64url'));
      url.searchParams.set('code_challenge_method', 'S256');
    }
    return url;
  }

  /** A form POST to the provider; its JSON answer, or a CKAN error saying who failed. */
  private async post(
    url: URL,
    fields: Record<string, string>,
    what: string,
    bearer?: string,
  ): Promise<Record<string, unknown>> {
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
          ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
        },
        body: new URLSearchParams(fields).toString(),
        signal: AbortSignal.timeout(TIMEOUT_MS),
        redirect: 'error',
      });
    } catch {
      throw new ServiceUnavailable('The identity provider is unavailable', 5);
    }
    return this.body(res, what);
  }

  private async body(res: Response, what: string): Promise<Record<string, unknown>> {
    const text = await res.text();
    let body: Record<string, unknown> | null = null;
    try {
      body = JSON.parse(text);
    } catch {
      /* reported below */
    }
    if (res.status >= 500) throw new ServiceUnavailable('The identity provider is unavailable', 5);
    if (!res.ok || !body || typeof body !== 'object' || body.error) {
      const err = body && typeof body.error === 'string' ? body.error : `HTTP ${res.status}`;
      const desc =
        body && typeof body.error_description === 'string' ? ` (${body.error_description.slice(0, 200)})` : '';
      throw new SignInError(`The identity provider rejected the ${what}: ${err}${desc}`);
    }
    return body;
  }

  private client(): Record<string, string> {
    const p = this.provider;
    return { [p.params.clientId]: p.clientId, ...(p.clientSecret ? { [p.params.clientSecret]: p.clientSecret } : {}) };
  }

  async exchange(query: URLSearchParams, saved: SignInState): Promise<SignInResult> {
    const p = this.provider;
    const tokens = await this.post(
      p.tokenUrl,
      {
        grant_type: p.grantType,
        ...this.client(),
        [p.params.code]: query.get('code')!,
        [p.params.redirectUri]: this.browser.redirectUri(),
        ...(p.pkce ? { code_verifier: saved.verifier } : {}),
      },
      'code',
    );
    const accessToken = typeof tokens.access_token === 'string' ? tokens.access_token : null;
    if (!accessToken) throw new SignInError('The identity provider sent no access token');
    if (!p.userinfoUrl) return { claims: tokens, accessToken };
    const ui = p.userinfo;
    let claims: Record<string, unknown>;
    if (ui.style === 'bearer-get') {
      let res: Response;
      try {
        res = await fetch(p.userinfoUrl, {
          headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
          signal: AbortSignal.timeout(TIMEOUT_MS),
          redirect: 'error',
        });
      } catch {
        throw new ServiceUnavailable('The identity provider is unavailable', 5);
      }
      claims = await this.body(res, 'access token');
    } else {
      const fields: Record<string, string> = {
        ...(ui.grantType ? { grant_type: ui.grantType } : {}),
        ...this.client(),
        ...ui.params,
      };
      if (ui.style === 'form') fields[p.params.accessToken] = accessToken;
      claims = await this.post(
        p.userinfoUrl,
        fields,
        'access token',
        ui.style === 'bearer-post' ? accessToken : undefined,
      );
    }
    if (!Object.keys(claims).length) throw new NotAuthorized('The identity provider sent no user data');
    return { claims, accessToken };
  }

  async logout(result: { accessToken?: string | null }, after: string): Promise<string | null> {
    const p = this.provider;
    if (p.logout.call && result.accessToken) {
      // Back-channel: ends the provider's session; Pasport's own logout must not fail with it.
      await this.post(
        p.logout.call.url,
        {
          ...(p.logout.call.grantType ? { grant_type: p.logout.call.grantType } : {}),
          ...this.client(),
          [p.params.accessToken]: result.accessToken,
          ...(p.scope ? { [p.params.scope]: p.scope } : {}),
        },
        'logout',
      ).catch(() => null);
    }
    if (!p.logout.redirectUrl) return null;
    const url = new URL(p.logout.redirectUrl);
    url.searchParams.set('post_logout_redirect_uri', after);
    url.searchParams.set(p.params.clientId, p.clientId);
    return url.href;
  }
}
