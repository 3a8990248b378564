// Cross-checks every serialisation with Python's rdflib, an independent implementation.
// CI installs python3-rdflib; when it is missing this test fails with the install command.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalogPageQuads, sphereSchemeQuads, structureSchemeQuads } from '../../src/rdf/mapping.ts';
import { serialize, type FormatExt } from '../../src/rdf/serialize.ts';
import { BASE, ctx, packages } from './fixtures/catalog.ts';
import { tripleSet } from './fixtures/reparse.ts';

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./fixtures/rdflib-count.py', import.meta.url));
const RDFLIB_FORMAT: Record<FormatExt, string> = { ttl: 'turtle', nt: 'nt', rdf: 'xml', jsonld: 'json-ld' };

t.test('rdflib parses every serialisation to the same number of triples', async (t) => {
  t.ok(existsSync(PYTHON), `${PYTHON} is required (apt-get install -y python3 python3-rdflib)`);
  const seen = new Set<string>();
  const quads = [
    ...catalogPageQuads(ctx, {
      packages,
      page: 1,
      itemsPerPage: 100,
      totalItems: packages.length,
      pageUri: (n) => `${BASE}/catalog.ttl?page=${n}`,
      seen,
    }),
    ...sphereSchemeQuads(ctx, undefined, { seen }),
    ...structureSchemeQuads(ctx, undefined, { seen }),
  ];
  const expected = tripleSet(quads).size;
  const dir = mkdtempSync(join(tmpdir(), 'pasport-rdflib-'));
  try {
    const args: string[] = [];
    for (const ext of ['ttl', 'nt', 'rdf', 'jsonld'] as const) {
      const path = join(dir, `catalog.${ext}`);
      writeFileSync(path, await serialize(quads, ext));
      args.push(`${RDFLIB_FORMAT[ext]}=${path}`);
    }
    const run = spawnSync(PYTHON, [SCRIPT, ...args], { encoding: 'utf8', timeout: 120_000 });
    const parsed = (() => {
      try {
        return JSON.parse(run.stdout);
      } catch {
        return { error: `rdflib run failed (exit ${run.status}): ${run.stderr || run.error}` };
      }
    })();
    t.notOk(parsed.error, parsed.error ?? 'rdflib ran');
    if (parsed.error) return;
    for (const ext of ['ttl', 'nt', 'rdf', 'jsonld'] as const) {
      t.equal(parsed.counts[RDFLIB_FORMAT[ext]], expected, `rdflib ${parsed.rdflib} ${ext}: ${expected} triples`);
      t.ok(parsed.languages[RDFLIB_FORMAT[ext]].includes('uz-cyrl'), `${ext}: uz-Cyrl tag read`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
