#!/usr/bin/env node
// The static checks `npm test` runs before tap (and `npm run lint` alone):
//  1. Biome (biome.json): the formatter check, import cycles (type-only imports count), process.env
//     outside src/config.ts, unused imports, and in src/ no file over 400 lines, no function over 80
//     (file lengths are counted here too, whole files, as `wc -l` does).
//  2. knip (knip.json): unused files and exports. Exports unused today are listed in
//     scripts/lint-baseline.txt; a NEW unused export or file fails (one that became used is only
//     reported: `node scripts/lint.mjs --update-baseline` rewrites the list).
// Exit code 0 when both pass. Autofix what can be: `npm run lint:fix`; formatting: `npm run format`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const BASELINE = path.join(root, 'scripts', 'lint-baseline.txt');
let failed = false;

const biome = spawnSync(bin('biome'), ['check', '--max-diagnostics=50', '.'], { cwd: root, stdio: 'inherit' });
if (biome.status !== 0) {
  console.error('# biome check failed (formatting: npm run format; lint autofix: npm run lint:fix)');
  failed = true;
}

// Biome counts a file's lines from its first statement; the rule is about the file as a reader meets it.
const MAX_LINES = 400;
const walk = (dir) =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : e.name.endsWith('.ts') ? [p] : [];
  });
for (const file of walk(path.join(root, 'src'))) {
  const lines = fs.readFileSync(file, 'utf8').split('\n').length - 1;
  if (lines > MAX_LINES) {
    console.error(`# ${path.relative(root, file)}: ${lines} lines (at most ${MAX_LINES} in src/)`);
    failed = true;
  }
}

const knip = spawnSync(bin('knip'), ['--no-progress', '--reporter', 'json'], {
  cwd: root,
  encoding: 'utf8',
  maxBuffer: 64 << 20,
});
let found = [];
try {
  const report = JSON.parse(knip.stdout);
  for (const issue of report.issues) {
    for (const f of issue.files ?? []) found.push(`file ${f.name}`);
    for (const kind of ['exports', 'types']) {
      for (const e of issue[kind] ?? []) found.push(`${kind === 'types' ? 'type' : 'export'} ${issue.file} ${e.name}`);
    }
  }
} catch {
  console.error(`# knip did not report: ${knip.stderr || knip.stdout}`);
  process.exit(1);
}
found = [...new Set(found)].sort();

if (process.argv.includes('--update-baseline')) {
  fs.writeFileSync(BASELINE, `${found.join('\n')}\n`);
  console.log(`# wrote ${found.length} entries to ${path.relative(root, BASELINE)}`);
} else {
  const known = new Set(fs.readFileSync(BASELINE, 'utf8').split('\n').filter(Boolean));
  const fresh = found.filter((x) => !known.has(x));
  const gone = [...known].filter((x) => !found.includes(x));
  for (const x of fresh) console.error(`# unused ${x}`);
  if (gone.length)
    console.error(`# ${gone.length} entries of scripts/lint-baseline.txt are used now (--update-baseline)`);
  if (fresh.length) {
    console.error(
      '# knip: remove the unused export (or the `export` keyword), or run node scripts/lint.mjs --update-baseline',
    );
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
