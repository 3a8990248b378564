// Starts a real Fastify server with the SPARQL plugin over a store loaded with a small generated catalog
// plus private graphs.
import Fastify, { type FastifyInstance } from 'fastify';
import { SparqlStore, type SparqlStoreOptions } from '../../src/sparql/store.ts';
import { sparqlPlugin, type SparqlLogEntry, type SparqlPluginOptions } from '../../src/sparql/plugin.ts';
import { datasetGraph, entries, generate, splitGraphs, BASE } from './catalog.ts';

export const SYSADMIN_TOKEN = 'Bearer test-sysadmin';
export const SECRET = 'SECRET-MARKER-7f3a';
export const PRIVATE_GRAPHS = [`${BASE}graph/private-1`, `${BASE}graph/private-2`];
export const PRIVATE_DATASET = `${BASE}dataset/secret-1`;
/** Generated datasets made private as well (their usual triples must disappear from public answers). */
export const PRIVATE_GENERATED = [7, 8];

const PAS = `${BASE}ns#`;
const DCAT = 'http://www.w3.org/ns/dcat#';
const DCT = 'http://purl.org/dc/terms/';

function privateGraph(i: number): string {
  const ds = `${PRIVATE_DATASET.slice(0, -1)}${i}`;
  return [
    `<${ds}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <${DCAT}Dataset> .`,
    `<${ds}> <${DCT}title> "${SECRET} title ${i}"@en .`,
    `<${ds}> <${DCT}publisher> <${BASE}org/0> .`,
    `<${ds}> <${PAS}overdueDays> "99"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger> .`,
    `<${ds}> <${DCAT}theme> <${BASE}sphere/secret> .`,
    `<${ds}> <${DCAT}distribution> _:d .`,
    `_:d <${DCT}format> <http://publications.europa.eu/resource/authority/file-type/CSV> .`,
    `<${BASE}catalog> <${DCAT}dataset> <${ds}> .`,
    '',
  ].join('\n');
}

/** Passport facts the generator lacks, so the "overdue" example has rows. */
function passportGraph(): string {
  const lines: string[] = [];
  for (let i = 1; i <= 5; i++) {
    const ds = `${BASE}dataset/uz-ds-${String(i).padStart(6, '0')}`;
    lines.push(`<${ds}> <${PAS}overdueDays> "${i * 3}"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger> .`);
    lines.push(`<${ds}> <${PAS}nextUpdateDue> "2024-0${i}-01"^^<http://www.w3.org/2001/XMLSchema#date> .`);
  }
  return lines.join('\n') + '\n';
}

export interface TestServer {
  app: FastifyInstance;
  store: SparqlStore;
  url: string;
  endpoint: string;
  logs: SparqlLogEntry[];
  close(): Promise<void>;
}

export async function startServer(
  opts: { n?: number; store?: SparqlStoreOptions; plugin?: Partial<SparqlPluginOptions>; data?: boolean } = {},
): Promise<TestServer> {
  const store = await SparqlStore.start({ publicWorkers: 2, allWorkers: 1, ...opts.store });
  if (opts.data !== false) {
    const graphs = splitGraphs(generate(opts.n ?? 300));
    const priv = new Set(PRIVATE_GENERATED.map(datasetGraph));
    const r = await store.loadBulk(entries(graphs, (g) => priv.has(g)));
    if (r.failed.length) throw new Error(`load failed: ${JSON.stringify(r.failed)}`);
    for (const [i, g] of PRIVATE_GRAPHS.entries()) await store.replaceGraph(g, privateGraph(i + 1), { public: false });
    await store.replaceGraph(`${BASE}graph/passport`, passportGraph(), { public: true });
  }
  const logs: SparqlLogEntry[] = [];
  const app = Fastify({ logger: false });
  app.get('/ping', async () => ({ ok: true }));
  await app.register(sparqlPlugin, {
    store,
    scopeFor: (req) => (req.headers.authorization === SYSADMIN_TOKEN ? 'all' : 'public'),
    log: (e) => logs.push(e),
    ...opts.plugin,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  const url = `http://127.0.0.1:${port}`;
  return {
    app,
    store,
    url,
    endpoint: `${url}/sparql`,
    logs,
    async close() {
      await app.close();
      await store.close();
    },
  };
}

export const PREFIXES = `PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
`;

export async function get(
  endpoint: string,
  params: Record<string, string | string[]>,
  headers: Record<string, string> = {},
) {
  const u = new URL(endpoint);
  for (const [k, v] of Object.entries(params)) for (const x of Array.isArray(v) ? v : [v]) u.searchParams.append(k, x);
  const res = await fetch(u, { headers });
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    headers: res.headers,
    body: await res.text(),
  };
}

export async function post(endpoint: string, body: string, contentType: string, headers: Record<string, string> = {}) {
  const res = await fetch(endpoint, { method: 'POST', body, headers: { 'content-type': contentType, ...headers } });
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    headers: res.headers,
    body: await res.text(),
  };
}
