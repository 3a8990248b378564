// Every environment variable Pasport reads, parsed once. README.md documents each of them. The larger
// sections are parsed in src/config/ (identity.ts, sections.ts); the small parsers are in src/config/parse.ts.
import { bool, int, nonNegative } from './config/parse.ts';
import { loadIdentityConfig, type IdentityConfig } from './config/identity.ts';
import {
  citizensConfig,
  harvestConfig,
  inputLimits,
  qualityConfig,
  sparqlConfig,
  uploadsConfig,
} from './config/sections.ts';

export type { IdentityConfig, RateClass } from './config/identity.ts';
export interface Config {
  port: number;
  host: string;
  siteUrl: string;
  databaseUrl: string | null;
  dataDir: string;
  /** shared_buffers (MB) of the embedded database, from PASPORT_MEMORY_BUDGET unless set. */
  embeddedBuffersMb: number;
  languages: string[];
  defaultLanguage: string;
  /** IANA time zone of the portal: calendar days, deadlines and working days are counted in it. */
  timezone: string;
  /** PASPORT_CALENDAR: whose public holidays seed the working-day calendar (uz, kz, kg), or null for none. */
  calendar: string | null;
  /** PASPORT_OPERATOR_WORKFLOW: creating passports, the passport's control fields and deletion are the operators'. */
  operatorWorkflow: boolean;
  /** PASPORT_REQUIRED_LANGUAGES: languages in which passports need a title and a description. */
  requiredLanguages: string[];
  siteTitle: string;
  siteDescription: string;
  deleteReasonRequired: boolean;
  createUnownedDataset: boolean;
  meiliUrl: string | null;
  meiliMasterKey: string | null;
  /** Meilisearch: how long a write waits for its documents to be searchable before it returns anyway. */
  meiliWriteWaitMs: number;
  /** PostgreSQL/PGlite: write search documents in the write's transaction (off: the outbox indexer only, for comparison). */
  searchSync: boolean;
  logLevel: string;
  publisherName: string | null;
  publisherEmail: string | null;
  catalogSpatial: string | null;
  dcatPageSize: number;
  /** Cache-Control of the linked-data documents (DCAT, dereferenced IRIs, export, service description). */
  dcatCacheControl: string;
  /** People asking a linked-data IRI for HTML are sent here (303); `{path}` / `{iri}` placeholders. Null: own HTML page. */
  portalUrl: string | null;
  /** Namespace of Pasport's own vocabulary (served at its document URL); default `{SITE_URL}/ns#`. */
  vocabNs: string;
  /** Images and files of site content, showcases and group icons (src/content/uploads). */
  uploads: {
    dir: string;
    maxImageBytes: number;
    maxFileBytes: number;
    /** PASPORT_S3_BUCKET set: an S3-compatible store replaces the local directory. */
    s3: {
      bucket: string;
      endpoint: string | null;
      region: string;
      prefix: string;
      accessKeyId: string | null;
      secretAccessKey: string | null;
    } | null;
  };
  /** Bounds on every Action API request (src/api/input-bounds.ts); over them the answer is a 4xx. */
  input: InputLimits;
  /** Bound on one datastore_search_sql answer, in bytes of row text. */
  datastoreSqlMaxBytes: number;
  /** statement_timeout of search queries, in ms. */
  searchTimeoutMs: number;
  /** The job scheduler (src/scheduler): run in this process, and how often it polls for due jobs. */
  scheduler: { enabled: boolean; intervalMs: number };
  /** E-mail delivery of notifications; no SMTP URL: notices stay in the inbox (and webhooks). */
  mail: { smtpUrl: string | null; from: string };
  /** Update control: reminder and escalation thresholds in working days, the local time of the daily sweep. */
  updateControl: { reminderDays: number; escalationDays: number; sweepTime: string };
  /** Hot read paths (issue 21): how caches follow other instances' writes; byte caps of DataStore answers. */
  cacheFreshness: 'request' | 'poll';
  /** Bound on one datastore_search answer, in bytes of records. */
  datastoreSearchMaxBytes: number;
  /** Bound on one DataStore dump (/datastore/dump), in bytes. */
  datastoreDumpMaxBytes: number;
  /** Prometheus metrics at /metrics (PASPORT_METRICS); with a token, only `Authorization: Bearer <token>` reads them. */
  metrics: { enabled: boolean; token: string | null };
  /** Metadata quality (src/quality): the link checker's daily run, its limits and re-check interval. */
  quality: {
    /** PASPORT_LINK_CHECK: off leaves every URL unchecked (an air-gapped deployment, the test suite). */
    linkCheck: boolean;
    linkCheckTime: string;
    linkRecheckDays: number;
    linkBatch: number;
    linkTimeoutMs: number;
    linkConcurrency: number;
    linkAllowPrivate: boolean;
  };
  /** Citizens' voice (src/comments, src/tracking): anonymous comments, how often view/download counts are written. */
  comments: { anonymous: boolean };
  tracking: { enabled: boolean; flushMs: number };
  /** Harvesting other catalogues and pulling external sources (src/harvest, src/external). */
  harvest: {
    /** PASPORT_SECRET_KEY: seals stored source secrets (AES-256-GCM); unset: secrets cannot be stored. */
    secretKey: string | null;
    requestTimeoutMs: number;
    /** A job still running this long after it started is ended (hung source or dead worker). */
    jobTimeoutMinutes: number;
    maxBytes: number;
    /** Finished jobs kept per source (older ones and their objects are pruned). */
    keepJobs: number;
    /** The sysadmin account harvests and pulls run as (CKAN's site user). */
    siteUser: string;
    /** Minutes between the dispatcher's looks for due sources. */
    dispatchMinutes: number;
  };
  /** Citizens' requests and feedback (src/requests, src/feedback): legal clocks and the anonymous-write limit. */
  citizens: {
    /** Kazakhstan: publish requested data within this many calendar days of receiving the request... */
    requestPublishDays: number;
    /** ...or refuse within this many working days. */
    requestRefuseWorkingDays: number;
    /** Confirmed votes a request needs before the operator may forward it. */
    requestVotesToForward: number;
    /** Uzbekistan: the operator forwards feedback within this many working days (the next day). */
    feedbackForwardWorkingDays: number;
    /** The provider answers within this many calendar days of receiving it... */
    feedbackAnswerDays: number;
    /** ...extendable, with a reason, to at most this many calendar days. */
    feedbackExtensionMaxDays: number;
    /** Anonymous writes (requests, feedback, votes) per e-mail address within the window. */
    emailLimit: number;
    emailWindowMinutes: number;
    /** Local time of the daily sweep that flags overdue requests and feedback. */
    sweepTime: string;
  };
  /** Identity (issue 15): tokens, the portal session, sign-in providers, rate limits. */
  identity: IdentityConfig;
  sparql: {
    enabled: boolean;
    timeoutMs: number;
    maxRows: number;
    publicWorkers: number;
    federationAllow: string[];
    /** Process resident size (MB) over which running SPARQL queries are cancelled. */
    maxRssMb: number;
    /** PASPORT_SPARQL_DEBUG: log the federation's local-source queries to stderr (src/sparql/federation.ts). */
    debug: boolean;
    /** Issue 22: PASPORT_MEMORY_BUDGET (MB) and what it sizes (src/sparql/budget.ts). */
    memoryBudgetMb: number;
    /** Workers (each one copy of the catalog) and result cache; null: from the budget. */
    workers: number | null;
    cacheMb: number | null;
    /** Snapshot file of the store (null: none) and how often it is rewritten when the store changed. */
    snapshotFile: string | null;
    snapshotIntervalMs: number;
    /** SPARQL_STORE_URL set: an external SPARQL 1.1 store replaces the local Oxigraph (public graphs only). */
    external?: {
      queryUrl: string;
      updateUrl: string | null;
      gspUrl: string | null;
      user: string | null;
      password: string | null;
    } | null;
  };
}

export interface InputLimits {
  /** Nesting of objects and lists. */
  maxDepth: number;
  /** Keys of one object. */
  maxKeys: number;
  /** Items of one list. */
  maxListLength: number;
  /** UTF-8 bytes of one string value. */
  maxFieldBytes: number;
  /** Words and operators of one q / fq / fq_list value. */
  maxQueryTerms: number;
  /** Nesting of parentheses in one q / fq value. */
  maxQueryDepth: number;
  /** Bytes of one q / fq value. */
  maxQueryBytes: number;
  /** Bytes of one multipart file part. */
  maxUploadBytes: number;
  /** Bytes of a whole non-multipart request body. */
  maxBodyBytes: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const port = Number(env.PORT ?? 8080);
  const host = env.HOST ?? '127.0.0.1';
  const languages = (env.PASPORT_LANGUAGES ?? 'uz,uz-Cyrl,ru,en')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const cfg: Config = {
    port,
    host,
    siteUrl: (env.SITE_URL ?? `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`).replace(/\/+$/, ''),
    databaseUrl: env.DATABASE_URL || null,
    dataDir: env.PASPORT_DATA_DIR ?? './data',
    // PGlite's buffer cache lives in its WebAssembly memory, which never shrinks: 1/48 of the budget
    // (32 MB of the default 1,536) instead of PostgreSQL's 128 MB. The file reads it misses are served
    // by the OS page cache. Measured on one PGlite: 356 -> 237 MB resident after scanning a 200 MB table.
    embeddedBuffersMb: int(
      env.PASPORT_PGLITE_SHARED_BUFFERS_MB,
      Math.min(128, Math.max(16, Math.floor(Math.max(256, int(env.PASPORT_MEMORY_BUDGET, 1536)) / 48))),
    ),
    languages,
    defaultLanguage: languages[0] ?? 'en',
    timezone: env.PASPORT_TIMEZONE || 'Asia/Tashkent',
    calendar: (env.PASPORT_CALENDAR ?? 'uz').trim().toLowerCase() || null,
    operatorWorkflow: bool(env.PASPORT_OPERATOR_WORKFLOW, true),
    requiredLanguages: (env.PASPORT_REQUIRED_LANGUAGES ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    siteTitle: env.PASPORT_SITE_TITLE ?? 'Pasport open data',
    siteDescription: env.PASPORT_SITE_DESCRIPTION ?? 'Open-data catalog',
    deleteReasonRequired: bool(env.PASPORT_DELETE_REASON_REQUIRED, false),
    createUnownedDataset: bool(env.PASPORT_CREATE_UNOWNED_DATASET, false),
    meiliUrl: env.MEILI_URL || null,
    meiliMasterKey: env.MEILI_MASTER_KEY || null,
    meiliWriteWaitMs: Math.max(0, Number(env.MEILI_WRITE_WAIT_MS ?? 5000) || 0),
    searchSync: bool(env.PASPORT_SEARCH_SYNC, true),
    logLevel: env.LOG_LEVEL ?? 'info',
    publisherName: env.PASPORT_PUBLISHER_NAME || null,
    publisherEmail: env.PASPORT_PUBLISHER_EMAIL || null,
    catalogSpatial: env.PASPORT_CATALOG_SPATIAL || null,
    scheduler: {
      enabled: bool(env.PASPORT_SCHEDULER, true),
      intervalMs: Math.max(0, Number(env.PASPORT_SCHEDULER_INTERVAL ?? 15) || 0) * 1000,
    },
    mail: { smtpUrl: env.SMTP_URL || null, from: env.MAIL_FROM || 'Pasport <noreply@localhost>' },
    updateControl: {
      reminderDays: nonNegative(env.PASPORT_REMINDER_DAYS, 3),
      escalationDays: nonNegative(env.PASPORT_ESCALATION_DAYS, 5),
      sweepTime: env.PASPORT_SWEEP_TIME || '08:00',
    },
    quality: qualityConfig(env),
    comments: { anonymous: bool(env.PASPORT_COMMENTS_ANONYMOUS, false) },
    tracking: { enabled: bool(env.PASPORT_TRACKING, true), flushMs: nonNegative(env.PASPORT_TRACKING_FLUSH_MS, 2000) },
    sparql: sparqlConfig(env),
    uploads: uploadsConfig(env),
    input: inputLimits(env),
    datastoreSqlMaxBytes: int(env.PASPORT_DATASTORE_SQL_MAX_BYTES, 16 * 1024 * 1024),
    searchTimeoutMs: int(env.PASPORT_SEARCH_TIMEOUT_MS, 5000),
    cacheFreshness: env.PASPORT_CACHE_FRESHNESS === 'poll' ? 'poll' : 'request',
    datastoreSearchMaxBytes: int(env.PASPORT_DATASTORE_SEARCH_MAX_BYTES, 32 * 1024 * 1024),
    datastoreDumpMaxBytes: int(env.PASPORT_DATASTORE_DUMP_MAX_BYTES, 1024 * 1024 * 1024),
    metrics: { enabled: bool(env.PASPORT_METRICS, true), token: env.PASPORT_METRICS_TOKEN || null },
    harvest: harvestConfig(env),
    citizens: citizensConfig(env),
    dcatPageSize: Math.max(1, Math.min(1000, Number(env.PASPORT_DCAT_PAGE_SIZE ?? 100) || 100)),
    dcatCacheControl: env.PASPORT_DCAT_CACHE_CONTROL || 'public, max-age=0, must-revalidate',
    portalUrl: env.PASPORT_PORTAL_URL || null,
    vocabNs: env.PASPORT_VOCAB_NS || '',
    identity: loadIdentityConfig(env),
    ...overrides,
  };
  checkConfig(cfg, env);
  return cfg;
}

/** Fills the derived settings and refuses inconsistent ones, naming the variable. */
function checkConfig(cfg: Config, env: NodeJS.ProcessEnv): void {
  if (!cfg.languages.length) throw new Error('PASPORT_LANGUAGES must name at least one language');
  cfg.defaultLanguage = cfg.languages[0];
  cfg.vocabNs ||= `${cfg.siteUrl}/ns#`;
  if (!/^https?:\/\/[^/]+\/.*[#/]$/.test(cfg.vocabNs))
    throw new Error(`PASPORT_VOCAB_NS must be an http(s) IRI ending in # or /: ${cfg.vocabNs}`);
  if (env.PASPORT_CACHE_FRESHNESS && !['request', 'poll'].includes(env.PASPORT_CACHE_FRESHNESS))
    throw new Error(`PASPORT_CACHE_FRESHNESS must be request or poll: ${env.PASPORT_CACHE_FRESHNESS}`);
  if (cfg.calendar === 'none') cfg.calendar = null;
  if (cfg.calendar && !['uz', 'kz', 'kg'].includes(cfg.calendar))
    throw new Error(`PASPORT_CALENDAR must be uz, kz, kg or none: ${cfg.calendar}`);
  // "none": no language is mandatory (a catalog of bare CKAN datasets); unset: the first portal language.
  if (cfg.requiredLanguages.length === 1 && cfg.requiredLanguages[0] === 'none') cfg.requiredLanguages = [];
  else if (!cfg.requiredLanguages.length) cfg.requiredLanguages = [cfg.defaultLanguage];
  const unknown = cfg.requiredLanguages.filter((l) => !cfg.languages.includes(l));
  if (unknown.length)
    throw new Error(`PASPORT_REQUIRED_LANGUAGES names languages the portal does not have: ${unknown.join(', ')}`);
  try {
    new Intl.DateTimeFormat('en', { timeZone: cfg.timezone });
  } catch {
    throw new Error(`PASPORT_TIMEZONE is not an IANA time zone: ${cfg.timezone}`);
  }
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(cfg.quality.linkCheckTime))
    throw new Error(`PASPORT_LINK_CHECK_TIME must be HH:MM: ${cfg.quality.linkCheckTime}`);
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(cfg.updateControl.sweepTime))
    throw new Error(`PASPORT_SWEEP_TIME must be HH:MM: ${cfg.updateControl.sweepTime}`);
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(cfg.citizens.sweepTime))
    throw new Error(`PASPORT_CITIZEN_SWEEP_TIME must be HH:MM: ${cfg.citizens.sweepTime}`);
}
