// DCAT feeds over HTTP: time to serve a 100-dataset catalogue page in each format, and the streaming
// full export's rate in triples per second.
//   node --import tsx bench/dcat.ts [N datasets, default 2000]
import { startBenchServer } from './lib.ts';

const N = Number(process.argv[2] ?? 2000);
const ROUNDS = 30;

async function main() {
  const srv = await startBenchServer();
  const { base, call, pasport: p } = srv;
  await call('structure_create', { code: '1', name_translated: { uz: 'Vazirliklar', ru: 'Министерства' } });
  for (const [i, org] of ['stat', 'health', 'transport'].entries()) {
    await call('organization_create', {
      name: org,
      code: `00${i + 1}`,
      structure: '1',
      title_translated: { uz: org, ru: org, en: org },
      email: `${org}@example.uz`,
    });
  }
  await call('group_create', {
    name: 'economy',
    title_translated: { uz: 'Iqtisodiyot', ru: 'Экономика', en: 'Economy' },
    eu_theme: 'ECON',
  });
  const freqs = ['daily', 'monthly', 'quarterly', 'annual', 'irregular'];
  for (let i = 0; i < N; i++) {
    await call('package_create', {
      name: `ds-${i}`,
      owner_org: ['stat', 'health', 'transport'][i % 3],
      sphere: 'economy',
      license_id: 'cc-by',
      title_translated: { uz: `To'plam ${i}`, 'uz-Cyrl': `Тўплам ${i}`, ru: `Набор ${i}`, en: `Dataset ${i}` },
      notes_translated: { uz: 'Tavsif', ru: 'Описание', en: 'Description' },
      update_frequency: freqs[i % 5],
      responsible: { fullname_translated: { uz: 'Aziz' }, email: 'aziz@example.uz', phone: '+998' },
      keywords_translated: { uz: ['aholi'], ru: ['население'] },
      tags: [{ name: 'stat' }],
      resources: [
        { url: `https://example.uz/${i}.csv`, format: 'CSV' },
        { url: `https://example.uz/api/${i}`, format: 'JSON', resource_type: 'api' },
      ],
    });
  }
  const search = p.services.extensions.search as { indexer: { settle(ms?: number): Promise<void> } } | undefined;
  await search?.indexer.settle(120000);

  console.log(`N=${N} datasets on ${p.connection.kind}; catalogue page of 100 datasets, ${ROUNDS} requests per format`);
  for (const ext of ['ttl', 'nt', 'rdf', 'jsonld']) {
    const times: number[] = [];
    let bytes = 0;
    for (let r = 0; r < ROUNDS; r++) {
      const t0 = performance.now();
      const res = await fetch(`${base}/catalog.${ext}?page=${1 + (r % 5)}`);
      bytes = (await res.text()).length;
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    console.log(
      `  /catalog.${ext.padEnd(6)} p50 ${times[Math.floor(ROUNDS / 2)].toFixed(1)} ms  p95 ${times[Math.floor(ROUNDS * 0.95)].toFixed(1)} ms  (${(bytes / 1024).toFixed(0)} KiB)`,
    );
  }
  for (const ext of ['nt', 'ttl']) {
    const t0 = performance.now();
    const res = await fetch(`${base}/catalog/export.${ext}`);
    let lines = 0;
    let size = 0;
    const decoder = new TextDecoder();
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      const s = decoder.decode(chunk, { stream: true });
      size += chunk.length;
      if (ext === 'nt') for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 10) lines++;
    }
    const secs = (performance.now() - t0) / 1000;
    console.log(
      `  /catalog/export.${ext}: ${(size / 1048576).toFixed(1)} MiB in ${secs.toFixed(2)} s${ext === 'nt' ? `, ${lines} triples = ${(lines / secs).toFixed(0)} triples/s` : ''}; RSS ${(process.memoryUsage().rss / 1048576).toFixed(0)} MiB`,
    );
  }
  await srv.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
