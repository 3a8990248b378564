// src/actions/all.ts lists the action modules by hand; this walks the folders actions live in and fails
// when a module that default-exports an action is missing from the list (or listed twice).
import t from 'tap';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ACTION_MODULES } from '../../src/actions/all.ts';
import { loadActions } from '../../src/actions/registry.ts';

const src = path.resolve(import.meta.dirname, '../../src');

function tsFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return tsFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

const isAction = (d: unknown) =>
  !!d &&
  typeof (d as { handler?: unknown }).handler === 'function' &&
  typeof (d as { name?: unknown }).name === 'string';

t.test('every action module in the tree is listed in src/actions/all.ts, once', async (t) => {
  const dirs = [
    ...fs
      .readdirSync(path.join(src, 'actions'), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => path.join(src, 'actions', e.name)),
    ...fs
      .readdirSync(src, { withFileTypes: true })
      .filter((e) => e.isDirectory() && e.name !== 'actions')
      .map((e) => path.join(src, e.name, 'actions')),
  ];
  const listed = new Set<unknown>(ACTION_MODULES);
  t.equal(listed.size, ACTION_MODULES.length, 'no module listed twice');
  let found = 0;
  for (const file of dirs.flatMap(tsFiles)) {
    const mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
    const d = mod.default;
    if (!(isAction(d) || (Array.isArray(d) && d.length && d.every(isAction)))) continue;
    found++;
    if (!listed.has(d)) t.fail(`${path.relative(src, file)} defines actions but is not listed in src/actions/all.ts`);
  }
  t.equal(found, ACTION_MODULES.length, 'the list holds exactly the action modules of the tree');
  const actions = await loadActions();
  t.ok(actions.has('package_show') && actions.has('help_show') && actions.has('datastore_search'));
  t.same(
    [...actions.keys()],
    [...actions.keys()].sort((a, b) => a.localeCompare(b)),
    'names in order',
  );
});
