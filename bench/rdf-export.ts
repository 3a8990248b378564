// RDF export benchmark: N generated package dicts streamed as N-Triples and Turtle (triples/s,
// peak RSS), and map+serialise time of one 100-dataset catalogue page in each format.
//   npx tsx bench/rdf-export.ts [N=20000]
// Each streaming run happens in its own child process so its peak RSS is its own.
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { Quad } from '@rdfjs/types';
import { catalogPageQuads, exportQuads, type MappingContext, type PackageDict } from '../src/rdf/mapping.ts';
import { serialize, serializeStream, type FormatExt } from '../src/rdf/serialize.ts';
import { dictFixture } from '../test/rdf/fixtures/catalog.ts';

const TARGET_TRIPLES_PER_S = 100_000;
const TARGET_PAGE_MS = 50;
const LANGS = ['uz', 'uz-Cyrl', 'ru', 'en'];
const FREQS = ['daily', 'monthly', 'quarterly', 'annual', 'irregular'] as const;
const FORMATS = ['CSV', 'XLSX', 'JSON', 'PDF', 'XML', 'GEOJSON'];
const SPHERES = ['economy', 'health', 'education', 'transport', 'environment', 'agriculture', 'social', 'energy'];

function tr(text: string) {
  return { uz: `${text} (uz)`, 'uz-Cyrl': `${text} (ўз)`, ru: `${text} (ру)`, en: text };
}

const NORGS = 120;
export const ctx: MappingContext = {
  baseUri: 'https://data.example.uz',
  languages: LANGS,
  catalog: {
    title_translated: tr('Open data portal'),
    description_translated: tr('Open government data'),
    publisher: { name_translated: tr('Portal operator'), email: 'support@data.example.uz' },
    homepage: 'https://data.example.uz/',
    license: 'CC_BY_4_0',
    spatial: 'UZB',
    issued: '2015-06-01',
  },
  organizations: Object.fromEntries(
    Array.from({ length: NORGS }, (_, i) => {
      const id = `org-${i}`;
      return [
        id,
        {
          id,
          name: id,
          title: `Organization ${i}`,
          code: String(i % 1000).padStart(3, '0'),
          structure: String(1 + (i % 4)),
          title_translated: tr(`Organization ${i}`),
          email: `info@org${i}.example.uz`,
          phone: '+998712000000',
          website: `https://org${i}.example.uz/`,
        },
      ];
    }),
  ),
  spheres: Object.fromEntries(SPHERES.map((s) => [s, { name: s, title_translated: tr(s) }])),
  structures: Object.fromEntries(
    [1, 2, 3, 4].map((c) => [String(c), { code: String(c), name_translated: tr(`Structure ${c}`) }]),
  ),
};

/** A realistic passport: four languages, 1–3 resources, contacts, schedule, coverage. */
export function makePackage(i: number): PackageDict {
  const org = i % NORGS;
  const freq = FREQS[i % FREQS.length];
  const day = String(1 + (i % 28)).padStart(2, '0');
  const ts = `2024-${String(1 + (i % 12)).padStart(2, '0')}-${day}T08:${String(i % 60).padStart(2, '0')}:00.123456`;
  const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
  const nres = 1 + (i % 3);
  return dictFixture({
    id,
    name: `dataset-${i}`,
    state: 'active',
    private: false,
    type: 'dataset',
    license_id: i % 7 ? 'cc-by' : 'odc-odbl',
    owner_org: `org-${org}`,
    metadata_created: ts,
    metadata_modified: ts.replace('2024', '2025'),
    passport_code: `${1 + (org % 4)}-${String(org).padStart(3, '0')}-${String(i % 10000).padStart(4, '0')}`,
    title_translated: tr(`Dataset number ${i} about public services`),
    notes_translated: tr(
      `Description of dataset ${i}: monthly indicators by region, collected by organization ${org}.`,
    ),
    keywords_translated: {
      uz: ['statistika', `mavzu${i % 50}`],
      'uz-Cyrl': ['статистика'],
      ru: ['статистика', `тема${i % 50}`],
      en: ['statistics', `topic${i % 50}`],
    },
    tags: [{ name: `tag-${i % 100}` }],
    sphere: SPHERES[i % SPHERES.length],
    priority: (['high', 'medium', 'low'] as const)[i % 3],
    relevance: (['high', 'medium', 'low'] as const)[(i + 1) % 3],
    ai_ready: i % 5 === 0,
    provision: i % 11 === 0 ? 'external' : i % 2 ? 'manual' : 'automatic',
    external_api: i % 11 === 0 ? `https://api.org${org}.example.uz/v1/data/${i}` : null,
    update_frequency: freq,
    update_schedule:
      freq === 'monthly'
        ? { day: 5 }
        : freq === 'quarterly'
          ? { month: 2, day: 10 }
          : freq === 'annual'
            ? { month: 3, day: 1, every_years: 1 }
            : null,
    responsible: {
      fullname_translated: tr(`Responsible ${i}`),
      email: `resp${i}@org${org}.example.uz`,
      phone: '+998901234567',
    },
    owner: i % 4 ? null : { fullname_translated: tr(`Owner ${i}`), email: `owner${i}@org${org}.example.uz` },
    spatial_uri: 'http://publications.europa.eu/resource/authority/country/UZB',
    temporal_start: '2020-01-01',
    temporal_end: '2024-12-31',
    last_data_update: ts,
    next_update_due: '2025-06-01',
    overdue_days: i % 9,
    resources: Array.from({ length: nres }, (_, r) => ({
      id: `${id}-r${r}`,
      name: `Resource ${r}`,
      description: `File ${r} of dataset ${i}`,
      format: FORMATS[(i + r) % FORMATS.length],
      url: `https://data.example.uz/files/${i}/${r}.dat`,
      size: 1000 + i * 7 + r,
      hash: r === 0 ? 'a'.repeat(64) : null,
      created: ts,
      last_modified: ts,
      datastore_active: r === 0 && i % 2 === 0,
      state: 'active',
    })),
  });
}

function* packages(n: number): Generator<PackageDict> {
  for (let i = 0; i < n; i++) yield makePackage(i);
}

async function streamRun(n: number, ext: 'nt' | 'ttl') {
  let triples = 0;
  let bytes = 0;
  const counted = (async function* () {
    for await (const batch of exportQuads(packages(n), ctx)) {
      triples += batch.length;
      yield batch;
    }
  })();
  const t0 = performance.now();
  for await (const chunk of serializeStream(counted, ext)) bytes += Buffer.byteLength(chunk);
  const s = (performance.now() - t0) / 1000;
  const peakMiB = process.resourceUsage().maxRSS / 1024;
  return { ext, datasets: n, triples, bytes, seconds: s, triplesPerSecond: triples / s, peakRssMiB: peakMiB };
}

interface PageResult {
  minMs: number;
  medianMs: number;
  p90Ms: number;
  cpuMedianMs: number;
  triples: number;
}

async function pageRun() {
  const pkgs = Array.from({ length: 100 }, (_, i) => makePackage(i));
  const page = () =>
    catalogPageQuads(ctx, {
      packages: pkgs,
      page: 1,
      itemsPerPage: 100,
      totalItems: 20_000,
      pageUri: (p) => `https://data.example.uz/catalog.ttl?page=${p}`,
    });
  const out: Record<string, PageResult> = {};
  for (const ext of ['ttl', 'nt', 'rdf', 'jsonld'] as FormatExt[]) {
    const times: number[] = [];
    const cpu: number[] = [];
    let triples = 0;
    for (let i = 0; i < 45; i++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const q: Quad[] = page();
      await serialize(q, ext);
      const c = process.cpuUsage(c0);
      const ms = performance.now() - t0;
      triples = q.length;
      if (i >= 5) {
        // first runs warm the JIT
        times.push(ms);
        cpu.push((c.user + c.system) / 1000);
      }
    }
    times.sort((a, b) => a - b);
    cpu.sort((a, b) => a - b);
    out[ext] = {
      minMs: times[0],
      medianMs: times[Math.floor(times.length / 2)],
      p90Ms: times[Math.floor(times.length * 0.9)],
      cpuMedianMs: cpu[Math.floor(cpu.length / 2)],
      triples,
    };
  }
  return out;
}

async function main() {
  const [mode, arg] = process.argv.slice(2);
  if (mode === '--child-stream') {
    const [ext, n] = arg.split(':');
    console.log(JSON.stringify(await streamRun(Number(n), ext as 'nt' | 'ttl')));
    return;
  }
  if (mode === '--child-page') {
    console.log(JSON.stringify(await pageRun()));
    return;
  }
  const n = Number(mode ?? 20_000);
  const self = fileURLToPath(import.meta.url);
  const child = (args: string[]) => {
    const r = spawnSync(process.execPath, [...process.execArgv, self, ...args], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    if (r.status !== 0) throw new Error(`child ${args.join(' ')} failed: ${r.stderr}`);
    return JSON.parse(r.stdout.trim().split('\n').pop()!);
  };
  // Shared machines skew timings: print the load so the numbers can be read in context.
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(1))
      .join(' ');
  console.log(
    `# RDF export benchmark, N=${n} datasets (node ${process.version}, ${cpus().length} CPUs, load average ${load()})`,
  );
  for (const ext of ['nt', 'ttl'] as const) {
    const r = child(['--child-stream', `${ext}:${n}`]);
    const ok = r.triplesPerSecond >= TARGET_TRIPLES_PER_S;
    console.log(
      `stream ${ext.padEnd(3)} ${r.triples} triples (${(r.triples / n).toFixed(1)}/dataset), ${(r.bytes / 1048576).toFixed(1)} MiB in ${r.seconds.toFixed(2)} s = ` +
        `${Math.round(r.triplesPerSecond).toLocaleString('en')} triples/s (target ≥ ${TARGET_TRIPLES_PER_S.toLocaleString('en')}: ${ok ? 'ok' : 'MISSED'}), peak RSS ${r.peakRssMiB.toFixed(0)} MiB`,
    );
  }
  const page = child(['--child-page']);
  // Wall time depends on how busy the machine is; CPU time (user+system, includes GC threads) does not.
  for (const [ext, r] of Object.entries(page) as [string, PageResult][]) {
    console.log(
      `page   ${ext.padEnd(6)} 100 datasets, ${r.triples} triples: map+serialise wall min ${r.minMs.toFixed(1)} / median ${r.medianMs.toFixed(1)} / p90 ${r.p90Ms.toFixed(1)} ms, ` +
        `CPU median ${r.cpuMedianMs.toFixed(1)} ms (target ≤ ${TARGET_PAGE_MS} ms: wall ${r.medianMs <= TARGET_PAGE_MS ? 'ok' : 'MISSED'}, CPU ${r.cpuMedianMs <= TARGET_PAGE_MS ? 'ok' : 'MISSED'})`,
    );
  }
  console.log(`# load average at the end: ${load()}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
