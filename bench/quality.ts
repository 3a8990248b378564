// Quality benchmark (not a test): generates N passports straight into the database (as bench/search.ts
// does), scores and stores every one (QualityScorer.rescore, each dataset recorded in the outbox for the
// indexer, as in a worker process), measures what SHACL would cost per dataset without the structure
// cache, then the p50/p95 of quality_show over HTTP (datasets; organizations and the catalogue cold and
// warm).
//   node --import tsx bench/quality.ts --n 100000
import { sql } from 'kysely';
import { loadConfig } from '../src/config.ts';
import { buildApp } from '../src/app.ts';
import { connect } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { ensureUser } from '../src/auth/users.ts';
import { loadPackages } from '../src/packages/dictize.ts';
import { mappingContext } from '../src/dcat/context.ts';
import { validateQuads } from '../src/rdf/shacl.ts';
import { freshDatabase } from '../test/helpers/db.ts';
import { generateCatalog } from '../test/helpers/search-catalog.ts';
import { QualityScorer, scoringQuads } from '../src/quality/scorer.ts';
import type { QualityService } from '../src/quality/module.ts';
import { pct } from './stats.ts';
import { reindex } from '../src/search/reindex.ts';

const args = process.argv.slice(2);
const arg = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const N = Number(arg('n', '100000'));
const REPS = Number(arg('reps', '400'));
const log = (o: object) => process.stderr.write(JSON.stringify(o) + '\n');

async function main() {
  const d = await freshDatabase();
  const config = loadConfig({
    LOG_LEVEL: 'error',
    DATABASE_URL: d.url,
    PORT: '0',
    HOST: '127.0.0.1',
    PASPORT_SPARQL: 'false',
    PASPORT_SCHEDULER: 'false',
    PASPORT_REQUIRED_LANGUAGES: 'none',
    // One client asking thousands of times; fixture URLs are off this machine.
    PASPORT_RATE_LIMIT: 'off',
    PASPORT_LINK_CHECK: 'false',
  } as NodeJS.ProcessEnv);
  const connection = await connect({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 12 });
  try {
    await migrateToLatest(connection.db);
    const db = connection.db;
    const admin = await ensureUser(db, 'bench-admin', { sysadmin: true, email: 'bench@example.org' });
    let t0 = performance.now();
    const gen = await generateCatalog(db, N, {
      adminId: admin.id,
      onProgress: (n) => {
        if (n % 20000 === 0) log({ generated: n });
      },
    });
    log({ generated: N, ms: Math.round(performance.now() - t0) });
    // The catalogue arrives as already indexed and scored-from-now: the consumers start at the end.
    for (const c of ['search', 'quality'])
      await sql`INSERT INTO outbox_cursor (consumer, last_id) SELECT ${c}, coalesce(max(id), 0) FROM outbox ON CONFLICT (consumer) DO UPDATE SET last_id = excluded.last_id`.execute(
        db,
      );
    await sql`ANALYZE`.execute(db);
    const pasport = await buildApp(config, { connection, logger: { level: 'error' } });
    // Scoring is measured alone: the module's background backfill is stopped first.
    await (pasport.services.extensions.quality as QualityService).consumer.stop();
    await db.deleteFrom('quality_score').execute();
    // The generator writes no search documents: they are built here, as a live catalogue has them.
    // Without them every new score indexed its dataset for the first time, and the scoring run paid for
    // the index's whole first build in the background (40 s of the database's time at 100,000).
    t0 = performance.now();
    const indexed = await reindex(pasport.services, { onProgress: () => {} });
    log({ indexed: indexed.count, ms: Math.round(performance.now() - t0) });
    await pasport.app.listen({ port: 0, host: '127.0.0.1' });
    const addr = pasport.app.server.address();
    const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/api/3/action/quality_show`;

    // 1. Score and store every passport.
    const scorer = new QualityScorer(pasport.services);
    const ids = (
      await db
        .selectFrom('package')
        .select('id')
        .where('state', '=', 'active')
        .where('private', '=', false)
        .where('type', '=', 'dataset')
        .orderBy('id')
        .execute()
    ).map((r) => r.id);
    t0 = performance.now();
    for (let i = 0; i < ids.length; i += 2000) {
      await scorer.rescore(ids.slice(i, i + 2000));
      if ((i / 2000) % 10 === 0)
        log({
          scored: i + 2000,
          ms: Math.round(performance.now() - t0),
          validations: scorer.shacl.validations,
          hits: scorer.shacl.hits,
          shaclMs: Math.round(scorer.shacl.validationMs),
        });
    }
    const scoreMs = performance.now() - t0;
    const { validations, hits, validationMs } = scorer.shacl;

    // 2. SHACL per dataset without the cache, on a sample.
    const sample = ids.filter((_, i) => i % Math.max(1, Math.floor(ids.length / 40)) === 0).slice(0, 40);
    const dicts = await loadPackages(db, sample, config);
    const ctx = await mappingContext(pasport.services);
    t0 = performance.now();
    for (const pkg of dicts.values()) await validateQuads(scoringQuads(pkg, ctx));
    const shaclEach = (performance.now() - t0) / dicts.size;

    // 3. quality_show over HTTP.
    const time = async (input: object) => {
      const s = performance.now();
      const r = await fetch(base, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(input),
      });
      if (r.status !== 200) throw new Error(`quality_show ${r.status}: ${await r.text()}`);
      await r.arrayBuffer();
      return performance.now() - s;
    };
    for (let i = 0; i < 20; i++) await time({ id: ids[i] });
    const datasetMs: number[] = [];
    for (let i = 0; i < REPS; i++) datasetMs.push(await time({ id: ids[(i * 7919) % ids.length] }));
    // Aggregates are kept until a dataset changes (quality_show's read cache): the first ask of each is
    // cold, the repeats warm; both are reported.
    const orgs = gen.orgs.slice(0, 40);
    const orgCold: number[] = [];
    for (const o of orgs) orgCold.push(await time({ id: o.name }));
    const orgMs: number[] = [];
    for (let i = 0; i < 400; i++) orgMs.push(await time({ id: orgs[i % orgs.length].name }));
    const catalogCold = await time({});
    const catalogMs: number[] = [];
    for (let i = 0; i < 100; i++) catalogMs.push(await time({}));
    const ratings = await db
      .selectFrom('quality_score')
      .select(['rating', sql<number>`count(*)::int`.as('n')])
      .groupBy('rating')
      .execute();

    const out = {
      passports: ids.length,
      scoring: { ms: Math.round(scoreMs), per_dataset_ms: +(scoreMs / ids.length).toFixed(3), target_ms: 60000 },
      shacl: {
        distinct_structures_validated: validations,
        cache_hits: hits,
        ms_per_validation: +(validationMs / Math.max(1, validations)).toFixed(1),
        uncached_ms_per_dataset: +shaclEach.toFixed(1),
        uncached_estimate_for_all_s: Math.round((shaclEach * ids.length) / 1000),
      },
      quality_show_dataset: {
        reps: REPS,
        p50: +pct(datasetMs, 50).toFixed(2),
        p95: +pct(datasetMs, 95).toFixed(2),
        target_p95: 10,
      },
      quality_show_organization: {
        datasets_per_org: Math.round(ids.length / gen.orgs.length),
        cold: { reps: orgCold.length, p50: +pct(orgCold, 50).toFixed(2), p95: +pct(orgCold, 95).toFixed(2) },
        warm: { reps: orgMs.length, p50: +pct(orgMs, 50).toFixed(2), p95: +pct(orgMs, 95).toFixed(2) },
      },
      quality_show_catalog: {
        cold_ms: +catalogCold.toFixed(2),
        warm: { reps: catalogMs.length, p50: +pct(catalogMs, 50).toFixed(2), p95: +pct(catalogMs, 95).toFixed(2) },
      },
      ratings: Object.fromEntries(ratings.map((r) => [r.rating, r.n])),
    };
    console.log(JSON.stringify(out, null, 2));
    await pasport.close();
  } finally {
    await connection.close?.().catch(() => {});
    // BENCH_KEEP=1 leaves the database for EXPLAIN afterwards (as bench/lib.ts does).
    if (process.env.BENCH_KEEP) log({ kept: d.url });
    else await d.drop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
