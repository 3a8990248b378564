// The action registry: the definitions listed in all.ts, checked once and keyed by name. The router,
// help_show and the OpenAPI document are all built from this one map.
import { ACTION_MODULES } from './all.ts';
import { ActionRunner } from './runner.ts';
import type { ActionDef } from './types.ts';
import type { Services } from '../services.ts';

function build(): Map<string, ActionDef> {
  const map = new Map<string, ActionDef>();
  for (const def of ACTION_MODULES.flat()) {
    if (typeof def?.handler !== 'function' || typeof def.name !== 'string')
      throw new Error('src/actions/all.ts lists a module whose default export is not an action definition');
    // A rule that takes the resolved target (a third parameter) checks nothing without `resolve`:
    // such an action would be open to everyone, so it must not start.
    if (def.auth.length >= 3 && !def.resolve)
      throw new Error(`action ${def.name}: its rule checks a resolved object, but it declares no resolve`);
    if (map.has(def.name)) throw new Error(`action ${def.name} is defined twice`);
    map.set(def.name, def);
  }
  return new Map([...map.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

let loaded: Promise<Map<string, ActionDef>> | null = null;

export function loadActions(): Promise<Map<string, ActionDef>> {
  loaded ??= Promise.resolve().then(build);
  return loaded;
}

/**
 * The process's one action runner, made and registered by whatever starts the process (the server, the
 * worker, a CLI command), so code that writes outside a request (scheduled pulls and harvests) finds it
 * in `services.extensions.actionRunner` without importing the registry.
 */
export async function registerRunner(services: Services): Promise<ActionRunner> {
  const runner = new ActionRunner(await loadActions(), services);
  services.extensions.actionRunner = runner;
  return runner;
}
