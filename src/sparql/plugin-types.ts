// What sparqlPlugin takes (its options, the query log entry) and what its routes share (RouteContext).
// A leaf: the route files and plugin.ts import it, so it imports none of them.
import type { FastifyRequest } from 'fastify';
import type { ExampleQuery } from './examples.ts';
import type { Federation } from './federation.ts';
import type { FormatName } from './formats.ts';
import type { SparqlLoading } from './errors.ts';
import type { Scope, SparqlStore } from './store.ts';

export interface SparqlLogEntry {
  query: string;
  scope: Scope;
  method: string;
  format: FormatName | null;
  status: number;
  durationMs: number;
  /** Result body size in bytes (0 on error). */
  bytes: number;
  truncated: boolean;
  federated: boolean;
  error?: string;
  ip: string;
}

export interface SparqlPluginOptions {
  store: SparqlStore;
  /** Who sees what: 'all' for sysadmins, 'public' otherwise. Default: always 'public'. */
  scopeFor?: (request: FastifyRequest) => Scope | Promise<Scope>;
  /** Who asks, for the fair queue (pool.ts): a user id, else the IP. Default: the IP. */
  clientFor?: (request: FastifyRequest) => string | Promise<string>;
  /** Called once per query (not for the page, assets or service description). */
  log?: (entry: SparqlLogEntry) => void;
  examples?: ExampleQuery[];
  /** Pasport's vocabulary namespace, for the examples' `pas:` prefix. Default `{origin}/ns#`. */
  vocabNs?: string;
  /** Route path. Default '/sparql'. */
  path?: string;
  /** Absolute endpoint URL for the service description; default derived from the request. */
  endpointUrl?: string;
  /** Largest accepted request body (query text or form). Default 64 KiB. */
  maxBodyBytes?: number;
  /** Override the store's limits per request (the store's own defaults otherwise). */
  timeoutMs?: number;
  maxRows?: number;
  /** SERVICE support. Off unless given: calling out is an SSRF risk, so the allow-list is mandatory. */
  federation?: { allow: (url: URL) => boolean; timeoutMs?: number; debug?: boolean };
  /** CORS for browser clients on other origins. Default true (the endpoint is public and read-only). */
  cors?: boolean;
  /** Cache-Control of the service description. Default `public, max-age=0, must-revalidate`. */
  descriptionCacheControl?: string;
  /**
   * Why queries cannot run yet (the store is still loading), or null once they can. While it returns an
   * error, queries answer it (503 with Retry-After); the page and the service description are still served.
   */
  unavailable?: () => SparqlLoading | null;
}

/** What the routes share: the options, the paths, the federation engine. */
export interface RouteContext {
  opts: SparqlPluginOptions;
  path: string;
  fullPath: string;
  bodyLimit: number;
  federation: Federation | null;
  describedSince: Date;
  sdCache: string;
  endpointFor(req: FastifyRequest): string;
}
