// /metrics read the way Prometheus reads it: the text format parsed by an independent parser, each family
// the operations guide names present, and the counters moving after real requests.
import t from 'tap';
import parse from 'parse-prometheus-text-format';
import { startServer, type TestServer } from '../helpers/server.ts';
import { makeOrg, makeStructure, passport } from '../helpers/fixtures.ts';

type Families = Map<string, ReturnType<typeof parse>[number]> & { text: string };

async function scrape(s: TestServer, headers: Record<string, string> = {}): Promise<Families> {
  const r = await fetch(`${s.url}/metrics`, { headers });
  if (r.status !== 200) throw new Error(`/metrics answered ${r.status}`);
  const text = await r.text();
  return Object.assign(new Map(parse(text).map((f) => [f.name, f])), { text });
}

/** Sum of a family's sample values whose labels include `labels`. */
function total(fams: Families, name: string, labels: Record<string, string> = {}): number {
  const f = fams.get(name);
  if (!f) return NaN;
  return f.metrics
    .filter((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))
    .reduce((acc, m) => acc + Number(m.value ?? 0), 0);
}

/**
 * One series of a labelled histogram. The parser folds a histogram's samples together only when `le` is
 * their sole label, so the series is cut out of the text with its label removed, then parsed.
 */
function histogram(fams: Families, name: string, label: string, value: string) {
  const lines = fams.text.split('\n');
  const own = `${label}="${value}"`;
  const picked = lines.filter(
    (l) =>
      l.startsWith(`# HELP ${name} `) || l.startsWith(`# TYPE ${name} `) || (l.startsWith(name) && l.includes(own)),
  );
  const text =
    picked.map((l) => l.replace(`,${own}`, '').replace(`{${own},`, '{').replace(`{${own}}`, '')).join('\n') + '\n';
  const [fam] = parse(text);
  const m = fam?.metrics[0] as { buckets?: Record<string, string>; count?: string; sum?: string } | undefined;
  return { count: Number(m?.count ?? 0), sum: Number(m?.sum ?? 0), buckets: m?.buckets ?? {} };
}

const FAMILIES = [
  'pasport_http_requests_total',
  'pasport_http_request_duration_seconds',
  'pasport_outbox_lag_entries',
  'pasport_outbox_lag_seconds',
  'pasport_sparql_queries_total',
  'pasport_sparql_timeouts_total',
  'pasport_sparql_queue_depth',
  'pasport_sparql_workers_busy',
  'pasport_datastore_loads_total',
  'pasport_datastore_rows_loaded_total',
  'pasport_jobs_queued',
  'pasport_jobs_total',
  'pasport_deliveries_total',
  'pasport_process_cpu_seconds_total',
  'pasport_process_resident_memory_bytes',
  'pasport_nodejs_eventloop_lag_seconds',
];

t.test('metrics families are present and move with traffic', async (t) => {
  const s = await startServer(t);
  await makeStructure(s, '7');
  await makeOrg(s, 'metrics-org', { code: '001', structure: '7' });
  const pkg = await s.ok('package_create', passport('metrics-ds', 'metrics-org'));
  await s.settle();

  const before = await scrape(s);
  for (const name of FAMILIES) t.ok(before.has(name), `${name} present`);
  t.equal(before.get('pasport_http_request_duration_seconds')?.type, 'HISTOGRAM');
  t.equal(before.get('pasport_http_requests_total')?.type, 'COUNTER');
  t.ok(
    before.get('pasport_outbox_lag_entries')!.metrics.some((m) => m.labels?.consumer === 'search'),
    'outbox lag of the search indexer',
  );

  for (let i = 0; i < 3; i++) await s.call('package_show', { id: pkg.name }, { get: true });
  await s.call('package_show', { id: 'no-such-dataset' }, { get: true });
  await s.call('no_such_action', {});
  const q = encodeURIComponent('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }');
  t.equal(
    (await fetch(`${s.url}/sparql?query=${q}`, { headers: { accept: 'application/sparql-results+json' } })).status,
    200,
  );
  const rid = (
    await s.ok('datastore_create', {
      resource: { package_id: pkg.id, name: 'rows' },
      fields: [{ id: 'a', type: 'text' }],
      records: [{ a: 'x' }, { a: 'y' }],
    })
  ).resource_id;
  t.equal(
    (await s.call('datastore_upsert', { resource_id: rid, method: 'insert', records: [{ nope: 1 }] })).status,
    409,
  );

  const after = await scrape(s);
  const moved = (name: string, labels: Record<string, string> = {}) =>
    total(after, name, labels) - total(before, name, labels);
  t.equal(
    moved('pasport_http_requests_total', { action: 'package_show', status: '200', method: 'GET' }),
    3,
    'package_show 200 counted by action',
  );
  t.equal(
    moved('pasport_http_requests_total', { action: 'package_show', status: '404' }),
    1,
    'a 404 is counted by status',
  );
  t.equal(
    moved('pasport_http_requests_total', { action: 'unknown_action', status: '400' }),
    1,
    'unknown actions share one label',
  );
  const h0 = histogram(before, 'pasport_http_request_duration_seconds', 'action', 'package_show');
  const h1 = histogram(after, 'pasport_http_request_duration_seconds', 'action', 'package_show');
  t.equal(h1.count - h0.count, 4, 'latency observed per action');
  t.ok(h1.sum > h0.sum, 'latency sum grows');
  t.equal(Number(h1.buckets['+Inf']), h1.count, 'the +Inf bucket holds every observation');
  t.equal(
    moved('pasport_http_requests_total', { action: '/sparql', status: '200' }),
    1,
    'other surfaces by route pattern',
  );
  t.equal(moved('pasport_sparql_queries_total', { scope: 'public', status: '200' }), 1, 'SPARQL query counted');
  t.equal(moved('pasport_datastore_loads_total', { result: 'ok' }), 1, 'DataStore load counted');
  t.equal(moved('pasport_datastore_loads_total', { result: 'invalid' }), 1, 'rejected DataStore batch counted');
  t.equal(moved('pasport_datastore_rows_loaded_total'), 2, 'rows loaded');
  t.ok(total(after, 'pasport_process_cpu_seconds_total') > 0, 'process metrics');
  t.ok(moved('pasport_http_requests_total', { action: '/metrics' }) >= 1, 'scrapes themselves are counted');
  const urls = after.get('pasport_http_requests_total')!.metrics.map((m) => m.labels?.action ?? '');
  t.notOk(
    urls.some((a) => a.includes('no-such') || a.includes('?')),
    'no raw URL or id in labels',
  );
});

t.test('outbox lag is visible while a consumer is behind', async (t) => {
  const s = await startServer(t, { embedded: true, env: { PASPORT_SPARQL: 'false' } });
  const search = s.pasport.services.extensions.search as { indexer: { stop(): Promise<void>; start(): Promise<void> } };
  await search.indexer.stop();
  await makeStructure(s, '7');
  await makeOrg(s, 'lag-org', { code: '001', structure: '7' });
  await s.ok('package_create', passport('lag-ds', 'lag-org'));
  const behind = await scrape(s);
  t.ok(
    total(behind, 'pasport_outbox_lag_entries', { consumer: 'search' }) >= 1,
    'pending entries while the indexer is stopped',
  );
  await search.indexer.start();
  await s.settle();
  const caught = await scrape(s);
  t.equal(total(caught, 'pasport_outbox_lag_entries', { consumer: 'search' }), 0, 'zero once it caught up');
  t.equal(total(caught, 'pasport_outbox_lag_seconds', { consumer: 'search' }), 0);
});

t.test('a metrics token keeps /metrics private', async (t) => {
  const s = await startServer(t, { embedded: true, env: { PASPORT_METRICS_TOKEN: 's3cret', PASPORT_SPARQL: 'false' } });
  t.equal((await fetch(`${s.url}/metrics`)).status, 401);
  t.equal((await fetch(`${s.url}/metrics`, { headers: { authorization: 'Bearer wrong!' } })).status, 401);
  const fams = await scrape(s, { authorization: 'Bearer s3cret' });
  t.ok(fams.has('pasport_http_requests_total'));
});

t.test('PASPORT_METRICS=false: no route, no hook', async (t) => {
  const s = await startServer(t, { embedded: true, env: { PASPORT_METRICS: 'false', PASPORT_SPARQL: 'false' } });
  t.equal((await fetch(`${s.url}/metrics`)).status, 404);
});
