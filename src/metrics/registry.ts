// The Prometheus metric families every subsystem shares. One registry per process: a subsystem imports
// the family it feeds and increments it (`deliveries.inc({ channel: 'email', result: 'sent' })`); the
// /metrics route (src/metrics/plugin.ts) sets the gauges that are read at scrape time and renders all.
// Label values are bounded sets (action names, route patterns, status codes), never ids or user input.
import client from 'prom-client';

export const registry = new client.Registry();

let processMetrics = false;
/** CPU, memory, event-loop lag, GC, handles: prom-client's defaults, started once per process. */
export function collectProcessMetrics(): void {
  if (processMetrics) return;
  processMetrics = true;
  client.collectDefaultMetrics({ register: registry, prefix: 'pasport_' });
}

const registers = [registry];

export const httpRequests = new client.Counter({
  name: 'pasport_http_requests_total',
  help: 'HTTP requests answered, by action (Action API name, else route pattern), method and status',
  labelNames: ['action', 'method', 'status'] as const,
  registers,
});

export const httpDuration = new client.Histogram({
  name: 'pasport_http_request_duration_seconds',
  help: 'Time from request start to response sent, by action',
  labelNames: ['action'] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers,
});

export const outboxPending = new client.Gauge({
  name: 'pasport_outbox_lag_entries',
  help: 'Outbox entries a consumer (search index, SPARQL store, ...) has not applied yet',
  labelNames: ['consumer'] as const,
  registers,
});

export const outboxLagSeconds = new client.Gauge({
  name: 'pasport_outbox_lag_seconds',
  help: 'Age of the oldest outbox entry a consumer has not applied (0 when caught up)',
  labelNames: ['consumer'] as const,
  registers,
});

export const outboxFailing = new client.Gauge({
  name: 'pasport_outbox_consumer_failing',
  help: "1 while a consumer's last attempt failed (its last_error is set), else 0",
  labelNames: ['consumer'] as const,
  registers,
});

export const sparqlQueries = new client.Counter({
  name: 'pasport_sparql_queries_total',
  help: 'SPARQL queries answered, by scope (public|all) and HTTP status',
  labelNames: ['scope', 'status'] as const,
  registers,
});

export const sparqlTimeouts = new client.Counter({
  name: 'pasport_sparql_timeouts_total',
  help: 'SPARQL queries ended by the time limit (SPARQL_TIMEOUT_MS)',
  registers,
});

export const sparqlSaturated = new client.Counter({
  name: 'pasport_sparql_rejected_total',
  help: 'SPARQL queries refused because every worker was busy and the queue was full (503)',
  registers,
});

export const sparqlQueue = new client.Gauge({
  name: 'pasport_sparql_queue_depth',
  help: 'SPARQL queries waiting for a worker, by pool',
  labelNames: ['pool'] as const,
  registers,
});

export const sparqlBusy = new client.Gauge({
  name: 'pasport_sparql_workers_busy',
  help: 'SPARQL workers running a query, by pool',
  labelNames: ['pool'] as const,
  registers,
});

export const datastoreLoads = new client.Counter({
  name: 'pasport_datastore_loads_total',
  help: 'DataStore record batches written (create, upsert, upload), by method and result (ok|invalid)',
  labelNames: ['method', 'result'] as const,
  registers,
});

export const datastoreRows = new client.Counter({
  name: 'pasport_datastore_rows_loaded_total',
  help: 'DataStore records written',
  registers,
});

/** For the scheduler: jobs waiting, by queue. Set it where jobs are enqueued and taken. */
export const jobsQueued = new client.Gauge({
  name: 'pasport_jobs_queued',
  help: 'Background jobs waiting to run, by queue',
  labelNames: ['queue'] as const,
  registers,
});

/** For the scheduler: one increment per finished job. */
export const jobRuns = new client.Counter({
  name: 'pasport_jobs_total',
  help: 'Background jobs finished, by job and result (ok|failed)',
  labelNames: ['job', 'result'] as const,
  registers,
});

/** For the mailer and webhooks: one increment per delivery attempt. */
export const deliveries = new client.Counter({
  name: 'pasport_deliveries_total',
  help: 'Outgoing e-mail and webhook deliveries, by channel (email|webhook) and result (sent|failed|retry)',
  labelNames: ['channel', 'result'] as const,
  registers,
});

/** Zero-valued series for the bounded label sets, so a family is visible before its first event. */
export function initialiseSeries(): void {
  for (const channel of ['email', 'webhook'])
    for (const result of ['sent', 'failed']) deliveries.inc({ channel, result }, 0);
  sparqlTimeouts.inc(0);
  sparqlSaturated.inc(0);
  datastoreRows.inc(0);
}
