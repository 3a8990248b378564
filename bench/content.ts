// Content list actions at 10,000 items per type: news (newest first), glossary terms (alphabetical in
// the requested language), FAQ (by position), legal acts; first and deep pages, text search, tag
// filter. Items are inserted in bulk with the same value builder the actions use (one created through
// the API first, to prove the path), then each query is timed over HTTP, one request at a time, so the
// figures are latencies, not throughput under queueing.
//   node --import tsx bench/content.ts [N=10000] [requests per query=300]
// Without DATABASE_URL a fresh database is created on PASPORT_TEST_PG's server; BENCH_EMBEDDED=1 uses PGlite.
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { startBenchServer } from './lib.ts';
import { CONTENT_TYPE_BY_NAME } from '../src/content/defs.ts';
import { contentRows, contentValues } from '../src/content/input.ts';
import type { ActionContext } from '../src/actions/types.ts';
import { pct } from './stats.ts';

const N = Number(process.argv[2] ?? 10000);
const REQUESTS = Number(process.argv[3] ?? 300);
const WORDS = [
  'maʼlumot',
  'ochiq',
  'тарих',
  'статистика',
  'население',
  'transport',
  'budget',
  'экология',
  'taʼlim',
  'health',
];

// Each item has one of 10 topic words (10% of items each), one of 500 codes (0.2%), and a body whose
// words every item shares (the worst case for search: everything matches).
function item(i: number, type: string): Record<string, unknown> {
  const w = WORDS[i % WORDS.length];
  const code = `kod${i % 500}x`;
  return {
    name: `${type.replace(/_/g, '-')}-${i}`,
    title_translated: {
      uz: `${w} ${i} yangilik`,
      'uz-Cyrl': `${w} ${i} янгилик`,
      ru: `${w} ${i} новость`,
      en: `${w} ${i} news`,
    },
    summary_translated: { uz: `Qisqacha ${code}`, ru: `Кратко ${code}`, en: `Brief ${code}` },
    body_translated: {
      ru: `<p>${'Текст новости о портале открытых данных. '.repeat(12)}</p>`,
      en: `<p>${'A story about the open data portal. '.repeat(12)}</p>`,
    },
    tags: [`t${i % 20}`, w],
    published: new Date(Date.UTC(2020, 0, 1) + i * 3600_000).toISOString(),
    position: i,
    active: i % 50 !== 0, // 2% drafts, so the visibility filter has work to do
    ...(type === 'legal_act'
      ? { number: `ПП-${i}`, date: new Date(Date.UTC(2000, 0, 1) + i * 86400_000).toISOString().slice(0, 10) }
      : {}),
  };
}

async function main() {
  const srv = await startBenchServer({ embedded: !!process.env.BENCH_EMBEDDED });
  const { base, pasport: p } = srv;
  const types = ['news', 'glossary_term', 'faq', 'legal_act'];
  const ctx = { config: p.services.config, services: p.services, files: {} } as unknown as ActionContext;
  const t0 = performance.now();
  for (const type of types) {
    const def = CONTENT_TYPE_BY_NAME.get(type)!;
    await srv.call(`${type}_create`, { ...item(N, type), name: `${type.replace(/_/g, '-')}-via-api` });
    for (let start = 0; start < N; start += 500) {
      const rows = [];
      for (let i = start; i < Math.min(N, start + 500); i++) {
        const id = crypto.randomUUID();
        const v = contentValues(ctx, def, item(i, type), id, null);
        rows.push({ id, ...contentRows(def, v, v.published) });
      }
      await p.services.db
        .insertInto('content_item')
        .values(rows.map((r) => ({ ...r.item, id: r.id, type })))
        .execute();
      await p.services.db
        .insertInto('content_body')
        .values(rows.map((r) => ({ ...r.body, id: r.id })))
        .execute();
      await p.services.db
        .insertInto('content_search')
        .values(rows.map((r) => ({ ...r.search, id: r.id })))
        .execute();
    }
  }
  // What autovacuum does after bulk inserts: statistics, and the visibility map that lets counts be
  // index-only scans.
  await sql`VACUUM ANALYZE content_item`.execute(p.services.db);
  await sql`VACUUM ANALYZE content_body`.execute(p.services.db);
  await sql`VACUUM ANALYZE content_search`.execute(p.services.db);
  console.log(
    `loaded ${types.length} x ${N} items in ${((performance.now() - t0) / 1000).toFixed(1)} s (${p.services.dbKind})`,
  );

  const queries: [string, string][] = [
    ['baseline: /api/3 (no database)', '../../3'],
    ['baseline: status_show', 'status_show'],
    ['news_list first page (ru)', 'news_list?lang=ru'],
    ['news_list page 250 (offset 5000)', 'news_list?lang=ru&offset=5000'],
    ['news_list q=статистика (10% match)', `news_list?lang=ru&q=${encodeURIComponent('статистика')}`],
    ['news_list q=kod123x (0.2% match)', 'news_list?lang=ru&q=kod123x'],
    ['news_list q=2 words (1%)', `news_list?lang=en&q=${encodeURIComponent('budget 7')}`],
    ['news_list q=портале (100% match, worst)', `news_list?lang=ru&q=${encodeURIComponent('портале')}`],
    ['news_list tags=t7 (5%)', 'news_list?tags=t7'],
    ['glossary_term_list title asc (uz)', 'glossary_term_list?lang=uz'],
    ['faq_list position asc, 100 per page', 'faq_list?lang=en&limit=100'],
    ['legal_act_list (published desc)', 'legal_act_list?lang=ru'],
    ['news_show by name', 'news_show?id=news-1234&lang=ru'],
  ];
  console.log(`\n${'query'.padEnd(40)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)}  count`);
  for (const [label, path] of queries) {
    const times: number[] = [];
    let count = 0;
    for (let i = 0; i < REQUESTS + 20; i++) {
      const s = performance.now();
      const res = await fetch(`${base}/api/3/action/${path}`);
      const body = await res.json();
      const ms = performance.now() - s;
      if (body.success === false) throw new Error(`${path}: ${JSON.stringify(body).slice(0, 300)}`);
      count = body.result?.count ?? 1;
      if (i >= 20) times.push(ms); // the first requests warm caches and the JIT
    }
    times.sort((a, b) => a - b);
    console.log(
      `${label.padEnd(40)} ${pct(times, 50).toFixed(2).padStart(8)} ${pct(times, 95).toFixed(2).padStart(8)} ${pct(times, 99).toFixed(2).padStart(8)}  ${count}`,
    );
  }
  await srv.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
