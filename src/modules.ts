// Subsystems that run beside the Action API (search indexer, SPARQL store, DCAT feeds, DataStore
// dumps, sign-in). Each registers its routes and background work here; src/app.ts starts them in this
// order after the Action API and stops them in reverse.
import type { FastifyInstance } from 'fastify';
import type { Services } from './services.ts';
import type { ActionRunner } from './actions/runner.ts';

/** Hooks into the modules' start-up for tests (hold a background load to observe it); unset in production. */
export interface ModuleHooks {
  /** The SPARQL store's background load: batch size, and a call after each batch that may hold it. */
  sparqlLoad?: { batch?: number; afterBatch?: (p: { loaded: number; total: number }) => void | Promise<void> };
}

export interface ModuleContext {
  app: FastifyInstance;
  services: Services;
  runner: ActionRunner;
  hooks?: ModuleHooks;
}

export interface PasportModule {
  name: string;
  /** Register routes and start background work; return what stops it. */
  start(ctx: ModuleContext): Promise<{ stop(): Promise<void> } | void>;
}

export const modules: PasportModule[] = [
  // one line per module, e.g. (await import('./search/module.ts')).default,
  (await import('./calendar/module.ts')).default,
  (await import('./oidc/module.ts')).default,
  (await import('./packages/cache-sync.ts')).default,
  (await import('./datastore/module.ts')).default,
  (await import('./dcat/module.ts')).default,
  (await import('./sparql/module.ts')).default,
  (await import('./search/module.ts')).default,
  (await import('./content/module.ts')).default,
  (await import('./monitoring/module.ts')).default,
  (await import('./requests/module.ts')).default,
  (await import('./scheduler/module.ts')).default,
];
