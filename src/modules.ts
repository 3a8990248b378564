// Subsystems that run beside the Action API (search indexer, SPARQL store, DCAT feeds, DataStore
// dumps, sign-in). Each registers its routes and background work here; src/app.ts starts them in this
// order after the Action API and stops them in reverse.
import type { PasportModule } from './modules/types.ts';

// Kept for src/sparql/module.ts, which still imports its type from here (a cycle the lint allows for
// that one file until the SPARQL branch imports ./modules/types.ts).
export type { ModuleContext, ModuleHooks, PasportModule } from './modules/types.ts';

export const modules: PasportModule[] = [
  // one line per module, e.g. (await import('./search/module.ts')).default,
  (await import('./calendar/module.ts')).default,
  (await import('./oidc/module.ts')).default,
  (await import('./packages/cache-sync.ts')).default,
  // Before DCAT, SPARQL and search: its settle() runs first, and the changes it announces reach them.
  (await import('./quality/module.ts')).default,
  (await import('./datastore/module.ts')).default,
  (await import('./dcat/module.ts')).default,
  (await import('./sparql/module.ts')).default,
  (await import('./search/module.ts')).default,
  (await import('./content/module.ts')).default,
  (await import('./monitoring/module.ts')).default,
  (await import('./requests/module.ts')).default,
  (await import('./scheduler/module.ts')).default,
  (await import('./tracking/module.ts')).default,
];
