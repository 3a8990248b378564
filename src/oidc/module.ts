// Sign-in through the national identity services, one set of routes per configured provider
// (src/oidc/providers.ts): GET /auth/{provider}/login sends the browser to the provider;
// GET /auth/{provider}/callback checks the answer, maps the claims to the person (src/oidc/claims.ts),
// creates the user on first sign-in, syncs roles and memberships (people.ts), and answers {user, token,
// expires_at} with the portal's session cookie; GET|POST /auth/{provider}/logout revokes that session and
// ends the provider's session where it has one. GET /auth/providers lists what a front end may offer.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleContext, PasportModule } from '../modules/types.ts';
import type { Services } from '../services.ts';
import { NotAuthorized } from '../errors.ts';
import { createToken } from '../auth/users.ts';
import { hashToken } from '../auth/tokens.ts';
import { sessionCookie, sessionToken } from '../auth/session.ts';
import { requestToken } from '../api/caller.ts';
import { JSON_TYPE, sendCkanError } from '../api/error-reply.ts';
import { userDictFor } from '../actions/user/dict.ts';
import { nowIso } from '../packages/time.ts';
import { loadProviders, type Provider } from './providers.ts';
import { BrowserState, type SignInFlow } from './flow.ts';
import { OidcFlow } from './oidc-flow.ts';
import { OAuth2Flow } from './oauth2-flow.ts';
import { mapClaims } from './claims.ts';
import { applyPerson } from './people.ts';
import { upsertOidcUser } from './users.ts';
import { readCookie, StateSealer } from './state.ts';

export const TOKEN_NAME = 'oidc sign-in';
const IDP_COOKIE = 'pasport_idp';

function expiryIn(seconds: number): string {
  return new Date(Date.now() + seconds * 1000).toISOString().slice(0, 23) + '000';
}

export class SignInRoutes {
  readonly browser: BrowserState;
  readonly flow: SignInFlow;
  private sealer: StateSealer;

  constructor(
    readonly provider: Provider,
    private services: Services,
  ) {
    this.browser = new BrowserState(provider, services);
    this.flow =
      provider.type === 'oidc' ? new OidcFlow(provider, this.browser) : new OAuth2Flow(provider, this.browser);
    this.sealer = new StateSealer(provider.stateSecret);
  }

  /** The user's key: the subject alone for the legacy `oidc` provider (accounts made before several
   * providers existed), prefixed with the provider's name otherwise, so two providers never collide. */
  private userKey(subject: string): string {
    return this.provider.name === 'oidc' ? subject : `${this.provider.name}:${subject}`;
  }

  async login(_req: FastifyRequest, reply: FastifyReply) {
    const s = this.browser.fresh();
    const url = await this.flow.authorizationUrl(s);
    this.browser.set(reply, s);
    return reply.code(302).header('cache-control', 'no-store').header('location', url.href).send();
  }

  async callback(req: FastifyRequest, reply: FastifyReply) {
    const { query, saved } = this.browser.check(req, reply);
    const result = await this.flow.exchange(query, saved, req);
    const person = mapClaims(result.claims, this.provider.mapping);
    if (!person.subject || person.subject.length > 200)
      throw new NotAuthorized('The identity provider sent no usable subject');
    const { db, config } = this.services;
    const ttl = this.provider.tokenTtlSeconds;
    const out = await db.transaction().execute(async (trx) => {
      const row = await upsertOidcUser(trx, {
        sub: this.userKey(person.subject),
        preferred_username: person.username,
        email: person.email,
        name: person.fullname,
      });
      const memberships = await applyPerson(
        trx,
        row.id,
        person,
        this.provider.name,
        config.identity.nationalIdKey ?? config.identity.sessionSecret,
      );
      // One token per sign-in: drop this user's expired ones so they do not pile up in api_token_list.
      await trx
        .deleteFrom('api_token')
        .where('user_id', '=', row.id)
        .where('name', '=', TOKEN_NAME)
        .where('expires_at', '<', expiryIn(0))
        .execute();
      const expiresAt = expiryIn(ttl);
      const { token } = await createToken(trx, row.id, TOKEN_NAME, expiresAt);
      const fresh = await trx.selectFrom('user').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
      const authUser = { id: fresh.id, name: fresh.name, sysadmin: fresh.sysadmin, operator: fresh.operator };
      return { user: await userDictFor({ db: trx, user: authUser }, fresh), token, expiresAt, memberships };
    });
    // Roles may have changed: no instance-local cache may keep the old ones.
    this.services.tokenCache.clear();
    const idp = this.sealer.sealJson({ idToken: result.idToken ?? null, accessToken: result.accessToken ?? null });
    const secure = this.browser.secure() ? '; Secure' : '';
    reply.header('set-cookie', [
      ...[reply.getHeader('set-cookie') ?? []].flat().map(String),
      sessionCookie(config, out.token, ttl),
      `${IDP_COOKIE}=${idp}; Path=/auth/${this.provider.name}; Max-Age=${ttl}; HttpOnly; SameSite=Lax${secure}`,
    ]);
    return reply
      .code(200)
      .type(JSON_TYPE)
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .send(
        JSON.stringify({ user: out.user, token: out.token, expires_at: out.expiresAt, memberships: out.memberships }),
      );
  }

  async logout(req: FastifyRequest, reply: FastifyReply) {
    const { config, db } = this.services;
    const token =
      sessionToken(config, req.headers.cookie) ??
      requestToken(req)
        ?.replace(/^Bearer\s+/i, '')
        .trim();
    // Only a token a sign-in made is ended here; tokens made with api_token_create are the user's own.
    if (token) {
      await db
        .updateTable('api_token')
        .set({ revoked_at: nowIso() })
        .where('token_hash', '=', hashToken(token))
        .where('name', '=', TOKEN_NAME)
        .where('revoked_at', 'is', null)
        .execute();
      this.services.tokenCache.clear();
    }
    const saved = this.sealer.openJson(readCookie(req.headers.cookie, IDP_COOKIE)) as {
      idToken?: string;
      accessToken?: string;
    } | null;
    const after = this.provider.postLogoutRedirectUri ?? `${config.siteUrl}/`;
    const endSession = await this.flow.logout(saved ?? {}, after);
    const secure = this.browser.secure() ? '; Secure' : '';
    reply.header('set-cookie', [
      sessionCookie(config, null, 0),
      `${IDP_COOKIE}=; Path=/auth/${this.provider.name}; Max-Age=0; HttpOnly; SameSite=Lax${secure}`,
    ]);
    reply.header('cache-control', 'no-store');
    if (req.method === 'GET')
      return reply
        .code(302)
        .header('location', endSession ?? after)
        .send();
    return reply
      .code(200)
      .type(JSON_TYPE)
      .send(JSON.stringify({ success: true, result: { end_session_url: endSession } }));
  }
}

function sendFailure(req: FastifyRequest, reply: FastifyReply, err: unknown) {
  reply.header('cache-control', 'no-store');
  return sendCkanError(req, reply, err, null);
}

const module: PasportModule = {
  name: 'oidc',
  async start({ app, services }: ModuleContext) {
    const providers = loadProviders(services.config.identity.providers, services.config.identity.providerEnv);
    if (!providers.length) return;
    const routes = new Map(providers.map((p) => [p.name, new SignInRoutes(p, services)]));
    services.extensions.oidc = routes;
    const wrap =
      (fn: (r: SignInRoutes, req: FastifyRequest, reply: FastifyReply) => Promise<unknown>) =>
      async (req: FastifyRequest<{ Params: { provider: string } }>, reply: FastifyReply) => {
        try {
          const r = routes.get(req.params.provider);
          if (!r) return reply.callNotFound();
          return await fn(r, req, reply);
        } catch (err) {
          return sendFailure(req, reply, err);
        }
      };
    const hide = { schema: { hide: true } };
    app.get('/auth/providers', hide, async (_req, reply) =>
      reply.type(JSON_TYPE).send(
        JSON.stringify(
          providers.map((p) => ({
            name: p.name,
            title: p.title,
            login: `/auth/${p.name}/login`,
            logout: `/auth/${p.name}/logout`,
          })),
        ),
      ),
    );
    app.get(
      '/auth/:provider/login',
      hide,
      wrap((r, req, reply) => r.login(req, reply)),
    );
    app.get(
      '/auth/:provider/callback',
      hide,
      wrap((r, req, reply) => r.callback(req, reply)),
    );
    app.route({
      method: ['GET', 'POST'],
      url: '/auth/:provider/logout',
      schema: { hide: true },
      handler: wrap((r, req, reply) => r.logout(req, reply)),
    });
  },
};

export default module;
