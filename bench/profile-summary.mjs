// Self time per function (and per file) of a V8 .cpuprofile, the top entries: node bench/profile-summary.mjs FILE [top]
import { readFileSync } from 'node:fs';
const prof = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const top = Number(process.argv[3] ?? 30);
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const self = new Map();
const dt = prof.timeDeltas;
for (let i = 0; i < prof.samples.length; i++)
  self.set(prof.samples[i], (self.get(prof.samples[i]) ?? 0) + (dt[i] ?? 0));
const fn = new Map();
const file = new Map();
let total = 0;
for (const [id, us] of self) {
  const n = byId.get(id);
  const f = n.callFrame;
  const where = (f.url || '').replace(/^.*node_modules\//, 'nm/').replace(/^file:\/\/.*?\/src\//, 'src/');
  const k = `${f.functionName || '(anon)'} ${where}:${f.lineNumber}`;
  fn.set(k, (fn.get(k) ?? 0) + us);
  const pkg = where.startsWith('nm/')
    ? where
        .split('/')
        .slice(0, where.split('/')[1].startsWith('@') ? 3 : 2)
        .join('/')
    : where || f.functionName;
  file.set(pkg, (file.get(pkg) ?? 0) + us);
  total += us;
}
const show = (m, title) => {
  console.log(`\n${title} (total ${(total / 1000).toFixed(0)} ms)`);
  for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`${((100 * us) / total).toFixed(1).padStart(5)} %  ${k}`);
};
show(file, 'self time by file/package');
show(fn, 'self time by function');
