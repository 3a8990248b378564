#!/usr/bin/env node
// Runs the whole test suite the way CI does: type-check, the static checks (scripts/lint.mjs: Biome's
// formatter and linter, knip), then tap, then the one closing line CI counts
// ("N passed, M failed"), taken from tap's final "# { total, pass, fail }" summary.
import { spawn, spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const tc = spawnSync('npx', ['tsc', '--noEmit'], { stdio: 'inherit' });
let typecheckFailed = tc.status !== 0;
if (typecheckFailed) console.error('# type-check failed');
const lint = spawnSync(process.execPath, ['scripts/lint.mjs'], { stdio: 'inherit' });
if (lint.status !== 0) {
  console.error('# static checks failed (scripts/lint.mjs)');
  typecheckFailed = true;
}

const tap = spawn('npx', ['tap', '--reporter=tap', ...(args.length ? args : [])], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
let tail = '';
tap.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  tail = (tail + chunk.toString()).slice(-4000);
});
tap.on('close', (code) => {
  // e.g. "# { total: 3461, pass: 3459, fail: 1, skip: 1 }"; a missing key means 0.
  const m = [...tail.matchAll(/^# \{ (total: \d+[^}]*)\}$/gm)].pop();
  const counts = Object.fromEntries([...(m?.[1] ?? '').matchAll(/(\w+): (\d+)/g)].map(([, k, v]) => [k, Number(v)]));
  const pass = counts.pass ?? 0;
  let fail = m ? counts.fail ?? 0 : 1;
  if (typecheckFailed) fail += 1;
  console.log(`${pass} passed, ${fail} failed${counts.skip ? `, ${counts.skip} skipped` : ''}`);
  process.exit(code === 0 && !typecheckFailed && m ? 0 : 1);
});
