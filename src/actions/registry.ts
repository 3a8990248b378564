// Every action Pasport offers, discovered once at start-up: each module under src/actions/<area>/ or
// src/<module>/actions/ default-exports one definition, or a list of them when one definition table
// yields several actions (the content types of src/content: six actions per type). The router, help_show and the OpenAPI document
// are all built from this one map.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ActionDef } from './types.ts';

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function actionFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(p);
    }
  };
  for (const e of fs.readdirSync(path.join(src, 'actions'), { withFileTypes: true })) {
    if (e.isDirectory()) walk(path.join(src, 'actions', e.name));
  }
  for (const e of fs.readdirSync(src, { withFileTypes: true })) {
    const dir = path.join(src, e.name, 'actions');
    if (e.isDirectory() && e.name !== 'actions' && fs.existsSync(dir)) walk(dir);
  }
  return out.sort();
}

let loaded: Promise<Map<string, ActionDef>> | null = null;

export function loadActions(): Promise<Map<string, ActionDef>> {
  loaded ??= (async () => {
    const map = new Map<string, ActionDef>();
    for (const file of actionFiles()) {
      const mod = (await import(pathToFileURL(file).href)) as { default?: ActionDef | ActionDef[] };
      for (const def of Array.isArray(mod.default) ? mod.default : [mod.default]) {
        if (!def || typeof def.handler !== 'function' || typeof def.name !== 'string') continue; // helper module
        // A rule that takes the resolved target (a third parameter) checks nothing without `resolve`:
        // such an action would be open to everyone, so it must not start.
        if (def.auth.length >= 3 && !def.resolve)
          throw new Error(
            `action ${def.name}: its rule checks a resolved object, but it declares no resolve (${file})`,
          );
        if (map.has(def.name)) throw new Error(`action ${def.name} is defined twice (${file})`);
        map.set(def.name, def);
      }
    }
    return new Map([...map.entries()].sort(([a], [b]) => a.localeCompare(b)));
  })();
  return loaded;
}
