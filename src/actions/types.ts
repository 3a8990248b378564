// What an action is: one definition from which the router, help_show and the OpenAPI document derive.
import type { DB } from '../db/connect.ts';
import type { Config } from '../config.ts';
import type { Services } from '../services.ts';

import type { AuthUser } from '../auth/types.ts';
import type { FromSchema, JSONSchema } from 'json-schema-to-ts';

export type { AuthUser } from '../auth/types.ts';

export type JsonSchema = Record<string, unknown>;

export interface ActionContext {
  /** The transaction for writes, the pool for reads. */
  db: DB;
  /** True inside a write transaction: caches must not be filled from uncommitted data. */
  inTransaction: boolean;
  user: AuthUser | null;
  config: Config;
  services: Services;
  /** Run after the write transaction commits (cache invalidation, waking indexers). */
  afterCommit(fn: () => void | Promise<void>): void;
  /** Run inside the write transaction once the handler is done, before the commit (search documents). */
  beforeCommit?(fn: () => Promise<void>): void;
  /** Files from a multipart request, by field name. */
  files: Record<string, UploadedFile>;
  /** Path and query of the HTTP request, for actions that build links (datastore `_links`). */
  requestPath?: string;
  /** The caller's IP address (kept with citizens' requests and feedback, erasable on demand). */
  ip?: string;
  /** Who is asking, for fair shares: `t:<token id>`, `u:<user id>` or `ip:<address>` (src/ratelimit). */
  clientKey?: string;
  /** The definition of an action by name (help_show), from the runner's registry. */
  definition(name: string): ActionDef | undefined;
  /** Call another action in the same transaction and as the same user, skipping HTTP. `returnIdOnly` is
   * CKAN's context flag of that name: package_create and package_update answer with the id alone, so a
   * caller writing many datasets (a harvest) does not load each one back. */
  call<T = unknown>(
    name: string,
    input: Record<string, unknown>,
    opts?: { ignoreAuth?: boolean; returnIdOnly?: boolean },
  ): Promise<T>;
  /** Set by call({ returnIdOnly }) for the called action only (see call). */
  returnIdOnly?: boolean;
}

export interface UploadedFile {
  filename: string;
  mimetype: string;
  content: Buffer;
}

/** An authorization rule: throws NotAuthorized or returns. `target` is what the action's resolve step
 * found (the objects the handler will touch), so the rule checks exactly those. */
export type AuthRule<T = any> = (ctx: ActionContext, input: any, target: T) => Promise<void> | void;

export interface ActionDef<I = any, O = any> {
  name: string;
  /** The action's documentation: returned by help_show, shown in OpenAPI. */
  description: string;
  /** CKAN's side_effect_free: may be called with GET; runs outside a write transaction. */
  sideEffectFree: boolean;
  /**
   * A write whose handler, for this caller, makes at most one write statement (atomic by itself): it
   * runs without BEGIN and COMMIT, so no row lock outlives the statement (a signed-in vote: five round
   * trips to the database -> one, and a popular request's counter row is not held across a round trip).
   */
  autocommit?(user: AuthUser | null): boolean;
  /** JSON Schema of the input dict (top-level object). */
  input: JsonSchema;
  /**
   * Finds the objects the action acts on (e.g. the resource named by `id` and its dataset), once.
   * The runner passes the result to both the rule and the handler, so they can never read different
   * keys or find different rows. Runs for every caller, sysadmins included; an unknown reference
   * resolves to undefined and the handler reports it (404 / 409) as before.
   */
  resolve?(ctx: ActionContext, input: any): Promise<unknown>;
  auth: AuthRule;
  handler(ctx: ActionContext, input: I, target?: any): Promise<O>;
  /** OpenAPI tag. */
  tag?: string;
  /** The token scope this action needs; default derived in src/auth/scopes.ts (actionScope). */
  scope?: 'read' | 'datasets:write' | 'datastore:write' | 'content:write' | 'admin';
}

/**
 * The input type an action's JSON Schema describes (json-schema-to-ts), so a handler's input is typed by
 * the very schema that validates it; a schema built at run time (typed JsonSchema) gives a plain record.
 */
export type InputOf<S> = S extends JSONSchema ? FromSchema<S> : Record<string, unknown>;

/** An action definition; its handler's `input` is typed from `input`, the schema, written inline. */
export function defineAction<const S extends JsonSchema, O = any>(
  def: Omit<ActionDef<InputOf<S>, O>, 'input'> & { input: S },
): ActionDef<InputOf<S>, O> {
  return def;
}

export { RawJson } from './raw-json.ts';
