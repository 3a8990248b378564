// SPARQL benchmark: the yardstick queries (../shared/sparql-bench/queries) over HTTP against the
// Pasport endpoint vs in-process Oxigraph on the same data, same run. Target: HTTP within 1.5x.
// When Debian's virtuoso-opensource is installed, the same data goes into a throwaway Virtuoso (loopback
// ports, temporary database) and the same queries are timed against its /sparql too (VIRTUOSO=0: not).
// Usage: node --expose-gc --import tsx bench/sparql.ts [N ...]   (default: 10000 50000)
// HTTP ms is cold (the result cache emptied before each run); warm is the same request answered from
// the result cache (Server-Timing cache;desc=hit), issue 21.
// RUNS (default 9): timed runs per query and engine, after WARM (default 2) untimed ones; medians are
// reported. WARM_HTTP (default 500): trivial requests that warm the HTTP stack first. ONLY: a regular
// expression picking queries by name.
import fs from 'node:fs';
import http from 'node:http';
import Fastify from 'fastify';
import ox from 'oxigraph';
import { SparqlStore } from '../src/sparql/store.ts';
import { sparqlPlugin } from '../src/sparql/plugin.ts';
import { benchQueries, entries, generate, splitGraphs } from '../test/sparql/catalog.ts';
import {
  bulkLoadNQuads,
  startVirtuoso,
  stopVirtuoso,
  virtuosoAvailable,
  type Virtuoso,
} from '../test/helpers/virtuoso.ts';
import { median } from './stats.ts';

// VIRTUOSO=0 leaves the Virtuoso column out even when it is installed.
const useVirtuoso = virtuosoAvailable && process.env.VIRTUOSO !== '0';
const sizes = process.argv.slice(2).map(Number).filter(Boolean);
const RUNS = Number(process.env.RUNS ?? 9);
const MB = (b: number) => (b / 1048576).toFixed(0);
const gc = () => (globalThis as any).gc?.();

async function timeIt(f: () => Promise<unknown> | unknown): Promise<number> {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
}

// The HTTP client is node:http with a keep-alive agent rather than fetch: undici's fetch adds about
// 0.4-0.5 ms of client-side work per request on this machine (GET /ping: 0.61 ms with fetch, 0.24 ms
// with http.request), which would be billed to the endpoint, and the client shares the event loop
// with the server here. Timed runs measure until the last byte has arrived; they do not decode the
// body into a string (that is the client's work: 7 ms for 2.6 MB), the untimed check runs do.
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

interface HttpResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  bytes: number;
}

function post(url: string, body: string, contentType: string, accept: string, decode = true): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', agent, headers: { 'content-type': contentType, accept } },
      (res) => {
        const chunks: Buffer[] = [];
        let bytes = 0;
        const keep = decode || (res.statusCode ?? 0) !== 200 || !!res.headers['x-sql-state'];
        res.on('data', (c: Buffer) => {
          bytes += c.length;
          if (keep) chunks.push(c);
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: keep ? Buffer.concat(chunks).toString('utf8') : '',
            bytes,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** What a result holds, to check that the engines agree: rows, triples or the boolean. */
function summary(body: string, graph: boolean): string {
  if (graph) return `${ox.parse(body, { format: 'text/turtle' }).length} triples`;
  const doc = JSON.parse(body);
  if (typeof doc.boolean === 'boolean') return String(doc.boolean);
  // Virtuoso 7.2 answers ASK as a one-row SELECT of ?__ASK_RETVAL (1 or 0).
  const b = doc.results?.bindings;
  if (doc.head?.vars?.[0] === '__ASK_RETVAL' && b?.length === 1) return String(b[0].__ASK_RETVAL.value === '1');
  return `${b?.length ?? '?'} rows`;
}

/** The dataset graphs as N-Quads documents of about `maxChars` each. */
function* nquadChunks(graphs: Map<string, string[]>, maxChars: number): Generator<string> {
  let cur: string[] = [];
  let len = 0;
  for (const [g, lines] of graphs) {
    const s = lines.map((l) => `${l.slice(0, -1)}<${g}> .\n`).join('');
    cur.push(s);
    len += s.length;
    if (len > maxChars) {
      yield cur.join('');
      cur = [];
      len = 0;
    }
  }
  if (cur.length) yield cur.join('');
}

async function benchSize(n: number) {
  console.log(`\n=== ${n} datasets ===`);
  let t0 = performance.now();
  let graphs: Map<string, string[]> | null = splitGraphs(generate(n));
  let quads = 0;
  for (const l of graphs.values()) quads += l.length;
  console.log(`generated + split: ${graphs.size} graphs, ${quads} triples, ${(performance.now() - t0).toFixed(0)} ms`);

  // In-process Oxigraph on the main thread (the reference), loaded as N-Quads in ~2 MB batches.
  gc();
  let rss0 = process.memoryUsage().rss;
  const inproc = new ox.Store();
  t0 = performance.now();
  for (const chunk of nquadChunks(graphs, 2_000_000))
    inproc.load(chunk, { format: 'application/n-quads', lenient: true });
  gc();
  const inprocLoadMs = performance.now() - t0;
  const inprocRss = process.memoryUsage().rss - rss0;
  console.log(
    `in-process load: ${inprocLoadMs.toFixed(0)} ms, RSS +${MB(inprocRss)} MB = ${MB(inprocRss / (quads / 1e6))} MB per million triples`,
  );

  // The endpoint: 2 workers, each one copy of everything.
  gc();
  rss0 = process.memoryUsage().rss;
  t0 = performance.now();
  const store = await SparqlStore.start({ workers: 2, maxRows: 1e9, timeoutMs: 120_000 });
  const startMs = performance.now() - t0;
  t0 = performance.now();
  const r = await store.loadBulk(entries(graphs));
  const loadMs = performance.now() - t0;
  gc();
  const storeRss = process.memoryUsage().rss - rss0;
  const st = store.stats();
  console.log(
    `store: start ${startMs.toFixed(0)} ms, loadBulk ${loadMs.toFixed(0)} ms (${st.pools.public.workers} workers in parallel on ${st.graphs} graphs, ${r.failed.length} failed), ` +
      `RSS +${MB(storeRss)} MB for ${st.pools.public.workers} copies + journal ${MB(st.journalBytes)} MB ` +
      `=> ~${MB((storeRss - st.journalBytes) / st.pools.public.workers / (quads / 1e6))} MB per million triples per worker copy`,
  );

  for (const w of await store.workerStats()) {
    console.log(
      `  worker (${w.scope}): ${w.size} quads, WASM memory ${MB(w.wasmBytes ?? 0)} MB = ${MB((w.wasmBytes ?? 0) / (w.size / 1e6))} MB per million quads`,
    );
  }

  // Virtuoso: the same quads, bulk-loaded from N-Quads files of ~16 MB by its own loader (2 sessions).
  let virt: Virtuoso | null = null;
  if (useVirtuoso) {
    t0 = performance.now();
    // 170,000 8 KiB buffers (~1.3 GB; Virtuoso's own preset for 2 GB of RAM) hold 50,000 datasets.
    virt = liveVirtuoso = await startVirtuoso({
      numberOfBuffers: 170_000,
      resultSetMaxRows: 10_000_000,
      maxQueryExecutionTime: 300,
    });
    const startMs = performance.now() - t0;
    const docs = [...nquadChunks(graphs, 16_000_000)];
    const vLoadMs = await bulkLoadNQuads(virt, docs, { loaders: 2 });
    const r = await post(
      `${virt.http}/sparql`,
      new URLSearchParams({
        query:
          'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "https://data.example.uz/")) }',
      }).toString(),
      'application/x-www-form-urlencoded',
      'application/sparql-results+json',
    );
    const vq = Number(JSON.parse(r.body).results.bindings[0].n.value);
    console.log(
      `virtuoso: start ${startMs.toFixed(0)} ms, bulk load ${vLoadMs.toFixed(0)} ms (${docs.length} N-Quads files, 2 loaders), ${vq} quads${vq === quads ? '' : ` (expected ${quads})`}`,
    );
  }

  // The source text is loaded everywhere now; a server would not hold it, and every major GC of the
  // timed runs (in-process and HTTP alike) would have to mark it.
  graphs = null;
  gc();

  const app = Fastify({ logger: false, bodyLimit: 1 << 20 });
  app.get('/ping', async () => 'ok');
  await app.register(sparqlPlugin, { store, timeoutMs: 120_000, maxRows: 1e9 });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;

  // The transport floor: a bare node:http server on loopback (no framework, no worker, no engine) that
  // answers each query with the bytes of its real result, timed interleaved with the other columns. No
  // HTTP endpoint in this process can beat in-process time + floor, so a query whose floor exceeds half
  // its in-process time cannot be within 1.5x over HTTP, whatever the endpoint does.
  const floorBodies = new Map<string, { type: string; bytes: Buffer }>();
  const floor = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const b = floorBodies.get(req.url ?? '');
      res.writeHead(200, { 'content-type': b?.type ?? 'text/plain', 'content-length': b?.bytes.length ?? 0 });
      res.end(b?.bytes);
    });
  });
  await new Promise<void>((r) => floor.listen(0, '127.0.0.1', r));
  const floorBase = `http://127.0.0.1:${(floor.address() as { port: number }).port}`;

  // A server in service is warm: its request path has been through the JIT thousands of times. The
  // in-process column needs no such warm-up (one WASM call), so the HTTP stack (endpoint, floor server,
  // client) is warmed with trivial queries before any timing.
  const trivial = 'SELECT * WHERE { ?s ?p ?o } LIMIT 1';
  floorBodies.set('/warm', { type: 'text/plain', bytes: Buffer.from('ok') });
  for (let i = 0; i < Number(process.env.WARM_HTTP ?? 500); i++) {
    await post(`${base}/sparql`, trivial, 'application/sparql-query', 'application/sparql-results+json');
    await post(`${floorBase}/warm`, trivial, 'application/sparql-query', '*/*');
  }

  interface Row {
    q: string;
    text: string;
    fmt: string;
    graph: boolean;
    expected: string;
    http: number;
    warm: number;
    inproc: number;
    engine: number;
    path: number;
    hop: number;
    floor: number;
    virt: number | null;
    bytes: number;
    notes: string[];
  }
  const rows: Row[] = [];
  const WARM = Number(process.env.WARM ?? 2);
  for (const q of benchQueries().filter((q) => new RegExp(process.env.ONLY ?? '').test(q.name))) {
    const graph = /^\s*(PREFIX[^\n]*\n\s*)*CONSTRUCT/i.test(q.text);
    const fmt = graph ? 'text/turtle' : 'application/sparql-results+json';
    // in-process: same query, same serialisation
    const run = () => inproc.query(q.text, { use_default_graph_as_union: true, results_format: fmt }) as string;
    let engineMs = 0;
    let handlerMs = 0;
    let hit = false;
    const httpRun = async (decode = false) => {
      const res = await post(`${base}/sparql`, q.text, 'application/sparql-query', fmt, decode);
      if (res.status !== 200) throw new Error(`${q.name}: ${res.status} ${res.body.slice(0, 200)}`);
      const timing = String(res.headers['server-timing']);
      engineMs = Number(/engine;dur=([\d.]+)/.exec(timing)?.[1] ?? NaN);
      handlerMs = Number(/total;dur=([\d.]+)/.exec(timing)?.[1] ?? NaN);
      hit = /cache;desc=hit/.test(timing);
      return res.body;
    };
    const floorPath = `/${encodeURIComponent(q.name)}`;
    const floorRun = () => post(`${floorBase}${floorPath}`, q.text, 'application/sparql-query', fmt, false);
    const notes: string[] = [];
    const reference = run();
    const expected = summary(reference, graph);
    const checked = await httpRun(true);
    const bytes = Buffer.byteLength(checked);
    if (summary(checked, graph) !== expected) notes.push('HTTP result differs!');
    floorBodies.set(floorPath, { type: fmt, bytes: Buffer.from(reference) });
    for (let i = 0; i < WARM; i++) {
      run();
      await httpRun();
      await floorRun();
    }
    // Interleaved, so drift (caches, GC, the machine) hits all three columns alike.
    const ip: number[] = [];
    const hp: number[] = [];
    const ep: number[] = [];
    const pp: number[] = [];
    const hh: number[] = [];
    const fp: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      ip.push(await timeIt(run));
      store.clearCache(); // cold: computed by the engine every time
      const h = await timeIt(() => httpRun());
      hp.push(h);
      ep.push(engineMs);
      pp.push(h - engineMs);
      hh.push(handlerMs - engineMs);
      fp.push(await timeIt(floorRun));
    }
    // Warm: the same request again, answered from the result cache.
    await httpRun();
    const wp: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      wp.push(await timeIt(() => httpRun()));
      if (!hit) notes.push('warm run missed the cache!');
    }
    rows.push({
      q: q.name,
      text: q.text,
      fmt,
      graph,
      expected,
      http: median(hp),
      warm: median(wp),
      inproc: median(ip),
      engine: median(ep),
      path: median(pp),
      hop: median(hh),
      floor: median(fp),
      virt: null,
      bytes,
      notes,
    });
  }
  floor.close();

  // Virtuoso in a pass of its own: its server threads keep working for a while after an answer, and on
  // two cores that work landed in the timings of whatever ran next (T0 over HTTP: 1.0 -> 1.6 ms).
  if (virt) {
    const vUrl = `${virt.http}/sparql`;
    for (const r of rows) {
      // Virtuoso 7.2 takes the query as a form field (a direct application/sparql-query POST hangs).
      const vBody = new URLSearchParams({ query: r.text }).toString();
      const virtRun = async (decode = false) => {
        const res = await post(vUrl, vBody, 'application/x-www-form-urlencoded', r.fmt, decode);
        if (res.status !== 200) throw new Error(`${res.status} ${res.body.replace(/\s+/g, ' ').slice(0, 120)}`);
        // Past MaxQueryExecutionTime Virtuoso returns a partial ("anytime") answer and says so here.
        if (res.headers['x-sql-state'])
          throw new Error(`partial answer: ${res.headers['x-sql-state']} ${res.headers['x-sql-message'] ?? ''}`);
        return res.body;
      };
      try {
        const body = await virtRun(true);
        const got = summary(body, r.graph);
        if (got !== r.expected) r.notes.push(`Virtuoso: ${got} (Oxigraph: ${r.expected})`);
        if (/"__ASK_RETVAL"/.test(body.slice(0, 200)))
          r.notes.push('Virtuoso answers ASK as a SELECT of ?__ASK_RETVAL');
        for (let i = 0; i < WARM; i++) await virtRun();
        const vp: number[] = [];
        for (let i = 0; i < RUNS; i++) vp.push(await timeIt(() => virtRun()));
        r.virt = median(vp);
      } catch (e) {
        r.notes.push(`Virtuoso cannot run it: ${(e as Error).message}`);
      }
    }
  }
  const v = (x: number | null, d = 1) => (x === null ? '-' : x.toFixed(d));
  // engine = time inside Oxigraph in the worker (the endpoint's Server-Timing); path = HTTP - engine
  // (transport, worker hop, protocol handling), of which hop = handler - engine (worker hop and the
  // handler's own work); medians of per-request differences; floor = the bare server above; best = (in-proc + floor)
  // / in-proc, the lowest ratio any endpoint here could show.
  const head =
    `${'query'.padEnd(36)} ${'HTTP ms'.padStart(8)} ${'warm'.padStart(6)} ${'in-proc'.padStart(8)} ${'HTTP/ip'.padStart(7)} ${'engine'.padStart(7)} ${'path'.padStart(6)} ${'hop'.padStart(5)} ` +
    `${'floor'.padStart(6)} ${'best'.padStart(5)} ${'Virt ms'.padStart(8)} ${'Virt/ip'.padStart(7)} ${'result'.padStart(8)}  answer`;
  console.log(`\n${head}`);
  for (const r of rows) {
    const ip = Math.max(r.inproc, 0.001);
    console.log(
      `${r.q.padEnd(36)} ${r.http.toFixed(1).padStart(8)} ${r.warm.toFixed(2).padStart(6)} ${r.inproc.toFixed(2).padStart(8)} ${(r.http / ip).toFixed(2).padStart(7)} ` +
        `${r.engine.toFixed(2).padStart(7)} ${r.path.toFixed(2).padStart(6)} ${r.hop.toFixed(2).padStart(5)} ${r.floor.toFixed(2).padStart(6)} ${((r.inproc + r.floor) / ip).toFixed(2).padStart(5)} ` +
        `${v(r.virt).padStart(8)} ${v(r.virt === null ? null : r.virt / ip, 2).padStart(7)} ${(r.bytes / 1024).toFixed(0).padStart(6)}kB  ${[r.expected, ...r.notes].join('; ')}`,
    );
  }
  const sum = (f: (r: Row) => number | null, rs = rows) => rs.reduce((a, r) => a + (f(r) ?? 0), 0);
  const both = rows.filter((r) => r.virt !== null);
  console.log(
    `${'TOTAL'.padEnd(36)} ${sum((r) => r.http)
      .toFixed(1)
      .padStart(8)} ${sum((r) => r.warm)
      .toFixed(2)
      .padStart(6)} ${sum((r) => r.inproc)
      .toFixed(2)
      .padStart(8)} ${(sum((r) => r.http) / sum((r) => r.inproc)).toFixed(2).padStart(7)} ` +
      `${sum((r) => r.engine)
        .toFixed(1)
        .padStart(7)} ${''.padStart(6)} ${''.padStart(5)} ${''.padStart(6)} ${''.padStart(5)} ` +
      (virt
        ? `${sum((r) => r.virt)
            .toFixed(1)
            .padStart(
              8,
            )} ${(sum((r) => r.virt, both) / sum((r) => r.inproc, both)).toFixed(2).padStart(7)}${both.length < rows.length ? ` (Virtuoso total over the ${both.length} queries it ran)` : ''}`
        : ''),
  );
  const over = rows.filter((r) => !r.q.startsWith('T0') && r.http > 1.5 * r.inproc);
  const why = (r: Row) => (r.inproc + r.floor > 1.5 * r.inproc ? ' (below the floor: unreachable over HTTP here)' : '');
  console.log(
    over.length
      ? `over 1.5x: ${over.map((r) => `${r.q} ${(r.http / r.inproc).toFixed(2)}x${why(r)}`).join(', ')}`
      : 'every query within 1.5x of in-process (T0, the trivial floor probe, aside)',
  );

  // Cost of a timeout: the killed worker replays the journal; /ping latency meanwhile.
  const pings: number[] = [];
  let stop = false;
  const pinger = (async () => {
    while (!stop) {
      pings.push(
        await timeIt(() => new Promise((r) => http.get(`${base}/ping`, { agent }, (res) => res.resume().on('end', r)))),
      );
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  t0 = performance.now();
  await store
    .query('SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }', { timeoutMs: 1000 })
    .catch((e) => e);
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
  if (virt) await stopVirtuoso(virt);
  liveVirtuoso = null;
}

// A bench that dies half-way must not leave a Virtuoso running or its database behind.
let liveVirtuoso: Virtuoso | null = null;
process.on('exit', () => {
  if (!liveVirtuoso) return;
  liveVirtuoso.proc.kill('SIGKILL');
  fs.rmSync(liveVirtuoso.dir, { recursive: true, force: true });
});
process.on('SIGINT', () => process.exit(130));

for (const n of sizes.length ? sizes : [10_000, 50_000]) await benchSize(n);
if (!useVirtuoso)
  console.log(`\n${virtuosoAvailable ? 'VIRTUOSO=0' : 'virtuoso-opensource not installed'}: no Virtuoso comparison`);
agent.destroy();
