// Storage choice for the DataStore, measured: a typed table per resource (CKAN's layout) against one
// shared jsonb table, at N records (default 1,000,000) on PostgreSQL. Raw SQL through `pg`, no HTTP, so it
// compares the layouts only. Prints upsert throughput and search latencies (p50/p95 over random keys).
//   node --import tsx bench/datastore-storage.ts [N]
import pg from 'pg';
import { freshDatabase } from '../test/helpers/db.ts';
import { pct } from './stats.ts';

const N = Number(process.argv[2] ?? 1_000_000);
const BATCH = 5000;
const LOOKUPS = 2000;
const REGIONS = [
  'Астана',
  'Алматы',
  'Шымкент',
  'Караганда',
  'Актобе',
  'Тараз',
  'Павлодар',
  'Усть-Каменогорск',
  'Семей',
  'Атырау',
];

function batch(from: number, n: number) {
  const ids: string[] = [],
    names: string[] = [],
    regions: string[] = [],
    nums: number[] = [],
    xs: number[] = [],
    ds: string[] = [];
  for (let i = from; i < from + n; i++) {
    ids.push(`K${i}`);
    names.push(`Аптека номер ${i} ${i % 97 === 0 ? 'круглосуточная' : 'дневная'}`);
    regions.push(REGIONS[i % REGIONS.length]);
    nums.push(i % 1000);
    xs.push(i / 7);
    ds.push(`2024-${String((i % 12) + 1).padStart(2, '0')}-15 10:00:00`);
  }
  return { ids, names, regions, nums, xs, ds };
}

async function timeQueries(c: pg.Client, label: string, make: (i: number) => [string, unknown[]], n = LOOKUPS) {
  const t: number[] = [];
  for (let i = 0; i < n; i++) {
    const [text, params] = make(i);
    const s = performance.now();
    await c.query(text, params);
    t.push(performance.now() - s);
  }
  console.log(`  ${label.padEnd(44)} p50 ${pct(t, 50).toFixed(2)} ms  p95 ${pct(t, 95).toFixed(2)} ms`);
  return pct(t, 95);
}

async function typed(c: pg.Client) {
  await c.query('CREATE SCHEMA ds');
  await c.query(
    `CREATE TABLE ds.t (_id serial PRIMARY KEY, _full_text tsvector, id text NOT NULL UNIQUE, name text, region text, n int8, x float8, d timestamp)`,
  );
  await c.query('CREATE INDEX ON ds.t USING gin (_full_text)');
  await c.query('CREATE INDEX ON ds.t (region)');
  const sqlText = `INSERT INTO ds.t (id, name, region, n, x, d, _full_text)
    SELECT u.*, to_tsvector('simple', concat_ws(' ', u.id, u.name, u.region, u.n, u.x, u.d))
    FROM unnest($1::text[], $2::text[], $3::text[], $4::int8[], $5::float8[], $6::timestamp[]) AS u(id, name, region, n, x, d)
    ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, region = EXCLUDED.region, n = EXCLUDED.n, x = EXCLUDED.x, d = EXCLUDED.d, _full_text = EXCLUDED._full_text`;
  const s = performance.now();
  for (let i = 0; i < N; i += BATCH) {
    const b = batch(i, Math.min(BATCH, N - i));
    await c.query(sqlText, [b.ids, b.names, b.regions, b.nums, b.xs, b.ds]);
  }
  const secs = (performance.now() - s) / 1000;
  const s2 = performance.now();
  const b = batch(0, 50_000);
  for (let i = 0; i < 50_000; i += BATCH)
    await c.query(sqlText, [
      b.ids.slice(i, i + BATCH),
      b.names.slice(i, i + BATCH),
      b.regions.slice(i, i + BATCH),
      b.nums.slice(i, i + BATCH),
      b.xs.slice(i, i + BATCH),
      b.ds.slice(i, i + BATCH),
    ]);
  const updSecs = (performance.now() - s2) / 1000;
  await c.query('ANALYZE ds.t');
  console.log(
    `typed table: insert ${Math.round(N / secs)} rec/s, re-upsert of existing keys ${Math.round(50_000 / updSecs)} rec/s`,
  );
  const size = (await c.query(`SELECT pg_total_relation_size('ds.t') AS s`)).rows[0].s;
  console.log(`  size ${(Number(size) / 1e6).toFixed(0)} MB`);
  await timeQueries(c, 'by key (id = $1)', (i) => ['SELECT * FROM ds.t WHERE id = $1', [`K${(i * 7919) % N}`]]);
  await timeQueries(
    c,
    'by indexed filter region, limit 100 + total',
    (i) => [`SELECT *, count(*) OVER () FROM ds.t WHERE region = $1 ORDER BY _id LIMIT 100`, [REGIONS[i % 10]]],
    50,
  );
  await timeQueries(
    c,
    'by unindexed filter n = $1, limit 100',
    (i) => [`SELECT * FROM ds.t WHERE n = $1 ORDER BY _id LIMIT 100`, [i % 1000]],
    50,
  );
  await timeQueries(
    c,
    'full text, limit 100',
    () => [`SELECT * FROM ds.t WHERE _full_text @@ plainto_tsquery('simple', 'круглосуточная') LIMIT 100`, []],
    50,
  );
}

async function jsonb(c: pg.Client) {
  await c.query(
    `CREATE TABLE ds_row (resource_id uuid NOT NULL, _id bigserial, key text NOT NULL, data jsonb NOT NULL, _full_text tsvector, PRIMARY KEY (resource_id, _id), UNIQUE (resource_id, key))`,
  );
  await c.query('CREATE INDEX ON ds_row USING gin (data jsonb_path_ops)');
  await c.query('CREATE INDEX ON ds_row USING gin (_full_text)');
  const rid = '00000000-0000-4000-8000-000000000001';
  const sqlText = `INSERT INTO ds_row (resource_id, key, data, _full_text)
    SELECT $7::uuid, u.id, jsonb_build_object('id', u.id, 'name', u.name, 'region', u.region, 'n', u.n, 'x', u.x, 'd', u.d),
      to_tsvector('simple', concat_ws(' ', u.id, u.name, u.region, u.n, u.x, u.d))
    FROM unnest($1::text[], $2::text[], $3::text[], $4::int8[], $5::float8[], $6::timestamp[]) AS u(id, name, region, n, x, d)
    ON CONFLICT (resource_id, key) DO UPDATE SET data = EXCLUDED.data, _full_text = EXCLUDED._full_text`;
  const s = performance.now();
  for (let i = 0; i < N; i += BATCH) {
    const b = batch(i, Math.min(BATCH, N - i));
    await c.query(sqlText, [b.ids, b.names, b.regions, b.nums, b.xs, b.ds, rid]);
  }
  const secs = (performance.now() - s) / 1000;
  const s2 = performance.now();
  const b = batch(0, 50_000);
  for (let i = 0; i < 50_000; i += BATCH)
    await c.query(sqlText, [
      b.ids.slice(i, i + BATCH),
      b.names.slice(i, i + BATCH),
      b.regions.slice(i, i + BATCH),
      b.nums.slice(i, i + BATCH),
      b.xs.slice(i, i + BATCH),
      b.ds.slice(i, i + BATCH),
      rid,
    ]);
  const updSecs = (performance.now() - s2) / 1000;
  await c.query('ANALYZE ds_row');
  console.log(
    `jsonb table: insert ${Math.round(N / secs)} rec/s, re-upsert of existing keys ${Math.round(50_000 / updSecs)} rec/s`,
  );
  const size = (await c.query(`SELECT pg_total_relation_size('ds_row') AS s`)).rows[0].s;
  console.log(`  size ${(Number(size) / 1e6).toFixed(0)} MB`);
  await timeQueries(c, 'by key (resource_id, key = $1)', (i) => [
    `SELECT * FROM ds_row WHERE resource_id = '${rid}' AND key = $1`,
    [`K${(i * 7919) % N}`],
  ]);
  await timeQueries(
    c,
    'by filter data @> region, limit 100 + total',
    (i) => [
      `SELECT *, count(*) OVER () FROM ds_row WHERE resource_id = '${rid}' AND data @> $1 ORDER BY _id LIMIT 100`,
      [JSON.stringify({ region: REGIONS[i % 10] })],
    ],
    50,
  );
  await timeQueries(
    c,
    'by filter data @> n, limit 100',
    (i) => [
      `SELECT * FROM ds_row WHERE resource_id = '${rid}' AND data @> $1 ORDER BY _id LIMIT 100`,
      [JSON.stringify({ n: i % 1000 })],
    ],
    50,
  );
  await timeQueries(
    c,
    'full text, limit 100',
    () => [
      `SELECT * FROM ds_row WHERE resource_id = '${rid}' AND _full_text @@ plainto_tsquery('simple', 'круглосуточная') LIMIT 100`,
      [],
    ],
    50,
  );
}

async function main() {
  for (const [name, fn] of [
    ['typed', typed],
    ['jsonb', jsonb],
  ] as const) {
    const db = await freshDatabase();
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      await fn(c);
    } finally {
      await c.end();
      await db.drop();
    }
    console.log(`(${name} done)`);
  }
}

await main();
