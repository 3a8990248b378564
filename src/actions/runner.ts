// Runs an action: validate the input against its schema, check its authorization rule, run the handler
// (writes inside one transaction), then the after-commit hooks. The HTTP layer and in-process callers
// (CLI, other actions) all come through here.
import { RawJson, type ActionContext, type ActionDef, type AuthUser, type UploadedFile } from './types.ts';
import type { Services } from '../services.ts';
import type { DB } from '../db/connect.ts';
import { coerceInput, validateInput } from './validate.ts';
import { BadRequest, NotAuthorized } from '../errors.ts';
import { retryConflicts } from '../db/retry.ts';
import { checkScope } from '../auth/scopes.ts';

export interface RunOptions {
  user: AuthUser | null;
  files?: Record<string, UploadedFile>;
  requestPath?: string;
  ip?: string;
  clientKey?: string;
  ignoreAuth?: boolean;
}

function unwrap(v: unknown): unknown {
  return v instanceof RawJson ? JSON.parse(v.json) : v;
}

export class ActionRunner {
  constructor(
    readonly actions: Map<string, ActionDef>,
    readonly services: Services,
  ) {}

  get(name: string): ActionDef | undefined {
    return this.actions.get(name);
  }

  async run(name: string, input: Record<string, unknown>, opts: RunOptions): Promise<unknown> {
    const def = this.actions.get(name);
    if (!def) throw new BadRequest(`Action name not known: ${name}`);
    // The action the caller asked for decides the token scope; actions it calls in turn inherit it.
    checkScope(opts.user, def);
    const hooks: (() => void | Promise<void>)[] = [];
    const before: (() => Promise<void>)[] = [];
    const inTransaction = !def.sideEffectFree && !def.autocommit?.(opts.user);
    if (def.sideEffectFree) {
      // A read: no transaction and no closures (the hot path of package_show, package_search).
      const ctx = this.context(this.services.db, false, opts, hooks, before);
      const out = await this.invoke(def, input, ctx, opts.ignoreAuth ?? false);
      for (const h of hooks) await h();
      return out;
    }
    const run = async (db: DB) => {
      const out = await this.invoke(
        def,
        input,
        this.context(db, inTransaction, opts, hooks, before),
        opts.ignoreAuth ?? false,
      );
      // A hook may register another (the first change of a kind): run until none is left.
      while (before.length) await before.shift()!();
      return out;
    };
    // A write that lost a deadlock or serialization conflict was rolled back whole: run it again, with
    // the hooks of the failed attempt forgotten.
    const result = !inTransaction
      ? await run(this.services.db)
      : await retryConflicts(
          () => this.services.db.transaction().execute(run),
          () => {
            hooks.length = 0;
            before.length = 0;
          },
        );
    for (const h of hooks) await h();
    return result;
  }

  /**
   * The rule of a write, run on what is known before the request body is read whole (the form fields
   * preceding an upload). Only a refusal counts: NotAuthorized is thrown; anything else (a missing
   * field, an unknown id) is left for the full run to report in its usual order.
   */
  async preauthorize(def: ActionDef, raw: Record<string, unknown>, user: AuthUser | null): Promise<void> {
    if (user?.sysadmin) return;
    const ctx = this.context(this.services.db, false, { user }, [], []);
    try {
      const input = coerceInput(def.input, raw);
      const target = def.resolve ? await def.resolve(ctx, input) : undefined;
      await def.auth(ctx, input, target);
    } catch (e) {
      if (e instanceof NotAuthorized) throw e;
    }
  }

  /** In-process work that is not an action (a scheduled load): `fn` gets an action context in one write
   * transaction, as the given user, with the same before/after-commit hooks (search, caches) as an action. */
  async transaction<T>(user: AuthUser | null, fn: (ctx: ActionContext) => Promise<T>): Promise<T> {
    const hooks: (() => void | Promise<void>)[] = [];
    const before: (() => Promise<void>)[] = [];
    const result = await this.services.db.transaction().execute(async (trx) => {
      const out = await fn(this.context(trx, true, { user }, hooks, before));
      while (before.length) await before.shift()!();
      return out;
    });
    for (const h of hooks) await h();
    return result;
  }

  /** For in-process callers: like run(), with cached/serialised results parsed back into values. */
  async result<T = unknown>(name: string, input: Record<string, unknown>, opts: RunOptions): Promise<T> {
    return unwrap(await this.run(name, input, opts)) as T;
  }

  private context(
    db: DB,
    inTransaction: boolean,
    opts: RunOptions,
    hooks: (() => void | Promise<void>)[],
    before: (() => Promise<void>)[],
  ): ActionContext {
    return new RunContext(this, db, inTransaction, opts, hooks, before);
  }

  /** Runs `def` in `ctx`: what a request runs, and what RunContext.call runs on the caller's context. */
  async invoke(
    def: ActionDef,
    raw: Record<string, unknown>,
    ctx: ActionContext,
    ignoreAuth: boolean,
  ): Promise<unknown> {
    // Sysadmins skip authorization rules, as in CKAN. Writes check access before validating (an
    // anonymous package_create is a 403 whatever its body); reads validate first (a package_show
    // without id is a 409), which is CKAN's order too. The target is resolved once, before the rule,
    // and handed to the handler: what was authorized is what is changed.
    const check = ignoreAuth || ctx.user?.sysadmin ? null : def.auth;
    if (!def.sideEffectFree) {
      const coerced = coerceInput(def.input, raw);
      const target = def.resolve ? await def.resolve(ctx, coerced) : undefined;
      if (check) await check(ctx, coerced, target);
      return def.handler(ctx, validateInput<Record<string, unknown>>(def.input, coerced), target);
    }
    const input = validateInput<Record<string, unknown>>(def.input, raw);
    const target = def.resolve ? await def.resolve(ctx, input) : undefined;
    if (check) await check(ctx, input, target);
    return def.handler(ctx, input, target);
  }
}

/**
 * An action's context: a class, so a request builds one object and no closures (each closure also
 * costs a defineProperty call under tsx, which keeps function names: ~7 % of a cached package_show's
 * CPU went to closures made per request). beforeCommit is an own property only inside a transaction,
 * since its absence is what tells code outside one (activity/record.ts, outbox.ts).
 */
class RunContext implements ActionContext {
  readonly config: Services['config'];
  readonly services: Services;
  readonly user: ActionContext['user'];
  readonly files: ActionContext['files'];
  readonly requestPath?: string;
  readonly ip?: string;
  readonly clientKey?: string;
  beforeCommit?: (fn: () => Promise<void>) => void;
  returnIdOnly?: boolean;

  constructor(
    private readonly runner: ActionRunner,
    readonly db: DB,
    readonly inTransaction: boolean,
    opts: RunOptions,
    private readonly hooks: (() => void | Promise<void>)[],
    private readonly before: (() => Promise<void>)[],
  ) {
    this.services = runner.services;
    this.config = runner.services.config;
    this.user = opts.user;
    this.files = opts.files ?? {};
    this.requestPath = opts.requestPath;
    this.ip = opts.ip;
    this.clientKey = opts.clientKey;
    if (inTransaction) this.beforeCommit = RunContext.prototype.addBefore;
  }

  afterCommit(fn: () => void | Promise<void>): void {
    this.hooks.push(fn);
  }

  private addBefore(fn: () => Promise<void>): void {
    this.before.push(fn);
  }

  definition(name: string): ActionDef | undefined {
    return this.runner.actions.get(name);
  }

  async call<T>(
    name: string,
    input: Record<string, unknown>,
    o?: { ignoreAuth?: boolean; returnIdOnly?: boolean },
  ): Promise<T> {
    const def = this.runner.actions.get(name);
    if (!def) throw new Error(`unknown action ${name}`);
    // The flag holds for this call only: actions it calls in turn see their own (calls on one
    // context run one after another, on its one connection).
    const outer = this.returnIdOnly;
    this.returnIdOnly = o?.returnIdOnly;
    try {
      return unwrap(await this.runner.invoke(def, input, this, o?.ignoreAuth ?? false)) as T;
    } finally {
      this.returnIdOnly = outer;
    }
  }
}
