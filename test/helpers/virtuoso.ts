// A throwaway Virtuoso (Debian's virtuoso-opensource 7) for tests and benches: its own temporary
// database directory, SQL and HTTP ports on 127.0.0.1 only, the default dba/dba account. Stopped and
// deleted with stopVirtuoso.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './port.ts';

export const VIRTUOSO = '/usr/bin/virtuoso-t';
export const ISQL = '/usr/bin/isql-vt';
const VSP = '/var/lib/virtuoso-opensource-7/vsp';

/** virtuoso-t, isql-vt and the VSP root the HTTP server needs are all installed. */
export const virtuosoAvailable = fs.existsSync(VIRTUOSO) && fs.existsSync(ISQL) && fs.existsSync(VSP);

export interface Virtuoso {
  /** Base URL of the HTTP server (its SPARQL endpoint is `${http}/sparql`). */
  http: string;
  sqlPort: number;
  proc: ChildProcess;
  /** The database directory; bulk-load files go in `${dir}/load`, which the server may read. */
  dir: string;
}

export interface VirtuosoOptions {
  /** 8 KiB page buffers (the cache). Default 2000 (16 MB), enough for a test; a bench wants more. */
  numberOfBuffers?: number;
  /** Rows a SPARQL result may hold. Default 100,000. */
  resultSetMaxRows?: number;
  /** Seconds a SPARQL query may run (0: no limit). Default 60. */
  maxQueryExecutionTime?: number;
  /** Seconds to wait for the HTTP endpoint to answer. Default 60. */
  startTimeoutS?: number;
}

export async function startVirtuoso(opts: VirtuosoOptions = {}): Promise<Virtuoso> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pasport-virtuoso-'));
  fs.mkdirSync(path.join(dir, 'load'));
  const sqlPort = await freePort();
  const httpPort = await freePort();
  const buffers = opts.numberOfBuffers ?? 2000;
  const ini = `[Database]
DatabaseFile = ${dir}/virtuoso.db
ErrorLogFile = ${dir}/virtuoso.log
LockFile = ${dir}/virtuoso.lck
TransactionFile = ${dir}/virtuoso.trx
xa_persistent_file = ${dir}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = ${dir}/virtuoso-temp.db
TransactionFile = ${dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:${sqlPort}
DisableUnixSocket = 1
CheckpointInterval = 0
DirsAllowed = ., ${dir}/load
NumberOfBuffers = ${buffers}
MaxDirtyBuffers = ${Math.floor(buffers * 0.6)}
[HTTPServer]
ServerPort = 127.0.0.1:${httpPort}
ServerRoot = ${VSP}
ServerThreads = 5
[SPARQL]
ResultSetMaxRows = ${opts.resultSetMaxRows ?? 100_000}
MaxQueryExecutionTime = ${opts.maxQueryExecutionTime ?? 60}
`;
  fs.writeFileSync(path.join(dir, 'virtuoso.ini'), ini);
  const proc = spawn(VIRTUOSO, ['+foreground', '+configfile', path.join(dir, 'virtuoso.ini')], {
    cwd: dir,
    stdio: 'ignore',
  });
  const v: Virtuoso = { http: `http://127.0.0.1:${httpPort}`, sqlPort, proc, dir };
  const deadline = Date.now() + (opts.startTimeoutS ?? 60) * 1000;
  for (;;) {
    if (proc.exitCode !== null) {
      const log = fs.readFileSync(path.join(dir, 'virtuoso.log'), 'utf8').slice(-2000);
      fs.rmSync(dir, { recursive: true, force: true });
      throw new Error(`virtuoso exited: ${log}`);
    }
    const ok = await fetch(`${v.http}/sparql?query=${encodeURIComponent('ASK {}')}`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return v;
    if (Date.now() > deadline) {
      await stopVirtuoso(v);
      throw new Error(`virtuoso did not start within ${opts.startTimeoutS ?? 60} s`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function stopVirtuoso(v: Virtuoso): Promise<void> {
  if (v.proc.exitCode === null && v.proc.signalCode === null) {
    const exited = new Promise((r) => v.proc.once('exit', r));
    v.proc.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (v.proc.exitCode === null && v.proc.signalCode === null) v.proc.kill('SIGKILL');
  }
  fs.rmSync(v.dir, { recursive: true, force: true });
}

/** Runs SQL statements (each ending in ';') through isql-vt as dba; resolves with isql's output. */
export function isql(v: Virtuoso, sql: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(
      ISQL,
      [`127.0.0.1:${v.sqlPort}`, 'dba', 'dba', 'VERBOSE=OFF', 'BANNER=OFF', 'PROMPT=OFF', 'ECHO=OFF'],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let out = '';
    p.stdout.on('data', (c) => (out += c));
    p.stderr.on('data', (c) => (out += c));
    p.on('error', reject);
    p.on('close', (code) => {
      // isql reports SQL errors as "*** Error <state>: ..." and still exits 0.
      const err = /^\*\*\* Error.*$/m.exec(out);
      if (code !== 0 || err) reject(new Error(`isql: ${err?.[0] ?? `exit ${code}`}\n${out.slice(-1000)}`));
      else resolve(out);
    });
    p.stdin.end(`${sql}\nexit;\n`);
  });
}

/**
 * Bulk-loads N-Quads documents (each quad names its graph) with Virtuoso's own loader: the documents are
 * written as files into the load directory, registered with ld_dir and loaded by `loaders` parallel
 * rdf_loader_run sessions (that loader switches the transaction log off). Returns the time the load
 * itself took (ms), file writing excluded.
 */
export async function bulkLoadNQuads(
  v: Virtuoso,
  docs: Iterable<string>,
  opts: { loaders?: number } = {},
): Promise<number> {
  const load = path.join(v.dir, 'load');
  let i = 0;
  for (const text of docs) fs.writeFileSync(path.join(load, `part-${String(i++).padStart(5, '0')}.nq`), text);
  await isql(v, `ld_dir('${load}', '*.nq', 'urn:pasport:unused-default');`);
  const t0 = performance.now();
  await Promise.all(Array.from({ length: opts.loaders ?? 1 }, () => isql(v, 'rdf_loader_run();')));
  const ms = performance.now() - t0;
  const errors = await isql(v, 'SELECT ll_file, ll_error FROM DB.DBA.LOAD_LIST WHERE ll_error IS NOT NULL;');
  for (const f of fs.readdirSync(load)) fs.rmSync(path.join(load, f));
  if (/part-\d+\.nq/.test(errors)) throw new Error(`virtuoso bulk load failed:\n${errors.slice(0, 2000)}`);
  return ms;
}
