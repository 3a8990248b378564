// Every environment variable Pasport reads, parsed once. README.md documents each of them.
export interface Config {
  port: number;
  host: string;
  siteUrl: string;
  databaseUrl: string | null;
  dataDir: string;
  languages: string[];
  defaultLanguage: string;
  /** IANA time zone of the portal: calendar days, deadlines and working days are counted in it. */
  timezone: string;
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
  sparql: {
    enabled: boolean; timeoutMs: number; maxRows: number; publicWorkers: number; federationAllow: string[];
    /** SPARQL_STORE_URL set: an external SPARQL 1.1 store replaces the local Oxigraph (public graphs only). */
    external?: { queryUrl: string; updateUrl: string | null; gspUrl: string | null; user: string | null; password: string | null } | null;
  };
}

function bool(v: string | undefined, dflt: boolean): boolean {
  if (v === undefined || v === '') return dflt;
  return /^(1|true|yes|on)$/i.test(v);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const port = Number(env.PORT ?? 8080);
  const host = env.HOST ?? '127.0.0.1';
  const languages = (env.PASPORT_LANGUAGES ?? 'uz,uz-Cyrl,ru,en').split(',').map((s) => s.trim()).filter(Boolean);
  const cfg: Config = {
    port,
    host,
    siteUrl: (env.SITE_URL ?? `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`).replace(/\/+$/, ''),
    databaseUrl: env.DATABASE_URL || null,
    dataDir: env.PASPORT_DATA_DIR ?? './data',
    languages,
    defaultLanguage: languages[0] ?? 'en',
    timezone: env.PASPORT_TIMEZONE || 'Asia/Tashkent',
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
    sparql: {
      enabled: bool(env.PASPORT_SPARQL, true),
      timeoutMs: Number(env.SPARQL_TIMEOUT_MS ?? 10000) || 10000,
      maxRows: Number(env.SPARQL_MAX_ROWS ?? 10000) || 10000,
      publicWorkers: Math.max(1, Number(env.SPARQL_PUBLIC_WORKERS ?? 1) || 1),
      federationAllow: (env.SPARQL_FEDERATION_ALLOW ?? '').split(',').map((s) => s.trim()).filter(Boolean),
      external: env.SPARQL_STORE_URL
        ? {
          queryUrl: env.SPARQL_STORE_URL,
          updateUrl: env.SPARQL_STORE_UPDATE_URL || null,
          gspUrl: env.SPARQL_STORE_GSP_URL || null,
          user: env.SPARQL_STORE_USER || null,
          password: env.SPARQL_STORE_PASSWORD ?? null,
        }
        : null,
    },
    dcatPageSize: Math.max(1, Math.min(1000, Number(env.PASPORT_DCAT_PAGE_SIZE ?? 100) || 100)),
    ...overrides,
  };
  if (!cfg.languages.length) throw new Error('PASPORT_LANGUAGES must name at least one language');
  cfg.defaultLanguage = cfg.languages[0];
  try {
    new Intl.DateTimeFormat('en', { timeZone: cfg.timezone });
  } catch {
    throw new Error(`PASPORT_TIMEZONE is not an IANA time zone: ${cfg.timezone}`);
  }
  return cfg;
}
