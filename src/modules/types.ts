// What a module is, in a leaf file: each */module.ts imports these types from here, and src/modules.ts
// imports the modules, so no module imports the list it is in (an import cycle, even type-only).
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import type { ActionRunner } from '../actions/runner.ts';

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
