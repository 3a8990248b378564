// When the store's snapshot (snapshot.ts) is read and written: read once at start instead of the
// rebuild when it checks out against this database and this mapping; written after a rebuild, every
// SPARQL_SNAPSHOT_INTERVAL_S when the store changed, and on shutdown. Several instances on one
// PostgreSQL each keep their own store and position; when they share a data directory they share the
// file, and any of their snapshots is a valid start for any of them (it names its own position).
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import type { Services } from '../services.ts';
import type { SparqlStore } from './store.ts';
import type { SparqlSync } from './sync.ts';
import { readSnapshot, writeSnapshot, SnapshotInvalid, type SnapshotHeader } from './snapshot.ts';

/**
 * What the graphs' content depends on besides the data: the mapping's source. A deployment with a new
 * mapping rebuilds instead of serving graphs mapped the old way.
 */
function mappingFingerprint(): string {
  const h = createHash('sha256');
  const dirs = [new URL('../rdf/', import.meta.url), new URL('./', import.meta.url)];
  for (const dir of dirs) {
    try {
      for (const f of readdirSync(dir)
        .filter((n) => n.endsWith('.ts'))
        .sort()) {
        if (dir.pathname.endsWith('/sparql/') && f !== 'sync.ts') continue;
        h.update(f).update(readFileSync(new URL(f, dir)));
      }
    } catch {
      h.update('unreadable');
    }
  }
  return h.digest('hex').slice(0, 16);
}

export interface PersistStatus {
  file: string;
  /** What the last start loaded from: the snapshot, or a rebuild (and why, when a snapshot was refused). */
  loaded_from?: 'snapshot' | 'rebuild';
  refused?: string;
  replayed_from?: number;
  last_written?: string;
  last_bytes?: number;
  last_ms?: number;
  last_error?: string;
}

export class StorePersistence {
  private readonly mapping = mappingFingerprint();
  private writtenVersion = -1;
  private writing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  readonly state: PersistStatus;

  constructor(
    private readonly services: Services,
    private readonly store: SparqlStore,
    private readonly sync: SparqlSync,
    readonly file: string,
    private readonly log: { info(o: object, m: string): void; warn(o: object, m: string): void },
  ) {
    this.state = { file };
  }

  /** `created` of the outbox rows at `position` and at the start: which database, and which history. */
  private async fingerprint(position: number): Promise<Pick<SnapshotHeader, 'positionCreated' | 'firstCreated'>> {
    const db = this.services.db;
    const at = position
      ? await db.selectFrom('outbox').select('created').where('id', '=', position).executeTakeFirst()
      : undefined;
    const first = await db.selectFrom('outbox').select('created').orderBy('id').limit(1).executeTakeFirst();
    return { positionCreated: at ? String(at.created) : null, firstCreated: first ? String(first.created) : null };
  }

  /**
   * Loads the snapshot into the store and sets the sync's position to it. Returns the graphs loaded, or
   * null (nothing loaded) when there is no usable snapshot: then the caller rebuilds.
   */
  async restore(onProgress?: (loaded: number, total: number) => void): Promise<number | null> {
    let snap: Awaited<ReturnType<typeof readSnapshot>>;
    try {
      snap = await readSnapshot(this.file);
      if (!snap) return this.refuse('no snapshot');
      const h = snap.header;
      if (h.siteUrl !== this.services.config.siteUrl) throw new SnapshotInvalid(`written for ${h.siteUrl}`);
      if (h.mapping !== this.mapping) throw new SnapshotInvalid('written by another version of the RDF mapping');
      const fp = await this.fingerprint(h.position);
      if (!h.position || fp.positionCreated !== h.positionCreated || fp.firstCreated !== h.firstCreated) {
        throw new SnapshotInvalid('written for another database (or before a restore of this one)');
      }
    } catch (e) {
      return this.refuse((e as Error).message);
    }
    const { header, entries } = snap;
    const batch = 5000;
    let loaded = 0;
    for (let i = 0; i < entries.length; i += batch) {
      loaded += await this.store.loadJournal(entries.slice(i, i + batch));
      onProgress?.(Math.min(entries.length, i + batch), entries.length);
    }
    this.sync.position = header.position;
    // The catalogue graph is mapped afresh (cheap), which also primes the sync's mapping context.
    await this.sync.refreshShared();
    this.writtenVersion = this.store.version;
    Object.assign(this.state, { loaded_from: 'snapshot', replayed_from: header.position, refused: undefined });
    this.log.info(
      { graphs: loaded, position: header.position, written: header.written },
      'sparql: store loaded from its snapshot; replaying the outbox after it',
    );
    return loaded;
  }

  private refuse(why: string): null {
    Object.assign(this.state, { loaded_from: 'rebuild', refused: why });
    if (why !== 'no snapshot')
      this.log.warn({ file: this.file, reason: why }, 'sparql: snapshot not usable; rebuilding from the database');
    return null;
  }

  /** Writes a snapshot unless the store is unchanged since the last one. Never throws. */
  write(): Promise<void> {
    // One at a time; a call during a write writes again after it if the store changed meanwhile.
    if (this.writing) return this.writing.then(() => this.write());
    if (this.store.version === this.writtenVersion || !this.sync.position) return Promise.resolve();
    const run = async () => {
      // Taken in one turn of the event loop: the journal and the position it reflects belong together.
      const version = this.store.version;
      const position = this.sync.position;
      const entries = this.store.entries();
      const t0 = performance.now();
      try {
        const fp = await this.fingerprint(position);
        const bytes = await writeSnapshot(
          this.file,
          { position, ...fp, siteUrl: this.services.config.siteUrl, mapping: this.mapping },
          entries,
        );
        this.writtenVersion = version;
        Object.assign(this.state, {
          last_written: new Date().toISOString(),
          last_bytes: bytes,
          last_ms: Math.round(performance.now() - t0),
          last_error: undefined,
        });
      } catch (e) {
        this.state.last_error = (e as Error).message;
        this.log.warn({ err: (e as Error).message, file: this.file }, 'sparql: snapshot write failed');
      }
    };
    this.writing = run().finally(() => {
      this.writing = null;
    });
    return this.writing;
  }

  /** Background writes every `ms` (when the store changed). */
  every(ms: number) {
    if (!(ms > 0)) return;
    this.timer = setInterval(() => void this.write(), ms);
    this.timer.unref();
  }

  stop() {
    if (this.timer) clearInterval(this.timer);
  }
}
