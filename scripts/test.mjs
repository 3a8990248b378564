#!/usr/bin/env node
// Runs the whole test suite the way CI does: type-check, the static checks (scripts/lint.mjs: Biome's
// formatter and linter, knip), then tap, then the one closing line CI counts
// ("N passed, M failed"), taken from tap's final "# { total, pass, fail }" summary.
//
// A test file whose process is killed by a signal (SIGILL, SIGSEGV, SIGBUS, SIGTRAP) did not fail an
// assertion: the runtime itself crashed. V8 has an open, intermittent fault in WebAssembly code that
// PGlite (PostgreSQL compiled to WebAssembly) triggers under concurrent processes (nodejs/node#64500,
// electric-sql/pglite#1053); CI met it once in ~100 files (SIGILL after every assertion had passed).
// Such a file is run once more, alone; it counts as passed only if that run passes, and the crash is
// printed loudly either way. Any other failure, or a second crash, fails the suite.
import { spawn, spawnSync } from 'node:child_process';

const CRASH_SIGNALS = new Set(['SIGILL', 'SIGSEGV', 'SIGBUS', 'SIGTRAP']);

const args = process.argv.slice(2);
const tc = spawnSync('npx', ['tsc', '--noEmit'], { stdio: 'inherit' });
let typecheckFailed = tc.status !== 0;
if (typecheckFailed) console.error('# type-check failed');
const lint = spawnSync(process.execPath, ['scripts/lint.mjs'], { stdio: 'inherit' });
if (lint.status !== 0) {
  console.error('# static checks failed (scripts/lint.mjs)');
  typecheckFailed = true;
}

/** Runs tap, echoing its output; resolves with its exit code and the whole TAP text. */
function runTap(tapArgs) {
  return new Promise((resolve) => {
    const tap = spawn('npx', ['tap', '--reporter=tap', ...tapArgs], { stdio: ['ignore', 'pipe', 'inherit'] });
    const chunks = [];
    tap.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      chunks.push(chunk);
    });
    tap.on('close', (code) => resolve({ code, text: Buffer.concat(chunks).toString() }));
  });
}

/** tap's closing "# { total: 3461, pass: 3459, fail: 1, skip: 1 }"; a missing key means 0. */
function summary(text) {
  const m = [...text.matchAll(/^# \{ (total: \d+[^}]*)\}$/gm)].pop();
  if (!m) return null;
  const counts = Object.fromEntries([...m[1].matchAll(/(\w+): (\d+)/g)].map(([, k, v]) => [k, Number(v)]));
  return { pass: counts.pass ?? 0, fail: counts.fail ?? 0, skip: counts.skip ?? 0 };
}

/**
 * Top-level test files that ended in a crash signal, with the assertions that had passed in them
 * before it (so a re-run replaces them instead of counting them twice).
 */
function crashedFiles(text) {
  const crashed = [];
  const re = /^not ok \d+ - (\S+\.test\.ts)[^\n]*\n  ---\n((?: {2}[^\n]*\n)*?) {2}\.\.\.$/gm;
  for (const [, file, yaml] of text.matchAll(re)) {
    const signal = /^ {2}signal: (\w+)$/m.exec(yaml)?.[1];
    if (!signal || !CRASH_SIGNALS.has(signal)) continue;
    const start = text.indexOf(`# Subtest: ${file}\n`);
    const end = text.indexOf(`- ${file}`, start);
    const block = start >= 0 && end > start ? text.slice(start, end) : '';
    // tap counts assertions, not the subtests that hold them: an "ok" line closing a subtest is one
    // whose name opened a "# Subtest:" at the same indentation.
    const opened = new Set(
      [...block.matchAll(/^( *)# Subtest: (.*)$/gm)].map(([, ind, name]) => `${ind.length}:${name}`),
    );
    const passedBefore = [...block.matchAll(/^( +)ok \d+ - (.*?)(?: # time=[\d.]+ms)?$/gm)].filter(
      ([, ind, name]) => !opened.has(`${ind.length}:${name}`),
    ).length;
    crashed.push({ file, signal, passedBefore });
  }
  return crashed;
}

const first = await runTap(args);
let counts = summary(first.text);
let ok = first.code === 0 && counts !== null;
const crashes = counts ? crashedFiles(first.text) : [];
// Re-run only when crashes are the whole story: every other file passed.
if (!ok && counts && counts.fail === 0 && crashes.length > 0) {
  for (const c of crashes) {
    console.log(
      `# RUNTIME CRASH: ${c.file} was killed by ${c.signal} (not an assertion failure); running it once more`,
    );
  }
  const again = await runTap(crashes.map((c) => c.file));
  const rerun = summary(again.text);
  const recrashed = rerun ? crashedFiles(again.text) : [];
  if (rerun) {
    const replaced = crashes.reduce((n, c) => n + c.passedBefore, 0);
    counts = { pass: counts.pass - replaced + rerun.pass, fail: rerun.fail, skip: counts.skip + rerun.skip };
  }
  ok = again.code === 0 && rerun !== null && recrashed.length === 0;
  console.log(`# re-run of ${crashes.length} crashed file(s): ${ok ? 'passed' : 'FAILED'}`);
}

const pass = counts?.pass ?? 0;
let fail = counts ? counts.fail : 1;
if (!ok && fail === 0) fail = 1; // a crash or a tap error with no failing assertion still fails
if (typecheckFailed) fail += 1;
console.log(`${pass} passed, ${fail} failed${counts?.skip ? `, ${counts.skip} skipped` : ''}`);
process.exit(ok && !typecheckFailed ? 0 : 1);
