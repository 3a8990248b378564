// The `pasport` command. Each subcommand is a small module; this file only dispatches.

const commands: Record<string, () => Promise<{ run(args: string[]): Promise<number | void> }>> = {
  serve: () => import('./serve.ts'),
  migrate: () => import('./migrate.ts'),
  sysadmin: () => import('./sysadmin.ts'),
  token: () => import('./token.ts'),
  openapi: () => import('./openapi.ts'),
  'export-dcat': () => import('./export-dcat.ts'),
  'validate-dcat': () => import('./validate-dcat.ts'),
  reindex: () => import('./reindex.ts'),
  worker: () => import('./worker.ts'),
  demo: () => import('./demo.ts'),
  backup: () => import('./backup.ts'),
  restore: () => import('./restore.ts'),
  harvest: () => import('./harvest.ts'),
  organizations: () => import('./organizations.ts'),
};

const usage = `usage: pasport <command> [options]

commands:
  serve                         run the service (PORT, HOST, DATABASE_URL or PASPORT_DATA_DIR, ...)
  migrate                       apply database migrations and exit
  sysadmin add NAME [--email E] create or promote a sysadmin; prints a new API token as the last line
  token create USER [--name N]  create an API token for USER; prints it
  openapi                       print the OpenAPI document derived from the actions
  export-dcat [--format nt|ttl] [--out F]  stream the whole public catalogue as DCAT-AP
  validate-dcat                 check every public dataset against the DCAT-AP 3.0.1 shapes
  reindex                       build a fresh search index beside the live one and swap it in
  worker                        run scheduled jobs (reminders, deliveries, reports) without HTTP
  demo [--force]                load the demo catalogue (refuses on a non-empty catalogue without --force)
  backup FILE                   back up the database (embedded: .tar.gz, server stopped; PostgreSQL: pg_dump -Fc)
  restore FILE [--force]        restore a backup made by "backup" into the configured database
  harvest run SOURCE [--dry-run] [--force-all]  harvest one source now (progress on a terminal, JSON logs otherwise)
  organizations import FILE     upsert organizations from the register's CSV/JSON export (by external_id, code)
`;

async function main(): Promise<number> {
  const [name, ...rest] = process.argv.slice(2);
  if (!name || name === '--help' || name === '-h' || !(name in commands)) {
    process.stderr.write(usage);
    return name && !['--help', '-h'].includes(name) ? 2 : 0;
  }
  const mod = await commands[name]();
  return (await mod.run(rest)) ?? 0;
}

main().then(
  (code) => {
    if (code) process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`pasport: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
