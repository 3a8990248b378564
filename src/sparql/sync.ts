// Keeps the SPARQL store equal to the catalogue: rebuilt from PostgreSQL at start through the same
// DCAT mapping as the feeds, then kept current from the write outbox (consumer "sparql").
//
// Graph layout: one named graph per dataset (its IRI) with its distributions, catalogue record and links
// from the catalogue; `{base}/catalog` holds the catalogue, organizations and spheres (described once);
// `{base}/vocab` Pasport's vocabulary and concept schemes. Active public datasets are public graphs;
// private and draft ones are kept for sysadmins' queries only (store.ts); deleted ones nowhere.
//
// Timing. A dataset made private, draft or deleted leaves the public copy before the write returns
// (removeNow, called by the module's change listener). Every other change is eventual: the drain wakes
// on the 'outbox' event after each commit (and every 2 s), so an update is queryable once the drain
// has mapped it — milliseconds when idle; a backlog (an organization rename re-mapping its datasets)
// delays it by its length. status_show reports `index_lag.sparql` (pending, oldest, last_error).
import type { Quad } from '@rdfjs/types';
import type { Services } from '../services.ts';
import type { BulkEntry, SparqlStore } from './store.ts';
import { affectedPackages } from '../search/affected.ts';
import type { MappingContext } from '../rdf/types.ts';
import { mappingContext } from '../dcat/context.ts';
import { loadPackages, type PackageDict } from '../packages/dictize.ts';
import {
  catalogQuads,
  catalogRecordQuads,
  datasetQuads,
  organizationQuads,
  sphereQuads,
  sphereSchemeQuads,
  structureSchemeQuads,
  isPublishable,
} from '../rdf/mapping.ts';
import { makeUris } from '../rdf/uris.ts';
import { dcat } from '../rdf/namespaces.ts';
import { toNTriples } from '../rdf/serialize.ts';
import { pasportVocabularyQuads } from '../rdf/vocabulary.ts';
import { DataFactory } from 'n3';
import { sql } from 'kysely';
import { contiguousEntries, recordFailure, type OutboxEntry } from '../outbox.ts';

export const SPARQL_CONSUMER = 'sparql';
const BATCH = 500;
const STEP = 50;
/** An outbox gap this old is a rolled-back transaction, not one still committing (as the other consumers). */
const GAP_WAIT_MS = 10_000;

/** How far a rebuild is: rows of `package` walked so far out of those present when it began. */
export interface LoadProgress {
  loaded: number;
  total: number;
}

export interface RebuildOptions {
  /** Called once the total is counted and after each batch is in the store. */
  onProgress?: (p: LoadProgress) => void;
  /** Called after each batch is in the store, and awaited (the tests hold the load here). */
  afterBatch?: (p: LoadProgress) => void | Promise<void>;
  /** Datasets per batch (default 500). */
  batch?: number;
}

export interface DatasetGraphSource {
  /** Extra graphs to publish beside a dataset (e.g. its DataStore records), keyed by graph IRI. */
  extraGraphs?(services: Services, pkg: PackageDict): Promise<{ graph: string; data: string }[]>;
  /** Graph IRIs an extra source may have written for a dataset, to drop with it. */
  extraGraphIris?(services: Services, pkg: Pick<PackageDict, 'id'>): Promise<string[]>;
}

export class SparqlSync {
  private ctx: MappingContext | null = null;
  private sharedSeen = new Set<string>();
  private running = false;
  private stopped = false;
  /** Off until start(): the consumer must not apply changes while a rebuild is still filling the store. */
  private live = false;
  private timer: NodeJS.Timeout | null = null;
  private waiters: (() => void)[] = [];
  private failures = 0;
  private readonly onOutbox = () => this.kick();
  /** Datasets taken out of the public store before their write returned (status_show). */
  removedNow = 0;
  /**
   * The last outbox entry this instance's store has applied. Each instance has its own store, so each
   * keeps its own position (and its snapshot records it); the shared `outbox_cursor` row `sparql` only
   * shows the most advanced instance, for status_show and metrics. Before, instances shared that row and
   * one instance applying an entry meant the others never did.
   */
  position = 0;
  /** Dataset steps of the drain and immediate removals run one at a time (see removeNow). */
  private gate: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly services: Services,
    private readonly store: SparqlStore,
    private readonly extra: DatasetGraphSource = {},
    private readonly log?: { warn(o: object, m: string): void },
  ) {}

  private uris() {
    return makeUris(this.services.config.siteUrl);
  }

  private async context(): Promise<MappingContext> {
    this.ctx ??= await mappingContext(this.services);
    return this.ctx;
  }

  /** The catalogue graph; also fills `sharedSeen` so dataset graphs do not repeat what it describes. */
  private async catalogGraph(): Promise<string> {
    const ctx = await this.context();
    const seen = new Set<string>();
    const quads: Quad[] = catalogQuads(ctx, [], { seen });
    for (const org of Object.values(ctx.organizations)) quads.push(...organizationQuads(org, ctx, { seen }));
    for (const sphere of Object.values(ctx.spheres)) quads.push(...sphereQuads(sphere, ctx, { seen }));
    this.sharedSeen = seen;
    return toNTriples(quads);
  }

  private async vocabGraph(): Promise<string> {
    const ctx = await this.context();
    return toNTriples([
      ...pasportVocabularyQuads(this.services.config.vocabNs),
      ...sphereSchemeQuads(ctx),
      ...structureSchemeQuads(ctx),
    ]);
  }

  /** A dataset's own graph, or null when it must not be published at all (deleted). */
  private async datasetGraph(pkg: PackageDict): Promise<{ data: string; public: boolean } | null> {
    if (pkg.state === 'deleted' || pkg.type !== 'dataset') return null;
    const isPublic = isPublishable(pkg);
    // Only what may be published is mapped, so a non-public dataset is mapped as if published.
    const view = isPublic ? pkg : { ...pkg, private: false, state: 'active' };
    const ctx = await this.context();
    const seen = new Set(this.sharedSeen);
    const opts = { seen, describeTerms: false };
    const u = this.uris();
    const quads = [...datasetQuads(view, ctx, opts), ...catalogRecordQuads(view, ctx, opts)];
    const cat = DataFactory.namedNode(u.catalog());
    const ds = DataFactory.namedNode(u.dataset(pkg.id));
    quads.push(
      DataFactory.quad(cat, dcat('dataset'), ds),
      DataFactory.quad(cat, dcat('record'), DataFactory.namedNode(u.catalogRecord(pkg.id))),
    );
    return { data: toNTriples(quads), public: isPublic };
  }

  /**
   * Re-maps a step of datasets, sent in one bulk replace (one message per worker, atomic for queries):
   * one round trip per graph made a flood of changes (a quality backfill, an organization renamed with
   * thousands of datasets) slow. Like the rebuild, it parses our own mapping's output leniently.
   */
  private async syncDatasets(ids: string[]): Promise<void> {
    const dicts = await loadPackages(this.services.db, ids, this.services.config);
    const u = this.uris();
    const entries: BulkEntry[] = [];
    for (const id of ids) {
      const pkg = dicts.get(id);
      const graph = u.dataset(id);
      const g = pkg ? await this.datasetGraph(pkg) : null;
      if (!g) {
        if (this.store.hasGraph(graph)) await this.store.dropGraph(graph);
        if (pkg)
          for (const iri of (await this.extra.extraGraphIris?.(this.services, pkg)) ?? [])
            if (this.store.hasGraph(iri)) await this.store.dropGraph(iri);
        continue;
      }
      entries.push({ graph, data: g.data, public: g.public });
      for (const x of (await this.extra.extraGraphs?.(this.services, pkg!)) ?? [])
        entries.push({ graph: x.graph, data: x.data, public: g.public });
    }
    if (!entries.length) return;
    const r = await this.store.loadBulk(entries);
    // As when each graph was replaced alone: a graph not written fails the step, which the drain
    // retries (an external store may have been unreachable), and the position does not move past it.
    if (r.failed.length)
      throw new Error(`${r.failed.length} graphs not written, e.g. <${r.failed[0].graph}>: ${r.failed[0].error}`);
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.gate.then(fn, fn);
    this.gate = run.catch(() => {});
    return run;
  }

  /**
   * A write that made datasets private, draft or deleted calls this before it returns: their graphs,
   * and their DataStore records' graphs, leave the public store now rather than at the next drain
   * (a deleted one leaves the sysadmins' copy too; a private one stays there until the drain
   * re-maps it). It runs exclusive of the drain's dataset steps, which read the database inside
   * their turn: a step that read a dataset before the write cannot publish it again after this, and
   * a step after this reads the new state. Datasets still public cost one indexed query, no wait.
   */
  async removeNow(ids: string[]): Promise<number> {
    const u = this.uris();
    const graphsOf = async (id: string) => [
      u.dataset(id),
      ...((await this.extra.extraGraphIris?.(this.services, { id })) ?? []),
    ];
    const shown: string[] = [];
    for (const id of new Set(ids)) if ((await graphsOf(id)).some((g) => this.store.hasPublicGraph(g))) shown.push(id);
    if (!shown.length) return 0;
    const hidden = async () => {
      const rows = await this.services.db
        .selectFrom('package')
        .select(['id', 'state', 'private', 'type'])
        .where('id', 'in', shown)
        .execute();
      const byId = new Map(rows.map((r) => [r.id, r]));
      return shown
        .map((id) => ({ id, row: byId.get(id) }))
        .filter(({ row }) => !row || row.state !== 'active' || row.private || row.type !== 'dataset');
    };
    if (!(await hidden()).length) return 0;
    return this.exclusive(async () => {
      let n = 0;
      for (const { id, row } of await hidden()) {
        for (const g of await graphsOf(id)) {
          if (!row || row.state === 'deleted') await this.store.dropGraph(g);
          else await this.store.unpublish(g);
        }
        n++;
      }
      this.removedNow += n;
      return n;
    });
  }

  /**
   * Loads everything from the database. The cursor is placed first, so a write made while the rebuild
   * runs is replayed by the consumer once start() is called, whether or not the rebuild already saw it
   * (re-applying a change is idempotent: each graph is replaced whole).
   */
  async rebuild(opts: RebuildOptions = {}): Promise<{ datasets: number }> {
    const batch = opts.batch ?? BATCH;
    await this.advance(await this.outboxMax());
    const totalRow = await this.services.db
      .selectFrom('package')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('state', '!=', 'deleted')
      .executeTakeFirst();
    const total = Number(totalRow?.n ?? 0);
    let walked = 0;
    opts.onProgress?.({ loaded: 0, total });
    await this.refreshShared();
    const u = this.uris();
    let after = '00000000-0000-0000-0000-000000000000';
    let count = 0;
    for (;;) {
      if (this.stopped) break;
      const ids = (
        await this.services.db
          .selectFrom('package')
          .select('id')
          .where('state', '!=', 'deleted')
          .where('id', '>', after)
          .orderBy('id')
          .limit(batch)
          .execute()
      ).map((r) => r.id);
      if (!ids.length) break;
      const dicts = await loadPackages(this.services.db, ids, this.services.config);
      const entries: { graph: string; data: string; public: boolean }[] = [];
      for (const id of ids) {
        const pkg = dicts.get(id);
        const g = pkg ? await this.datasetGraph(pkg) : null;
        if (!g || !pkg) continue;
        entries.push({ graph: u.dataset(id), data: g.data, public: g.public });
        for (const x of (await this.extra.extraGraphs?.(this.services, pkg)) ?? [])
          entries.push({ ...x, public: g.public });
      }
      const r = await this.store.loadBulk(entries);
      if (r.failed.length) this.log?.warn({ failed: r.failed.slice(0, 5) }, 'sparql: some graphs failed to load');
      count += entries.length;
      after = ids[ids.length - 1];
      walked += ids.length;
      // Datasets created during the load can push the count past the starting total.
      const p = { loaded: walked, total: Math.max(total, walked) };
      opts.onProgress?.(p);
      await opts.afterBatch?.(p);
    }
    return { datasets: count };
  }

  /** The catalogue and vocabulary graphs, mapped afresh (also primes what dataset graphs leave out). */
  async refreshShared(): Promise<void> {
    this.ctx = null;
    const u = this.uris();
    await this.store.loadBulk([
      { graph: u.catalog(), data: await this.catalogGraph(), public: true },
      { graph: `${u.base}/vocab`, data: await this.vocabGraph(), public: true },
    ]);
  }

  async outboxMax(): Promise<number> {
    const max = await this.services.db
      .selectFrom('outbox')
      .select((eb) => eb.fn.max('id').as('m'))
      .executeTakeFirst();
    return Number(max?.m ?? 0);
  }

  /** Records that every entry up to `id` is applied: here, and in the shared row (never backwards). */
  async advance(id: number): Promise<void> {
    this.position = id;
    await this.services.db
      .insertInto('outbox_cursor')
      .values({ consumer: SPARQL_CONSUMER, last_id: id, failures: 0, last_error: null })
      .onConflict((oc) =>
        oc
          .column('consumer')
          .doUpdateSet({ last_id: sql<number>`GREATEST(outbox_cursor.last_id, ${id})`, failures: 0, last_error: null }),
      )
      .execute();
  }

  start(): void {
    if (this.stopped) return;
    this.live = true;
    this.services.events.on('outbox', this.onOutbox);
    this.timer = setInterval(() => this.kick(), 2000);
    this.timer.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.services.events.off('outbox', this.onOutbox);
    if (this.timer) clearInterval(this.timer);
    while (this.running) await new Promise((r) => setTimeout(r, 20));
  }

  /** Applies every outbox entry after the position now, before the consumer is live (snapshot start). */
  async catchUp(): Promise<void> {
    while (!this.stopped && this.position < (await this.outboxMax())) {
      const before = this.position;
      await this.drain();
      // Stopped at a gap: give the transaction behind it a moment to commit.
      if (this.position === before) await new Promise((r) => setTimeout(r, 50));
    }
  }

  kick(): void {
    if (this.running || this.stopped || !this.live) return;
    this.running = true;
    void this.drain().finally(() => {
      this.running = false;
    });
  }

  private async drain(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      const read = await this.services.db
        .selectFrom('outbox')
        .selectAll()
        .where('id', '>', this.position)
        .orderBy('id')
        .limit(200)
        .execute()
        .catch(() => []);
      if (!read.length) {
        this.waiters.splice(0).forEach((w) => w());
        return;
      }
      // Up to a gap only (a write still committing): the commit that fills it wakes the drain again.
      const entries = contiguousEntries(this.position, read as OutboxEntry[], GAP_WAIT_MS);
      if (!entries.length) return;
      try {
        // Organization and sphere names are embedded in dataset graphs: the shared graphs are mapped
        // afresh, and the datasets a change touches (the same rule as the search index) are re-mapped.
        if (entries.some((e) => e.topic === 'organization' || e.topic === 'group' || e.topic === 'structure'))
          await this.refreshShared();
        const ids = await affectedPackages(this.services.db, entries);
        // Small steps: an immediate removal waits for at most one of them.
        for (let i = 0; i < ids.length; i += STEP)
          await this.exclusive(() => this.syncDatasets(ids.slice(i, i + STEP)));
        await this.advance(Number(entries[entries.length - 1].id));
        this.failures = 0;
      } catch (err) {
        this.failures++;
        console.error('SYNCFAIL', (err as Error).stack);
        await recordFailure(this.services.db, SPARQL_CONSUMER, (err as Error).message).catch(() => {});
        this.log?.warn({ err: (err as Error).message, failures: this.failures }, 'sparql sync failed; retrying');
        await new Promise((r) => setTimeout(r, Math.min(30000, 200 * 2 ** this.failures)));
      }
    }
  }

  /** Resolves once every outbox entry written so far has been applied. */
  async settle(timeoutMs = 30000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const max = await this.outboxMax();
      const cur = this.position;
      if (cur >= max) return;
      if (Date.now() > deadline) throw new Error(`sparql sync did not settle (${cur} < ${max})`);
      this.kick();
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
