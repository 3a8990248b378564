// Search benchmark (not a test): generates N multilingual passports, builds the index with `reindex`,
// then measures p50/p95 of a fixed mix of package_search requests over HTTP.
//   node --import tsx bench/search.ts --n 100000            PostgreSQL (PASPORT_TEST_PG or local)
//   node --import tsx bench/search.ts --n 10000 --embedded  embedded PGlite
import { sql } from 'kysely';
import { loadConfig } from '../src/config.ts';
import { buildApp } from '../src/app.ts';
import { connect } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { ensureUser } from '../src/auth/users.ts';
import { reindex } from '../src/search/reindex.ts';
import { freshDatabase, tempDir } from '../test/helpers/db.ts';
import { generateCatalog } from '../test/helpers/search-catalog.ts';
import { pct } from './stats.ts';

const args = process.argv.slice(2);
const arg = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const N = Number(arg('n', '100000'));
const EMBEDDED = args.includes('--embedded');
const REPS = Number(arg('reps', '40'));
const KEEP = args.includes('--keep');

async function main() {
  // Rate limits off: the load generator is one client sending thousands of requests.
  const env: Record<string, string> = { LOG_LEVEL: 'error', PASPORT_RATE_LIMIT: 'off' };
  let cleanup: () => unknown;
  if (EMBEDDED) {
    const t = tempDir('pasport-bench-');
    env.PASPORT_DATA_DIR = t.dir;
    cleanup = t.remove;
  } else {
    const d = await freshDatabase();
    env.DATABASE_URL = d.url;
    cleanup = KEEP ? () => console.log(`kept ${d.url}`) : d.drop;
  }
  const config = loadConfig({ ...env, PORT: '0', HOST: '127.0.0.1' } as NodeJS.ProcessEnv);
  const connection = await connect({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 12 });
  try {
    await migrateToLatest(connection.db);
    const db = connection.db;
    const admin = await ensureUser(db, 'bench-admin', { sysadmin: true, email: 'bench@example.org' });
    let t0 = performance.now();
    const gen = await generateCatalog(db, N, {
      adminId: admin.id,
      onProgress: (d) => {
        if (d % 20000 === 0) process.stderr.write(`generated ${d}\n`);
      },
    });
    const genMs = performance.now() - t0;
    // The catalog arrives as if already indexed: the reindex below is what builds the index.
    await sql`INSERT INTO outbox_cursor (consumer, last_id) SELECT 'search', coalesce(max(id), 0) FROM outbox ON CONFLICT (consumer) DO UPDATE SET last_id = excluded.last_id`.execute(
      db,
    );
    await sql`ANALYZE`.execute(db);

    const pasport = await buildApp(config, { connection, logger: { level: 'error' } });
    await pasport.app.listen({ port: 0, host: '127.0.0.1' });
    const addr = pasport.app.server.address();
    const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/api/3/action/package_search`;

    t0 = performance.now();
    const { count } = await reindex(pasport.services, { onProgress: () => {} });
    const reindexMs = performance.now() - t0;

    const facets4 = JSON.stringify(['organization', 'tags', 'res_format', 'groups']);
    const o = (i: number) => gen.orgs[i].name;
    const classes: Record<string, Record<string, string>[]> = {
      'text uz + 4 facets': [{ q: 'aholi soni' }, { q: 'Toshkent budjeti' }, { q: 'kasalxonalar' }].map((p) => ({
        ...p,
        'facet.field': facets4,
      })),
      'text uz-Cyrl + 4 facets': [{ q: 'аҳоли сони' }, { q: 'Самарқанд' }, { q: 'иш ҳақи' }].map((p) => ({
        ...p,
        'facet.field': facets4,
      })),
      'text ru + 4 facets': [{ q: 'численность населения' }, { q: 'бюджет' }, { q: 'больницы Ташкент' }].map((p) => ({
        ...p,
        'facet.field': facets4,
      })),
      'text en + 4 facets': [{ q: 'population' }, { q: 'air quality' }, { q: 'hospitals Bukhara' }].map((p) => ({
        ...p,
        'facet.field': facets4,
      })),
      'typo (corrected to a title word)': [{ q: 'popultion' }, { q: 'hosptals' }],
      '3 filters + 4 facets': [
        { fq: `organization:${o(3)} res_format:CSV metadata_modified:[NOW-1YEAR TO NOW]`, 'facet.field': facets4 },
        { fq: `tags:statistika -res_format:PDF ai_ready:true`, 'facet.field': facets4 },
        { fq: `(organization:${o(1)} OR organization:${o(2)}) groups:health priority:high`, 'facet.field': facets4 },
      ],
      'match all + 4 facets': [{ 'facet.field': facets4 }, { q: '*:*', 'facet.field': facets4, rows: '20' }],
      sorts: [
        { sort: 'name asc' },
        { sort: 'title_string desc' },
        { sort: 'metadata_created desc' },
        { sort: 'metadata_modified desc', q: 'budget' },
      ],
      [`deep page start=${Math.floor(N * 0.9)} (offset)`]: [
        { sort: 'id asc', rows: '100', start: String(Math.floor(N * 0.9)) },
        { sort: 'metadata_modified desc', rows: '100', start: String(Math.floor(N * 0.9)) },
      ],
    };

    const results: { name: string; p50: number; p95: number; n: number }[] = [];
    const engine = (pasport.services.extensions.search as { engine: { counts?: { enabled: boolean } } }).engine;
    const get = async (p: Record<string, string>) => {
      const t = performance.now();
      const res = await fetch(`${base}?${new URLSearchParams(p)}`);
      const body = await res.text();
      if (res.status !== 200) throw new Error(`${res.status} ${body.slice(0, 300)}`);
      return performance.now() - t;
    };
    // cold: counts and facets computed for every request; warm: the result cache of normal operation,
    // where the fixed mix repeats (pages are always computed; only count/facets are cached).
    for (const mode of ['cold', 'warm'] as const) {
      if (engine.counts) engine.counts.enabled = mode === 'warm';
      for (const [name, reqs] of Object.entries(classes)) {
        for (const r of reqs) await get(r); // warm-up
        const times: number[] = [];
        for (let i = 0; i < REPS; i++) times.push(await get(reqs[i % reqs.length]));
        results.push({ name: `${name} [${mode}]`, p50: pct(times, 50), p95: pct(times, 95), n: times.length });
      }
    }
    if (engine.counts) engine.counts.enabled = true;

    // The harvester's walk: rows=100, start += 100, sort=id asc, measured around start=90000 once the
    // walk is under way (each page's boundary lets the next seek instead of skipping rows).
    {
      const times: number[] = [];
      const from = Math.max(0, Math.floor(N * 0.9) - 100 * 5);
      const fq = 'metadata_modified:[2000-01-01T00:00:00.123456Z TO *] -dataset_type:harvest';
      await get({ sort: 'id asc', rows: '100', start: String(from), fq });
      for (let i = 1; i <= REPS; i++)
        times.push(await get({ sort: 'id asc', rows: '100', start: String(from + i * 100), fq }));
      results.push({
        name: `harvester walk near start=${Math.floor(N * 0.9)} (keyset)`,
        p50: pct(times, 50),
        p95: pct(times, 95),
        n: times.length,
      });
    }
    // The cursor parameter from the beginning: pages stay cheap however deep.
    {
      const times: number[] = [];
      let cursor = '*';
      let pages = 0;
      const t = performance.now();
      for (;;) {
        const t1 = performance.now();
        const res = await fetch(
          `${base}?${new URLSearchParams({ sort: 'id asc', rows: '1000', cursor, facet: 'false' })}`,
        );
        const body = (await res.json()) as { result: { results: unknown[]; next_cursor: string | null } };
        times.push(performance.now() - t1);
        pages++;
        if (!body.result.next_cursor) break;
        cursor = body.result.next_cursor;
      }
      results.push({
        name: `cursor walk, rows=1000 (${pages} pages, ${Math.round(performance.now() - t)} ms total)`,
        p50: pct(times, 50),
        p95: pct(times, 95),
        n: times.length,
      });
    }

    // Design check: the same 4 facets straight from the core tables (what a table-free engine would do).
    const direct: number[] = [];
    const doc: number[] = [];
    for (let i = 0; i < 5; i++) {
      let t = performance.now();
      await Promise.all([
        sql`SELECT t.name, count(*) FROM package p JOIN package_tag pt ON pt.package_id = p.id JOIN tag t ON t.id = pt.tag_id WHERE p.state = 'active' AND NOT p.private GROUP BY 1 ORDER BY 2 DESC LIMIT 50`.execute(
          db,
        ),
        sql`SELECT r.format, count(DISTINCT p.id) FROM package p JOIN resource r ON r.package_id = p.id AND r.state = 'active' WHERE p.state = 'active' AND NOT p.private GROUP BY 1 ORDER BY 2 DESC LIMIT 50`.execute(
          db,
        ),
        sql`SELECT g.name, count(*) FROM package p JOIN "group" g ON g.id = p.owner_org WHERE p.state = 'active' AND NOT p.private GROUP BY 1 ORDER BY 2 DESC LIMIT 50`.execute(
          db,
        ),
        sql`SELECT g.name, count(*) FROM package p JOIN member m ON m.table_id = p.id AND m.table_name = 'package' AND m.state = 'active' JOIN "group" g ON g.id = m.group_id AND NOT g.is_organization WHERE p.state = 'active' AND NOT p.private GROUP BY 1 ORDER BY 2 DESC LIMIT 50`.execute(
          db,
        ),
      ]);
      direct.push(performance.now() - t);
      t = performance.now();
      await Promise.all([
        sql`SELECT v, count(*) FROM search_doc d CROSS JOIN LATERAL unnest(d.tags) v WHERE d.state = 'active' AND NOT d.private GROUP BY 1 ORDER BY 2 DESC LIMIT 50`.execute(
          db,
        ),
        sql`SELECT v, count(*) FROM search_doc d CROSS JOIN LATERAL unnest(d.res_format) v WHERE d.state = 'active' AND NOT d.private GROUP BY 1 ORDER BY 2 DESC LIMIT 50`.execute(
          db,
        ),
        sql`SELECT organization, count(*) FROM search_doc d WHERE d.state = 'active' AND NOT d.private GROUP BY 1 ORDER BY 2 DESC LIMIT 50`.execute(
          db,
        ),
        sql`SELECT v, count(*) FROM search_doc d CROSS JOIN LATERAL unnest(d.groups) v WHERE d.state = 'active' AND NOT d.private GROUP BY 1 ORDER BY 2 DESC LIMIT 50`.execute(
          db,
        ),
      ]);
      doc.push(performance.now() - t);
    }

    const where = EMBEDDED ? 'embedded PGlite' : 'PostgreSQL';
    const load = (await import('node:os'))
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ');
    console.log(
      `\nsearch benchmark: ${where}, load average ${load} on ${(await import('node:os')).cpus().length} CPUs, N=${N} datasets (generated in ${(genMs / 1000).toFixed(1)} s), ${REPS} requests per class, sequential, over HTTP`,
    );
    console.log(
      `reindex: ${count} datasets in ${(reindexMs / 1000).toFixed(1)} s (${Math.round(count / (reindexMs / 1000))} datasets/s)`,
    );
    console.log('\n| request class | p50 ms | p95 ms |\n|---|---:|---:|');
    for (const r of results) console.log(`| ${r.name} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} |`);
    console.log(
      `\n4 facets over all public datasets, SQL only: core-table joins p50 ${pct(direct, 50).toFixed(1)} ms vs search_doc p50 ${pct(doc, 50).toFixed(1)} ms (ratio ${(pct(direct, 50) / pct(doc, 50)).toFixed(1)}x)`,
    );
    await pasport.close();
  } finally {
    await connection.close().catch(() => {});
    await cleanup();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
