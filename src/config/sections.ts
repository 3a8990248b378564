// Sections of the configuration with many keys, each parsed by one function (src/config.ts assembles them).
import { bool, int, nonNegative } from './parse.ts';

export function sparqlConfig(env: NodeJS.ProcessEnv) {
  return {
    enabled: bool(env.PASPORT_SPARQL, true),
    timeoutMs: Number(env.SPARQL_TIMEOUT_MS ?? 10000) || 10000,
    maxRows: Number(env.SPARQL_MAX_ROWS ?? 10000) || 10000,
    publicWorkers: Math.max(1, Number(env.SPARQL_PUBLIC_WORKERS ?? 1) || 1),
    // Issue 22 (memory budget, snapshot): defaults come from the budget (src/sparql/budget.ts).
    maxRssMb:
      env.SPARQL_MAX_RSS_MB === '0'
        ? 0
        : int(env.SPARQL_MAX_RSS_MB, Math.max(1200, int(env.PASPORT_MEMORY_BUDGET, 1536))),
    memoryBudgetMb: Math.max(256, int(env.PASPORT_MEMORY_BUDGET, 1536)),
    workers: env.SPARQL_WORKERS
      ? Math.max(1, int(env.SPARQL_WORKERS, 1))
      : env.SPARQL_PUBLIC_WORKERS
        ? Math.max(1, int(env.SPARQL_PUBLIC_WORKERS, 1))
        : null,
    cacheMb:
      env.SPARQL_CACHE_MB !== undefined && env.SPARQL_CACHE_MB !== '' ? Math.max(0, int(env.SPARQL_CACHE_MB, 0)) : null,
    snapshotFile: ['off', 'false', '0', 'none'].includes((env.SPARQL_SNAPSHOT ?? '').toLowerCase())
      ? null
      : env.SPARQL_SNAPSHOT || `${(env.PASPORT_DATA_DIR ?? './data').replace(/\/+$/, '')}/sparql-store.snapshot`,
    snapshotIntervalMs: int(env.SPARQL_SNAPSHOT_INTERVAL_S, 300) * 1000,
    debug: bool(env.PASPORT_SPARQL_DEBUG, false),
    federationAllow: (env.SPARQL_FEDERATION_ALLOW ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    external: env.SPARQL_STORE_URL
      ? {
          queryUrl: env.SPARQL_STORE_URL,
          updateUrl: env.SPARQL_STORE_UPDATE_URL || null,
          gspUrl: env.SPARQL_STORE_GSP_URL || null,
          user: env.SPARQL_STORE_USER || null,
          password: env.SPARQL_STORE_PASSWORD ?? null,
        }
      : null,
  };
}

export function uploadsConfig(env: NodeJS.ProcessEnv) {
  return {
    dir: env.PASPORT_UPLOAD_DIR || `${(env.PASPORT_DATA_DIR ?? './data').replace(/\/+$/, '')}/uploads`,
    maxImageBytes: Number(env.PASPORT_UPLOAD_MAX_IMAGE_BYTES ?? 2 * 1024 * 1024) || 2 * 1024 * 1024,
    maxFileBytes: Number(env.PASPORT_UPLOAD_MAX_FILE_BYTES ?? 20 * 1024 * 1024) || 20 * 1024 * 1024,
    s3: env.PASPORT_S3_BUCKET
      ? {
          bucket: env.PASPORT_S3_BUCKET,
          endpoint: env.PASPORT_S3_ENDPOINT || null,
          region: env.PASPORT_S3_REGION || 'us-east-1',
          prefix: env.PASPORT_S3_PREFIX ?? '',
          accessKeyId: env.PASPORT_S3_ACCESS_KEY_ID || null,
          secretAccessKey: env.PASPORT_S3_SECRET_ACCESS_KEY || null,
        }
      : null,
  };
}

export function inputLimits(env: NodeJS.ProcessEnv) {
  return {
    maxDepth: int(env.PASPORT_MAX_INPUT_DEPTH, 32),
    maxKeys: int(env.PASPORT_MAX_INPUT_KEYS, 2000),
    maxListLength: int(env.PASPORT_MAX_INPUT_LIST, 100_000),
    maxFieldBytes: int(env.PASPORT_MAX_FIELD_BYTES, 1_000_000),
    maxQueryTerms: int(env.PASPORT_MAX_QUERY_TERMS, 200),
    maxQueryDepth: int(env.PASPORT_MAX_QUERY_DEPTH, 16),
    maxQueryBytes: int(env.PASPORT_MAX_QUERY_BYTES, 16_384),
    maxUploadBytes: int(env.PASPORT_MAX_UPLOAD_BYTES, 64 * 1024 * 1024),
    maxBodyBytes: int(env.PASPORT_MAX_BODY_BYTES, 32 * 1024 * 1024),
  };
}

export function qualityConfig(env: NodeJS.ProcessEnv) {
  return {
    linkCheck: bool(env.PASPORT_LINK_CHECK, true),
    linkCheckTime: env.PASPORT_LINK_CHECK_TIME || '03:00',
    linkRecheckDays: Math.max(1, int(env.PASPORT_LINK_RECHECK_DAYS, 7)),
    linkBatch: Math.max(1, int(env.PASPORT_LINK_CHECK_BATCH, 2000)),
    linkTimeoutMs: Math.max(100, int(env.PASPORT_LINK_CHECK_TIMEOUT_MS, 10000)),
    linkConcurrency: Math.max(1, int(env.PASPORT_LINK_CHECK_CONCURRENCY, 8)),
    linkAllowPrivate: bool(env.PASPORT_LINK_CHECK_PRIVATE, false),
  };
}

export function harvestConfig(env: NodeJS.ProcessEnv) {
  return {
    secretKey: env.PASPORT_SECRET_KEY || null,
    requestTimeoutMs: int(env.PASPORT_HARVEST_TIMEOUT_MS, 30_000),
    jobTimeoutMinutes: int(env.PASPORT_HARVEST_JOB_TIMEOUT, 360),
    maxBytes: int(env.PASPORT_HARVEST_MAX_BYTES, 50 * 1024 * 1024),
    keepJobs: int(env.PASPORT_HARVEST_KEEP_JOBS, 20),
    siteUser: env.PASPORT_HARVEST_USER || 'pasport-site',
    dispatchMinutes: Math.max(1, int(env.PASPORT_HARVEST_DISPATCH_MINUTES, 5)),
  };
}

export function citizensConfig(env: NodeJS.ProcessEnv) {
  return {
    requestPublishDays: nonNegative(env.PASPORT_REQUEST_PUBLISH_DAYS, 30),
    requestRefuseWorkingDays: nonNegative(env.PASPORT_REQUEST_REFUSE_WORKING_DAYS, 5),
    requestVotesToForward: nonNegative(env.PASPORT_REQUEST_VOTES_TO_FORWARD, 5),
    feedbackForwardWorkingDays: nonNegative(env.PASPORT_FEEDBACK_FORWARD_WORKING_DAYS, 1),
    feedbackAnswerDays: nonNegative(env.PASPORT_FEEDBACK_ANSWER_DAYS, 15),
    feedbackExtensionMaxDays: nonNegative(env.PASPORT_FEEDBACK_EXTENSION_MAX_DAYS, 30),
    emailLimit: nonNegative(env.PASPORT_CITIZEN_EMAIL_LIMIT, 10),
    emailWindowMinutes: Math.max(1, nonNegative(env.PASPORT_CITIZEN_EMAIL_WINDOW_MINUTES, 60)),
    sweepTime: env.PASPORT_CITIZEN_SWEEP_TIME || '08:30',
  };
}
