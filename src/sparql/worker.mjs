// One Oxigraph store inside a worker thread. Plain .mjs on purpose: it needs no TypeScript loader, so
// the same file runs under tap (tsx), under `node bin/pasport.mjs` and in the bench.
// Protocol: the parent posts {id, op, ...}; the worker answers {id, ok: true, result} or {id, ok: false, error}.
// Messages are handled strictly in order, so a replace (drop + load) is atomic with respect to queries.
//
// One copy per worker, whatever the visibility (issue 22). Public graphs are in the Oxigraph store;
// private graphs are kept beside it as their deflated source (`hidden`, about 1/5 of N-Triples, far less
// than a store copy) and are loaded into the store only for the length of one query of a caller allowed
// to see them, then dropped again before the next message is read. Nothing else runs in this thread
// meanwhile, so a public query can never see them; if the drop fails, the worker exits and is rebuilt
// from the main thread's journal. Restricting public queries with `default_graph`/`named_graphs` instead
// was 100-1000x slower (see store.ts).
import { parentPort } from 'node:worker_threads';
import zlib from 'node:zlib';

// Capture the WASM linear memory so `stats` can report what one store copy really costs.
let wasmMemory = null;
const OrigInstance = WebAssembly.Instance;
WebAssembly.Instance = function (module, imports) {
  const inst = new OrigInstance(module, imports);
  if (inst.exports.memory instanceof WebAssembly.Memory) wasmMemory = inst.exports.memory;
  return inst;
};
const { default: ox } = await import('oxigraph');
WebAssembly.Instance = OrigInstance;

const store = new ox.Store();

const GRAPH_FORMATS = new Set(['application/n-triples', 'text/turtle', 'application/rdf+xml', 'application/ld+json']);

// Graph names this store holds, so a first load skips the (needless) DROP.
const known = new Set();

function load(data, format, graph, lenient) {
  store.load(data, { format, to_graph_name: ox.namedNode(graph), lenient });
  known.add(graph);
}

function drop(graph) {
  if (!known.delete(graph)) return;
  // DROP through `update` walks only the graph's own index range: ~0.2 ms per dataset graph.
  store.update(`DROP SILENT GRAPH <${graph}>`);
}

/** Private graphs: graph -> [deflated bytes, format]. Never in `store` between two messages. */
const hidden = new Map();

/** Removes a graph from both sides. */
function forget(graph) {
  drop(graph);
  hidden.delete(graph);
}

/** Keeps a private graph's source; `validate` parses it in a scratch store first (bulk loads). */
function hide(graph, bytes, format, validate) {
  if (validate) {
    const data = zlib.inflateRawSync(bytes).toString('utf8');
    new ox.Store().load(data, { format, to_graph_name: ox.namedNode(graph), lenient: true });
  }
  drop(graph);
  hidden.set(graph, [bytes, format]);
}

/** Runs `fn` with the private graphs `allowed` (a predicate) loaded, and drops them again. */
function withHidden(allowed, fn) {
  const shown = [];
  for (const [graph, [bytes, format]] of hidden) if (allowed(graph)) shown.push([graph, bytes, format]);
  if (!shown.length) return fn();
  loadMany(shown, true);
  try {
    return fn();
  } finally {
    try {
      // One update for all of them: one transaction instead of one per graph.
      store.update(shown.map(([g]) => `DROP SILENT GRAPH <${g}>`).join(' ;\n'));
      for (const [g] of shown) known.delete(g);
    } catch {
      // Private triples must not stay where public queries run: end this worker; the main thread
      // starts a fresh one from its journal.
      process.exit(70);
    }
  }
}

let bnodeScope = 0;
const STATEMENT = /^(<[^>]*>|_:\S+)\s+(<[^>]*>)\s+(.*)$/;

/**
 * N-Triples -> N-Quads in `graph`, or null if a line is not the plain `s p o .` shape (then the graph is
 * loaded alone). Oxigraph scopes blank node labels per load call, so labels are suffixed per graph to
 * keep `_:b0` of one dataset apart from `_:b0` of the next in the same batch.
 */
function toQuads(nt, graph) {
  const out = [];
  const hasBnodes = nt.includes('_:');
  const suffix = `_g${++bnodeScope}`;
  const g = ` <${graph}> .\n`;
  for (let line of nt.split('\n')) {
    line = line.trimEnd();
    if (!line || line.startsWith('#')) continue;
    if (!line.endsWith('.')) return null;
    line = line.slice(0, -1);
    if (hasBnodes && line.includes('_:')) {
      const m = STATEMENT.exec(line.trimEnd());
      if (!m) return null;
      const subj = m[1].startsWith('_:') ? m[1] + suffix : m[1];
      const obj = m[3].startsWith('_:') ? m[3] + suffix : m[3];
      line = `${subj} ${m[2]} ${obj}`;
    }
    out.push(line, g);
  }
  return out.join('');
}

/**
 * Loads many graphs. Measured: one Store.load per dataset graph costs ~1 ms each (transaction and call
 * overhead), so N-Triples graphs are batched as N-Quads, ~2 MB per load call (3-4x faster). A batch that
 * fails is retried graph by graph to name the culprit. Returns [[graph, error], ...].
 */
function loadMany(entries, lenient) {
  const failed = [];
  let batch = [],
    size = 0;
  const flush = () => {
    if (!batch.length) return;
    try {
      store.load(batch.map((b) => b[2]).join(''), { format: 'application/n-quads', lenient });
      for (const b of batch) known.add(b[0]);
    } catch {
      for (const [graph, data] of batch) {
        try {
          load(data, 'application/n-triples', graph, lenient);
        } catch (e) {
          failed.push([graph, String(e.message ?? e)]);
        }
      }
    }
    batch = [];
    size = 0;
  };
  for (const [graph, bytes, format] of entries) {
    const data = zlib.inflateRawSync(bytes).toString('utf8');
    const quads = format === 'application/n-triples' ? toQuads(data, graph) : null;
    if (quads === null) {
      try {
        load(data, format, graph, lenient);
      } catch (e) {
        failed.push([graph, String(e.message ?? e)]);
      }
      continue;
    }
    batch.push([graph, data, quads]);
    size += quads.length;
    if (size > 2_000_000) flush();
  }
  flush();
  return failed;
}

/** Cuts a serialised SELECT result after `max` rows. Returns null when it has no more rows than that. */
function capSolutions(body, format, max) {
  if (format === 'application/sparql-results+json') {
    // Cheap lower bound first: each binding needs at least 2 characters.
    if (body.length < max * 2) return null;
    // Then an upper bound on the rows without parsing: Oxigraph writes compact JSON, so consecutive
    // rows are joined by "},{"; the same characters elsewhere (inside a value) only loosen the bound.
    // Parsing a 2.6 MB result only to learn it has 7,500 rows cost ~25 ms of the worker's time.
    if (body.startsWith('{"head":{')) {
      let joins = 0;
      let at = body.indexOf('"bindings":[');
      while (joins < max && (at = body.indexOf('},{', at + 1)) >= 0) joins++;
      if (joins < max) return null;
    }
    const doc = JSON.parse(body);
    if (!doc.results || doc.results.bindings.length <= max) return null;
    doc.results.bindings.length = max;
    return JSON.stringify(doc);
  }
  if (format === 'application/sparql-results+xml') {
    // `<result>` cannot occur inside values: the serialiser escapes '<'.
    let at = -1;
    for (let i = 0; i <= max; i++) {
      at = body.indexOf('<result>', at + 1);
      if (at < 0) return null;
    }
    return body.slice(0, at) + '</results></sparql>';
  }
  if (format === 'text/tab-separated-values') {
    // TSV escapes newlines inside terms, so one line is one row (plus the header line).
    let at = -1;
    for (let i = 0; i <= max; i++) {
      at = body.indexOf('\n', at + 1);
      if (at < 0 || at === body.length - 1) return null;
    }
    return body.slice(0, at + 1);
  }
  if (format === 'text/csv') {
    // CSV may quote newlines; scan honouring quotes. Rows end with \r\n or \n.
    let rows = -1,
      inQuote = false;
    for (let i = 0; i < body.length; i++) {
      const c = body.charCodeAt(i);
      if (c === 34) inQuote = !inQuote;
      else if (c === 10 && !inQuote) {
        rows++;
        if (rows === max && i < body.length - 1) return body.slice(0, i + 1);
      }
    }
    return null;
  }
  return null;
}

/** Graph results capped at `max` triples: produced as N-Triples (one triple per line, so countable), re-serialised if needed. */
function graphResult(nt, format, max) {
  let truncated = false;
  let lines = 0,
    at = -1;
  while ((at = nt.indexOf('\n', at + 1)) >= 0) {
    lines++;
    if (lines === max) {
      if (at < nt.length - 1) {
        nt = nt.slice(0, at + 1);
        truncated = true;
      }
      break;
    }
  }
  if (format === 'application/n-triples') return { body: nt, truncated };
  // Re-serialise through a scratch store (blank node labels from N-Triples keep their identity).
  const scratch = new ox.Store();
  scratch.load(nt, { format: 'application/n-triples', lenient: true });
  return { body: scratch.dump({ format, from_graph_name: ox.defaultGraph() }), truncated };
}

function graphQuery(text, opts, format, max) {
  if (format !== 'application/n-triples') {
    // Straight to the asked format, then show it holds at most `max` triples: any serialised triple
    // takes at least two characters, and a longer document is counted by parsing it. Only a result
    // that needs cutting takes the N-Triples route (and runs again). Before, every Turtle / RDF/XML /
    // JSON-LD result went N-Triples -> scratch store -> dump: ~0.15 ms more for a 50-triple DESCRIBE.
    const body = store.query(text, { ...opts, results_format: format });
    if (!(max > 0) || body.length < 2 * max) return { body, truncated: false };
    try {
      const scratch = new ox.Store();
      scratch.load(body, { format, lenient: true });
      if (scratch.size <= max) return { body, truncated: false };
    } catch {
      /* counted the N-Triples way below */
    }
  }
  const nt = store.query(text, { ...opts, results_format: 'application/n-triples' });
  return graphResult(nt, format, max);
}

const encoder = new TextEncoder();

/** The WASM memory of this worker (its store copy; it never shrinks), sent with every reply (status_show). */
const memBytes = () => (wasmMemory ? wasmMemory.buffer.byteLength : 0);

/**
 * The result goes back as UTF-8 bytes in a transferred buffer: the main thread neither copies a
 * string out of the message nor encodes it for the socket (for 2.6 MB: ~10 ms less on the main thread).
 */
function reply(body, truncated, ms) {
  const bytes = encoder.encode(body);
  return { result: { bytes, truncated, ms }, transfer: [bytes.buffer] };
}

function query(msg) {
  const opts = { base_iri: msg.baseIri || undefined };
  if (msg.defaultGraphs || msg.namedGraphs) {
    // Protocol dataset (default-graph-uri / named-graph-uri): overrides FROM / FROM NAMED.
    opts.default_graph = (msg.defaultGraphs || []).map((g) => ox.namedNode(g));
    opts.named_graphs = (msg.namedGraphs || []).map((g) => ox.namedNode(g));
  } else if (!msg.hasDataset) {
    // No dataset given: the default graph is the union of all graphs held by this store. (With FROM /
    // FROM NAMED the query's own dataset applies; Oxigraph would ignore it under the union option.)
    opts.use_default_graph_as_union = true;
  }
  const t0 = performance.now();
  // scope 'all': every private graph for the length of this query.
  return withHidden(msg.scope === 'all' ? () => true : () => false, () => {
    if (msg.form === 'CONSTRUCT' || msg.form === 'DESCRIBE') {
      const r = graphQuery(
        msg.text,
        opts,
        GRAPH_FORMATS.has(msg.format) ? msg.format : 'application/n-triples',
        msg.maxRows,
      );
      return reply(r.body, r.truncated, performance.now() - t0);
    }
    const body = store.query(msg.text, { ...opts, results_format: msg.format });
    const capped = msg.form === 'SELECT' && msg.maxRows > 0 ? capSolutions(body, msg.format, msg.maxRows) : null;
    return reply(capped ?? body, capped !== null, performance.now() - t0);
  });
}

/** Entries are [graph, bytes, format, public]; private ones are kept hidden. Returns [[graph, error]]. */
function place(entries, validate) {
  const failed = [];
  const shown = [];
  for (const e of entries) {
    if (e[3] === false) {
      try {
        hide(e[0], e[1], e[2], validate);
      } catch (err) {
        forget(e[0]);
        failed.push([e[0], String(err.message ?? err)]);
      }
    } else {
      hidden.delete(e[0]);
      shown.push(e);
    }
  }
  return failed.concat(loadMany(shown, true));
}

function handle(msg) {
  switch (msg.op) {
    case 'replay':
      // Journal replay on (re)start: entries are [graph, deflated bytes, format, public]; validated once.
      place(msg.entries, false);
      return { size: store.size };
    case 'replace': {
      if (msg.public === false) {
        hide(msg.graph, msg.bytes, msg.format, !msg.trusted);
        return null;
      }
      const data = zlib.inflateRawSync(msg.bytes).toString('utf8');
      // Validate in a scratch store first so a bad document leaves the old graph in place.
      if (!msg.trusted) new ox.Store().load(data, { format: msg.format, to_graph_name: ox.namedNode(msg.graph) });
      forget(msg.graph);
      load(data, msg.format, msg.graph, true);
      return null;
    }
    case 'replaceMany': {
      // Lenient parse (no IRI / language tag validation, 3x faster than strict; syntax errors still
      // fail). A graph that fails is left out and reported.
      for (const g of msg.drops || []) forget(g);
      for (const [graph] of msg.entries) drop(graph);
      return { failed: place(msg.entries, true) };
    }
    case 'drop':
      forget(msg.graph);
      return null;
    case 'convert': {
      // Re-serialises a document (federation: formats Comunica lacks; the service description).
      const scratch = new ox.Store();
      scratch.load(msg.data, { format: msg.from || 'application/n-triples', lenient: true });
      return scratch.dump({ format: msg.format, from_graph_name: ox.defaultGraph() });
    }
    case 'stats':
      return {
        size: store.size,
        graphs: known.size,
        hidden: hidden.size,
        hiddenBytes: [...hidden.values()].reduce((n, [b]) => n + b.length, 0),
        wasmBytes: wasmMemory ? wasmMemory.buffer.byteLength : null,
        heapUsed: process.memoryUsage().heapUsed,
      };
    default:
      throw new Error(`unknown op ${msg.op}`);
  }
}

parentPort.on('message', (msg) => {
  try {
    if (msg.op === 'query') {
      const { result, transfer } = query(msg);
      parentPort.postMessage({ id: msg.id, ok: true, result, mem: memBytes() }, transfer);
    } else parentPort.postMessage({ id: msg.id, ok: true, result: handle(msg), mem: memBytes() });
  } catch (e) {
    parentPort.postMessage({ id: msg.id, ok: false, error: String(e && e.message ? e.message : e), name: e && e.name });
  }
});
