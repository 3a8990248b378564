// SPARQL benchmark: the yardstick queries (../shared/sparql-bench/queries) over HTTP against the
// Pasport endpoint vs in-process Oxigraph on the same data, same run. Target: HTTP within 1.5x.
// Usage: node --import tsx bench/sparql.ts [N ...]   (default: 10000 50000)
import { execFileSync } from 'node:child_process';
import Fastify from 'fastify';
import ox from 'oxigraph';
import { SparqlStore } from '../src/sparql/store.ts';
import { sparqlPlugin } from '../src/sparql/plugin.ts';
import { benchQueries, entries, generate, splitGraphs } from '../test/sparql/catalog.ts';

const sizes = process.argv.slice(2).map(Number).filter(Boolean);
const RUNS = Number(process.env.RUNS ?? 9);
const MB = (b: number) => (b / 1048576).toFixed(0);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const gc = () => (globalThis as any).gc?.();

async function timeIt(f: () => Promise<unknown> | unknown): Promise<number> {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
}

function virtuosoAvailable(): boolean {
  try {
    execFileSync('sh', ['-c', 'command -v virtuoso-t'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function benchSize(n: number) {
  console.log(`\n=== ${n} datasets ===`);
  let t0 = performance.now();
  const graphs = splitGraphs(generate(n));
  let quads = 0;
  for (const l of graphs.values()) quads += l.length;
  console.log(`generated + split: ${graphs.size} graphs, ${quads} triples, ${(performance.now() - t0).toFixed(0)} ms`);

  // In-process Oxigraph on the main thread (the reference), loaded as N-Quads in ~2 MB batches.
  gc();
  let rss0 = process.memoryUsage().rss;
  const inproc = new ox.Store();
  t0 = performance.now();
  let batch: string[] = [];
  let size = 0;
  for (const [g, lines] of graphs) {
    const s = lines.map((l) => `${l.slice(0, -1)}<${g}> .\n`).join('');
    batch.push(s);
    size += s.length;
    if (size > 2_000_000) {
      inproc.load(batch.join(''), { format: 'application/n-quads', lenient: true });
      batch = [];
      size = 0;
    }
  }
  if (batch.length) inproc.load(batch.join(''), { format: 'application/n-quads', lenient: true });
  batch = [];
  gc();
  const inprocLoadMs = performance.now() - t0;
  const inprocRss = process.memoryUsage().rss - rss0;
  console.log(`in-process load: ${inprocLoadMs.toFixed(0)} ms, RSS +${MB(inprocRss)} MB = ${MB(inprocRss / (quads / 1e6))} MB per million triples`);

  // The endpoint: 2 public workers + 1 all worker, every graph public, so each worker holds everything.
  gc();
  rss0 = process.memoryUsage().rss;
  t0 = performance.now();
  const store = await SparqlStore.start({ publicWorkers: 2, allWorkers: 1, maxRows: 1e9, timeoutMs: 120_000 });
  const startMs = performance.now() - t0;
  t0 = performance.now();
  const r = await store.loadBulk(entries(graphs));
  const loadMs = performance.now() - t0;
  gc();
  const storeRss = process.memoryUsage().rss - rss0;
  const st = store.stats();
  console.log(
    `store: start ${startMs.toFixed(0)} ms, loadBulk ${loadMs.toFixed(0)} ms (3 workers in parallel on ${st.graphs} graphs, ${r.failed.length} failed), ` +
      `RSS +${MB(storeRss)} MB for 3 copies + journal ${MB(st.journalBytes)} MB ` +
      `=> ~${MB((storeRss - st.journalBytes) / 3 / (quads / 1e6))} MB per million triples per worker copy`,
  );

  for (const w of await store.workerStats()) {
    console.log(`  worker (${w.scope}): ${w.size} quads, WASM memory ${MB(w.wasmBytes ?? 0)} MB = ${MB((w.wasmBytes ?? 0) / (w.size / 1e6))} MB per million quads`);
  }

  const app = Fastify({ logger: false, bodyLimit: 1 << 20 });
  app.get('/ping', async () => 'ok');
  await app.register(sparqlPlugin, { store, timeoutMs: 120_000, maxRows: 1e9 });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;

  const rows: Array<{ q: string; http: number; inproc: number; bytes: number }> = [];
  for (const q of benchQueries()) {
    const graph = /^\s*(PREFIX[^\n]*\n\s*)*CONSTRUCT/i.test(q.text);
    const fmt = graph ? 'text/turtle' : 'application/sparql-results+json';
    // in-process: same query, same serialisation
    const run = () => inproc.query(q.text, { use_default_graph_as_union: true, results_format: fmt }) as string;
    run();
    const ip: number[] = [];
    for (let i = 0; i < RUNS; i++) ip.push(await timeIt(run));
    const http = async () => {
      const res = await fetch(`${base}/sparql`, { method: 'POST', body: q.text, headers: { 'content-type': 'application/sparql-query', accept: fmt } });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`${q.name}: ${res.status} ${body.slice(0, 200)}`);
      return body;
    };
    const bytes = (await http()).length;
    const hp: number[] = [];
    for (let i = 0; i < RUNS; i++) hp.push(await timeIt(http));
    rows.push({ q: q.name, http: median(hp), inproc: median(ip), bytes });
  }
  console.log(`\n${'query'.padEnd(40)} ${'HTTP ms'.padStart(9)} ${'in-proc ms'.padStart(11)} ${'ratio'.padStart(6)} ${'result'.padStart(10)}`);
  for (const r of rows) {
    console.log(
      `${r.q.padEnd(40)} ${r.http.toFixed(1).padStart(9)} ${r.inproc.toFixed(1).padStart(11)} ${(r.http / Math.max(r.inproc, 0.001)).toFixed(2).padStart(6)} ${(r.bytes / 1024).toFixed(0).padStart(8)}kB`,
    );
  }
  const sumH = rows.reduce((a, r) => a + r.http, 0);
  const sumI = rows.reduce((a, r) => a + r.inproc, 0);
  console.log(`${'TOTAL'.padEnd(40)} ${sumH.toFixed(1).padStart(9)} ${sumI.toFixed(1).padStart(11)} ${(sumH / sumI).toFixed(2).padStart(6)}`);

  // Cost of a timeout: the killed worker replays the journal; /ping latency meanwhile.
  const pings: number[] = [];
  let stop = false;
  const pinger = (async () => {
    while (!stop) {
      pings.push(await timeIt(async () => (await fetch(`${base}/ping`)).text()));
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  t0 = performance.now();
  await store.query('SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }', { timeoutMs: 1000 }).catch((e) => e);
  const killedAt = performance.now();
  await store.idle();
  const replayMs = performance.now() - killedAt;
  stop = true;
  await pinger;
  pings.sort((a, b) => a - b);
  console.log(
    `\ntimeout restart: worker replay took ${replayMs.toFixed(0)} ms; /ping during runaway+replay n=${pings.length} ` +
      `p50=${median(pings).toFixed(1)} ms p99=${pings[Math.floor(pings.length * 0.99)].toFixed(1)} ms max=${pings.at(-1)!.toFixed(1)} ms`,
  );
  await app.close();
  await store.close();
}

for (const n of sizes.length ? sizes : [10_000, 50_000]) await benchSize(n);
if (virtuosoAvailable()) console.log('\nvirtuoso-t found, but the Virtuoso comparison is not implemented yet');
else console.log('\nvirtuoso-opensource not installed: no Virtuoso comparison');
