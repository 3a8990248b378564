// Test and bench fixture: runs ../shared/sparql-bench/gen.mjs (the yardstick's synthetic DCAT-AP
// catalog) and splits its N-Triples into one named graph per dataset, the way Pasport stores records.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BulkEntry } from '../../src/sparql/store.ts';

// ../shared sits beside the project checkout (CI lays it there); PASPORT_SHARED overrides.
const SHARED = path.resolve(
  process.env.PASPORT_SHARED ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '../../../shared'),
);
export const GEN = process.env.PASPORT_SPARQL_GEN ?? path.join(SHARED, 'sparql-bench/gen.mjs');
export const QUERIES_DIR = process.env.PASPORT_SPARQL_QUERIES ?? path.join(SHARED, 'sparql-bench/queries');
export const BASE = 'https://data.example.uz/';
export const GRAPH_BASE = `${BASE}graph/`;
export const REFERENCE_GRAPH = `${GRAPH_BASE}reference`;

/** Generates (or reuses) catalog-N.nt and returns its path. gen.mjs is deterministic per N. */
export function generate(n: number): string {
  const dir = path.join(os.tmpdir(), 'pasport-sparql-gen');
  const nt = path.join(dir, `catalog-${n}.nt`);
  if (!fs.existsSync(path.join(dir, `catalog-${n}.json`))) {
    fs.mkdirSync(dir, { recursive: true });
    execFileSync(process.execPath, [GEN, String(n), dir], { stdio: 'ignore' });
  }
  return nt;
}

const DATASET_OF = /^<https:\/\/data\.example\.uz\/(?:dataset|contact)\/(uz-ds-\d+)/;
const CATALOG_LINK =
  /^<https:\/\/data\.example\.uz\/catalog> <http:\/\/www\.w3\.org\/ns\/dcat#dataset> <https:\/\/data\.example\.uz\/dataset\/(uz-ds-\d+)>/;

/** graph IRI -> N-Triples lines. Reference data (themes, organisations, catalog) go to one graph. */
export function splitGraphs(ntPath: string): Map<string, string[]> {
  const graphs = new Map<string, string[]>();
  for (const line of fs.readFileSync(ntPath, 'utf8').split('\n')) {
    if (!line) continue;
    const m = DATASET_OF.exec(line) ?? CATALOG_LINK.exec(line);
    const g = m ? GRAPH_BASE + m[1] : REFERENCE_GRAPH;
    let a = graphs.get(g);
    if (!a) graphs.set(g, (a = []));
    a.push(line);
  }
  return graphs;
}

export const datasetGraph = (i: number) => `${GRAPH_BASE}uz-ds-${String(i).padStart(6, '0')}`;
export const datasetIri = (i: number) => `${BASE}dataset/uz-ds-${String(i).padStart(6, '0')}`;

/** Bulk entries; `isPrivate(graph)` marks graphs private. */
export function* entries(
  graphs: Map<string, string[]>,
  isPrivate: (g: string) => boolean = () => false,
): Generator<BulkEntry> {
  for (const [graph, lines] of graphs) yield { graph, data: lines.join('\n') + '\n', public: !isPrivate(graph) };
}

export function benchQueries(): Array<{ name: string; text: string }> {
  return fs
    .readdirSync(QUERIES_DIR)
    .filter((f) => f.endsWith('.rq'))
    .sort()
    .map((f) => ({ name: f.replace(/\.rq$/, ''), text: fs.readFileSync(path.join(QUERIES_DIR, f), 'utf8') }));
}
